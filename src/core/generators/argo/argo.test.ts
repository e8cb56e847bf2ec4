import { describe, expect, it } from 'vitest';
import { compile } from '../../index.ts';
import { parsePromql } from '../../promql/parse.ts';
import type { AnalysisTemplate } from './index.ts';

const spec = (tier: string, gate = '', extra = ''): string => `service:
  name: svc
  team: t
  tier: ${tier}
  type: api
resources:
  - kind: SLO
    name: availability
    spec:
      objective: 99.9
${extra}${gate ? `  - kind: DeploymentGate\n    name: gate\n    spec:\n${gate}` : ''}`;

function build(text: string) {
  const r = compile({ file: 'svc.yaml', text, output: { argoRollouts: true } });
  expect(r.ok, JSON.stringify(r.diagnostics.filter((d) => d.severity === 'error'))).toBe(true);
  const artifact = r.bundle!.artifacts.find((a) => a.file === 'argo-analysis-template.yaml');
  return {
    template: artifact?.data as AnalysisTemplate | undefined,
    codes: r.diagnostics.map((d) => `${d.severity} ${d.code}`),
    files: r.bundle!.files.map((f) => f.path),
  };
}
const conditions = (text: string): string[] => build(text).template!.spec.metrics.map((m) => m.successCondition);

describe('the Argo AnalysisTemplate of the deploy gate', () => {
  it.each([
    ['a critical tier blocks below 10 %', spec('critical'), 'len(result) == 1 && result[0] >= 0.1'],
    ['a high tier blocks below 5 %', spec('high'), 'len(result) == 1 && result[0] >= 0.05'],
    [
      'a DeploymentGate threshold wins over the tier',
      spec('critical', '      thresholds: {blocking: 25}\n'),
      'len(result) == 1 && result[0] >= 0.25',
    ],
    [
      'freeze_deploys without a threshold blocks an exhausted budget',
      spec('standard', '      on_exhausted: [freeze_deploys]\n'),
      'len(result) == 1 && result[0] > 0',
    ],
    [
      'a blocking threshold of 0 blocks below 0',
      spec('critical', '      thresholds: {blocking: 0}\n'),
      'len(result) == 1 && result[0] >= 0',
    ],
    [
      'on_no_data: allow lets an empty result through',
      spec('critical', '      on_no_data: allow\n'),
      'len(result) == 0 || (len(result) == 1 && result[0] >= 0.1)',
    ],
    ['no blocking threshold still fails closed without data', spec('standard'), 'len(result) == 1'],
  ])('%s', (_, text, budget) => {
    expect(conditions(text)).toEqual([budget, 'len(result) == 1 && result[0] == 0']);
  });

  it('is written only when asked for, and listed in the manifest', () => {
    expect(compile({ file: 'svc.yaml', text: spec('critical') }).bundle!.files.map((f) => f.path)).not.toContain(
      'svc/argo-analysis-template.yaml',
    );
    const { files } = build(spec('critical'));
    expect(files).toContain('svc/argo-analysis-template.yaml');
    const r = compile({ file: 'svc.yaml', text: spec('critical'), output: { argoRollouts: true } });
    const manifest = JSON.parse(r.bundle!.files.find((f) => f.path === 'svc/manifest.json')!.content) as { files: { path: string }[] };
    expect(manifest.files.map((f) => f.path)).toContain('argo-analysis-template.yaml');
  });

  it('says what it cannot express: gate conditions, team exceptions, no blocking threshold', () => {
    expect(build(spec('critical', '      exceptions: [{team: sre, allow: always}]\n')).codes).toContain(
      'warning argo/gate-rules-not-translated',
    );
    expect(build(spec('standard')).codes).toContain('warning argo/no-blocking-threshold');
    expect(build(spec('critical')).codes.filter((c) => c.includes('argo/'))).toEqual([]);
  });

  it("the page-burn query uses the enabled page tiers' windows and factors from the SLO facts, and every query parses", () => {
    const t = build(spec('critical', '', '      alerting:\n        page_slow: {enabled: false}\n')).template!;
    const burn = t.spec.metrics.find((m) => m.name === 'availability-page-burn')!.provider.prometheus.query;
    expect(burn).toContain('slo:sli_error:ratio_rate1h{service="svc",slo="availability"} / 0.001 > 14.4');
    expect(burn).toContain('slo:sli_error:ratio_rate5m{service="svc",slo="availability"} / 0.001 > 14.4');
    expect(burn).not.toContain('ratio_rate6h');
    for (const m of t.spec.metrics) expect(parsePromql(m.provider.prometheus.query).errors, m.provider.prometheus.query).toEqual([]);
  });

  it('a 7d SLO gates on its own scaled windows', () => {
    const t = build(spec('critical', '', '      window: 7d\n')).template!;
    expect(t.spec.metrics[1]!.provider.prometheus.query).toContain(
      'slo:sli_error:ratio_rate14m{service="svc",slo="availability"} / 0.001 > 14.4',
    );
  });

  it('a service without SLOs gets no template and a note', () => {
    const r = compile({
      file: 'svc.yaml',
      text: 'service:\n  name: svc\n  team: t\n  tier: low\n  type: api\n',
      output: { argoRollouts: true },
    });
    expect(r.bundle!.files.map((f) => f.path)).not.toContain('svc/argo-analysis-template.yaml');
    expect(r.diagnostics.map((d) => d.code)).toContain('argo/no-slos');
  });
});
