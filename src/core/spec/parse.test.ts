import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../index.ts';
import { parseSpec } from './parse.ts';
import { MAX_SPEC_BYTES } from './source.ts';
import { closest } from './validate.ts';

const minimal = (extra = '') => `service:\n  name: svc\n  team: t\n  tier: low\n  type: api\n${extra}`;

describe('parseSpec', () => {
  it('accepts a minimal spec with no resources', () => {
    const r = parseSpec(minimal());
    expect(r.diagnostics).toEqual([]);
    expect(r.spec?.service.name).toBe('svc');
  });

  it('reports an unknown field as a warning with a did-you-mean, and keeps the rest', () => {
    const r = parseSpec(minimal('  runbok_url: https://x\n'));
    expect(r.spec?.service.team).toBe('t');
    const d = r.diagnostics.find((x) => x.code === 'schema/unknown-field');
    expect(d).toMatchObject({ severity: 'warning', line: 6, column: 3, hint: 'did you mean `runbook_url`?' });
  });

  it('refuses a 10 MB file before parsing it', () => {
    const text = minimal(`# ${'x'.repeat(10 * 1024 * 1024)}\n`);
    const t0 = performance.now();
    const r = parseSpec(text);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(r.spec).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', code: 'yaml/too-large', line: 1, column: 1 });
    expect(r.diagnostics[0]!.message).toContain(`limit`);
    expect(text.length).toBeGreaterThan(MAX_SPEC_BYTES);
  });

  it('stops a billion-laughs alias bomb of 100 000+ nodes', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 6; i++)
      levels.push(
        `l${i}: &l${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(', ')}]`,
      );
    const r = parseSpec(`${levels.join('\n')}\n${minimal()}`);
    expect(r.spec).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', code: 'yaml/alias-limit' });
  });

  it('reports the position of a PromQL error inside a single-line quoted query', () => {
    const r = parseSpec(
      minimal(`resources:
  - kind: SLO
    name: a
    spec:
      objective: 99
      indicators:
        - success_ratio:
            total_query: "sum(rate(x[5m]))"
            good_query: "sum(rate(y[5m]) by"
`),
    );
    const d = r.diagnostics.find((x) => x.code === 'promql/syntax');
    expect(d).toBeDefined();
    expect(d!.line).toBe(14);
    expect(d!.path).toBe('resources[0].spec.indicators[0].success_ratio.good_query');
  });

  it('warns about unknown ${variables} at their position', () => {
    const r = parseSpec(
      minimal(`resources:
  - kind: SLO
    name: a
    spec:
      objective: 99
      indicator:
        query: sum(rate(x{svc="\${servce}"}[5m])) / sum(rate(x[5m]))
`),
    );
    const d = r.diagnostics.find((x) => x.code === 'spec/unknown-variable');
    expect(d).toMatchObject({ severity: 'warning', line: 12, column: 32, hint: 'did you mean ${service}?' });
  });

  it('rejects objective 100 and warns when an objective looks like a ratio', () => {
    const slo = (o: number) => minimal(`resources:\n  - kind: SLO\n    name: a\n    spec:\n      objective: ${o}\n`);
    expect(parseSpec(slo(100)).diagnostics.map((d) => d.code)).toContain('slo/objective-100');
    expect(parseSpec(slo(0.999)).diagnostics.map((d) => d.code)).toContain('slo/objective-looks-like-ratio');
  });

  it('checks the file name against the service name only when asked', () => {
    expect(parseSpec(minimal(), 'dir/other.yaml', { checkFileName: true }).diagnostics.map((d) => d.code)).toContain('spec/file-name');
    expect(parseSpec(minimal(), 'dir/svc.yaml', { checkFileName: true }).diagnostics).toEqual([]);
    expect(parseSpec(minimal(), 'dir/other.yaml').diagnostics).toEqual([]);
  });
});

describe('messages that fit the mistake', () => {
  const base = readFileSync('examples/payment-api.yaml', 'utf8');
  const check = (text: string) => compile({ file: 'payment-api.yaml', text }).diagnostics;

  it('a misspelt required field is one error at the misspelling, with a fix, not "must be one of" elsewhere', () => {
    const ds = check(base.replace('  tier: critical', '  teir: critical'));
    const teir = ds.filter((d) => d.path.startsWith('service.t'));
    expect(teir).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'schema/missing-field',
        line: 9,
        column: 3,
        path: 'service.teir',
        suggestion: 'tier',
        message: 'missing required field `tier`: `teir` looks like a misspelling of it',
      }),
    ]);
  });

  it('an empty `kind:` (half-typed) says it is empty, never "unknown resource kind null"', () => {
    const ds = check(base.replace('- kind: PagerDuty', '- kind:'));
    const kind = ds.find((d) => d.path.endsWith('.kind'));
    expect(kind).toMatchObject({ code: 'schema/missing-field', message: '`kind` is empty' });
    expect(ds.some((d) => /null/.test(d.message))).toBe(false);
  });

  it('a missing required field is reported at its mapping, and says it is missing', () => {
    const ds = check(base.replace('  tier: critical\n', ''));
    expect(ds.find((d) => d.code === 'schema/missing-field')).toMatchObject({
      line: 6,
      column: 1,
      message: 'missing required field `tier`',
    });
    expect(ds.some((d) => /must be one of/.test(d.message))).toBe(false);
  });

  it('suggestions count a swap of two letters as one edit and never name a key already present', () => {
    expect(closest('teir', ['team', 'tier'])).toBe('tier');
    expect(closest('windw', ['target', 'window'])).toBe('window');
    const ds = check(base.replace('  name: payment-api\n', '  name: payment-api\n  nmae: x\n'));
    const unknown = ds.find((d) => d.code === 'schema/unknown-field');
    expect(unknown?.hint).not.toContain('`name`');
  });

  it('an objective above 100 and a typo-low objective get messages that fit them', () => {
    const high = check(base.replace('objective: 99.95', 'objective: 120'));
    expect(high.find((d) => d.path === 'resources[0].spec.objective')).toMatchObject({
      severity: 'error',
      message: expect.stringContaining('more than 100%'),
    });
    const low = check(base.replace('objective: 99.95', 'objective: 12')).filter((d) => d.path === 'resources[0].spec.objective');
    expect(low).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'slo/objective-low',
        message: expect.stringContaining('lets 88% of events fail'),
      }),
    ]);
  });
});
