/**
 * One fact, one place: every surface that shows a fact derived from the spec shows the same
 * value, for every example in every environment. The CLI's `slo show --format json`, the
 * studio's SLO view (through the exact function its worker runs), the alert rules, the OpenSLO
 * export, the dashboard and the manifest are compared with each other.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { main } from '../src/cli/main.ts';
import { compile, environmentFileCandidates, sloFacts, sloFactsJson, type CompileResult } from '../src/core/index.ts';
import { parseDuration } from '../src/core/units.ts';
import { runCompile } from '../src/ui/preview/compile-request.ts';

const examples = readdirSync('examples')
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const ENVIRONMENTS = ['', 'dev', 'staging', 'prod'];

interface Variant {
  name: string;
  file: string;
  env: string;
  text: string;
  environments: { file: string; text: string }[];
}

function variants(): Variant[] {
  const out: Variant[] = [];
  for (const f of examples) {
    const file = `examples/${f}`;
    const text = readFileSync(file, 'utf8');
    const service = compile({ file, text }).model?.name ?? '';
    for (const env of ENVIRONMENTS) {
      const environments = env
        ? environmentFileCandidates(file, service, env)
            .filter((p) => {
              try {
                readFileSync(p);
                return true;
              } catch {
                return false;
              }
            })
            .map((p) => ({ file: p, text: readFileSync(p, 'utf8') }))
        : [];
      if (env && environments.length === 0) continue;
      out.push({ name: `${f}${env ? ` --env ${env}` : ''}`, file, env, text, environments });
    }
  }
  return out;
}

const compiled = (v: Variant): CompileResult =>
  compile({ file: v.file, text: v.text, environments: v.environments, ...(v.env ? { environment: v.env } : {}) });
const fileText = (r: CompileResult, name: string): string | undefined => r.bundle!.files.find((f) => f.path.endsWith(`/${name}`))?.content;

type Rule = {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};
const rulesOf = (text: string | undefined): Rule[] =>
  text ? (parse(text) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules) : [];

async function cli(...argv: string[]): Promise<string> {
  const out: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: () => undefined, color: false });
  expect(code).toBe(0);
  return out.join('\n');
}

describe('every example in every environment', () => {
  for (const v of variants()) {
    it(`${v.name}: alerts, OpenSLO, slo show, the studio and the dashboard agree`, async () => {
      const r = compiled(v);
      expect(r.ok, JSON.stringify(r.diagnostics.filter((d) => d.severity === 'error'))).toBe(true);
      const model = r.model!;
      const facts = model.slos.map((s) => sloFactsJson(sloFacts(model, s)));

      // `slo show --format json` prints the core's facts.
      const shown = JSON.parse(await cli('slo', 'show', '--format', 'json', ...(v.env ? ['--env', v.env] : []), v.file)) as {
        slos: unknown[];
      };
      expect(shown.slos).toEqual(facts);

      // The studio's SLO view, through the function its worker runs, shows the same facts.
      const envFiles = v.environments.map((e) => ({ path: e.file, text: e.text }));
      const studio = runCompile({ seq: 1, file: v.file, text: v.text, environment: v.env, environmentFiles: envFiles }, () => 0);
      expect(studio.slos?.map(({ description: _d, indicatorType: _i, ...f }) => f)).toEqual(facts);

      // Every burn-rate alert's `for` and factor equal the facts and OpenSLO's alertAfter.
      const alerts = rulesOf(fileText(r, 'alerts.yaml')).filter((x) => x.alert);
      const openslo = parseAllDocuments(fileText(r, 'slos.openslo.yaml') ?? '').map(
        (d) =>
          d.toJS() as {
            kind: string;
            spec: {
              alertPolicies?: {
                metadata: { name: string };
                spec: { conditions: { spec: { condition: { alertAfter: string; threshold: number; lookbackWindow: string } } }[] };
              }[];
            };
          },
      );
      const policies = openslo.filter((d) => d.kind === 'SLO').flatMap((d) => d.spec.alertPolicies ?? []);
      for (const f of facts) {
        for (const t of f.tiers) {
          const rule = alerts.find((a) => a.labels?.slo === f.slo && a.labels?.burn_tier === t.name);
          const policy = policies.find((p) => p.metadata.name.endsWith(`-${f.slo}-${t.name.replace('_', '-')}`));
          if (!t.enabled) {
            expect(rule, `${f.slo} ${t.name}`).toBeUndefined();
            continue;
          }
          expect(parseDuration(rule!.for ?? '0s'), `${f.slo} ${t.name} for`).toBe(t.forSeconds);
          expect(rule!.expr).toContain(`> ${t.factor}\n`);
          const c = policy!.spec.conditions[0]!.spec.condition;
          expect(parseDuration(c.alertAfter), `${f.slo} ${t.name} alertAfter`).toBe(t.forSeconds);
          expect(c.threshold).toBe(t.factor);
          expect(parseDuration(c.lookbackWindow)).toBe(t.longWindowSeconds);
        }
      }

      // Every alert links to the dashboard that is generated.
      const uid = (JSON.parse(fileText(r, 'dashboard.json')!) as { uid: string }).uid;
      const linked = [...alerts, ...rulesOf(fileText(r, 'loki-alerts.yaml'))].map((a) => a.annotations?.dashboard_url);
      expect(linked.length).toBeGreaterThan(0);
      for (const u of linked) expect(u).toBe(model.dashboardUrl ?? `/d/${uid}`);

      // manifest.json counts what the files contain.
      const manifest = JSON.parse(fileText(r, 'manifest.json')!) as {
        files: { path: string; bytes: number; counts: Record<string, number> }[];
      };
      const rec = manifest.files.find((f) => f.path === 'recording-rules.yaml')!;
      expect(rec.counts.recordingRules).toBe(rulesOf(fileText(r, 'recording-rules.yaml')).length);
      const al = manifest.files.find((f) => f.path === 'alerts.yaml')!;
      expect(al.counts.sloAlerts! + al.counts.technologyAlerts!).toBe(alerts.length);
      for (const f of manifest.files)
        expect(f.bytes).toBe(Buffer.byteLength(r.bundle!.files.find((x) => x.path.endsWith(f.path.replace(/^\.\.\//, '')))!.content));
    });
  }
});

describe('facts that drifted apart before', () => {
  const service = (name: string, extra = '') =>
    `service:\n  name: ${name}\n  team: t\n  tier: critical\n  type: api\nresources:\n  - kind: SLO\n    name: availability\n    spec:\n      objective: 99.9\n${extra}`;

  it('kind: Alerts for_duration reaches the alerts, OpenSLO alertAfter and slo show alike', () => {
    const r = compile({
      file: 's.yaml',
      text: `${service('svc')}  - kind: Alerts\n    name: a\n    spec:\n      for_duration: {page: 10m, ticket: 2h}\n`,
    });
    const f = sloFactsJson(sloFacts(r.model!, r.model!.slos[0]!));
    expect(f.tiers.map((t) => [t.forSeconds, t.forSource])).toEqual([
      [600, 'alerts'],
      [600, 'alerts'],
      [7200, 'alerts'],
      [7200, 'alerts'],
    ]);
    const after = parseAllDocuments(fileText(r, 'slos.openslo.yaml')!)
      .flatMap(
        (d) =>
          (d.toJS() as { spec?: { alertPolicies?: { spec: { conditions: { spec: { condition: { alertAfter: string } } }[] } }[] } }).spec
            ?.alertPolicies ?? [],
      )
      .map((p) => p.spec.conditions[0]!.spec.condition.alertAfter);
    expect(after).toEqual(['10m', '10m', '2h', '2h']);
  });

  it.each([40, 41, 63])('a %i-character service name links every alert to the dashboard uid', (n) => {
    const name = `s${'x'.repeat(n - 1)}`;
    const r = compile({ file: `${name}.yaml`, text: service(name) });
    const uid = (JSON.parse(fileText(r, 'dashboard.json')!) as { uid: string }).uid;
    expect(uid.length).toBeLessThanOrEqual(40);
    for (const a of rulesOf(fileText(r, 'alerts.yaml')).filter((x) => x.alert)) expect(a.annotations!.dashboard_url).toBe(`/d/${uid}`);
  });

  it('two long names that share 40 characters get different uids', () => {
    const uid = (n: string) =>
      (JSON.parse(fileText(compile({ file: `${n}.yaml`, text: service(n) }), 'dashboard.json')!) as { uid: string }).uid;
    const base = `a${'b'.repeat(45)}`;
    expect(uid(`${base}-one`)).not.toBe(uid(`${base}-two`));
  });

  it('a ratio_query SLO: the manifest cost counts the 11 series the file records', () => {
    const r = compile({
      file: 's.yaml',
      text: service('svc', '      indicator:\n        ratio_query: sum(rate(errors_total[5m])) / sum(rate(requests_total[5m]))\n'),
    });
    const written = rulesOf(fileText(r, 'recording-rules.yaml')).filter((x) => x.labels?.slo === 'availability');
    const cost = (JSON.parse(fileText(r, 'manifest.json')!) as { cost: { slos: { nthlayer: { recordedSeries: number } }[] } }).cost
      .slos[0]!;
    expect(written.length).toBe(11);
    expect(cost.nthlayer.recordedSeries).toBe(11);
  });

  it('the dashboard budget stat is coloured by the status bands the CLI reports', () => {
    const r = compile({ file: 's.yaml', text: service('svc') });
    const dash = JSON.parse(fileText(r, 'dashboard.json')!) as {
      panels: { title: string; fieldConfig?: { defaults?: { thresholds?: { steps: { color: string; value: number | null }[] } } } }[];
    };
    const stat = dash.panels.find((p) => p.title === 'availability: error budget left')!;
    // Warning from 50 % consumed (50 % left), critical from 80 % consumed (20 % left).
    expect(stat.fieldConfig!.defaults!.thresholds!.steps.map((s) => [s.color, s.value])).toEqual([
      ['red', null],
      ['yellow', 0.2],
      ['green', 0.5],
    ]);
  });
});
