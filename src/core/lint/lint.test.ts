import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../index.ts';
import { seconds } from '../units.ts';
import { lintBundle, lintExpression } from './lint.ts';

const opts = { scrapeInterval: seconds(30), evaluationInterval: seconds(60) };
const lint = (expr: string) => lintExpression(expr, new Set(['job:requests:rate5m']), opts).map((f) => `${f.severity} ${f.check}`);

describe('PromQL lint', () => {
  it.each([
    ['sum(rate(http_requests_total[5m]))', []],
    ['sum(rate(http_requests_total[5m]', ['error syntax']],
    ['rate(pg_up[5m])', ['error rate-on-gauge']],
    ['rate(my_queue_depth[5m])', ['warning rate-on-gauge']],
    ['rate(http_requests_total[1m])', ['error short-range']],
    ['sum_over_time(job:requests:rate5m[3m])', ['error short-range']],
    ['sum_over_time(job:requests:rate5m[4m])', []],
    ['sum by (route) (rate(a_total[5m])) / sum(rate(b_total[5m]))', ['error ratio-grouping']],
    ['sum by (route) (rate(a_total[5m])) / sum by (route) (rate(b_total[5m]))', []],
    ['sum by (route) (rate(a_total[5m])) / on() group_left sum(rate(b_total[5m]))', []],
  ] as const)('%s → %j', (expr, expected) => {
    expect(lint(expr)).toEqual(expected);
  });

  it('every example lints without errors', () => {
    for (const f of readdirSync('examples').filter((x) => x.endsWith('.yaml'))) {
      const r = compile({ file: f, text: readFileSync(`examples/${f}`, 'utf8') });
      const errors = lintBundle(r.bundle!, opts).filter((x) => x.severity === 'error');
      expect(errors, f).toEqual([]);
    }
  });

  it('flags a user query with a short range in the SLO rules', () => {
    const r = compile({
      file: 's.yaml',
      text: 'service: {name: s, team: t, tier: low, type: api}\nresources:\n  - kind: SLO\n    name: a\n    spec:\n      objective: 99\n      indicator:\n        query: sum(rate(ok_total[1m])) / sum(rate(all_total[1m]))\n',
    });
    // The SLO engine rewrites [1m] to every alert window, so only windows it keeps short can fail.
    const findings = lintBundle(r.bundle!, opts).filter((x) => x.file === 'recording-rules.yaml');
    expect(findings).toEqual([]);
  });
});
