import { describe, expect, it } from 'vitest';
import { annotationLabels, bindExpr, keptLabels, metricTypeProblems } from './expr.ts';
import type { MetricType } from './types.ts';

const types = new Map<string, MetricType>([
  ['req_total', 'counter'],
  ['conns', 'gauge'],
  ['lat_bucket', 'histogram'],
]);

describe('bindExpr', () => {
  const cases: [string, string, Parameters<typeof bindExpr>[1], string][] = [
    [
      'adds matchers to a bare selector',
      'sum(rate(req_total[5m]))',
      { matchers: [{ name: 'instance', op: '=~', value: '$pg' }] },
      'sum(rate(req_total{instance=~"$pg"}[5m]))',
    ],
    [
      "puts added matchers before the template's own",
      'conns{state="active"}',
      { matchers: [{ name: 'job', op: '=', value: 'x' }] },
      'conns{job="x",state="active"}',
    ],
    ['keeps a matcher the template already sets', 'conns{job="y"}', { matchers: [{ name: 'job', op: '=', value: 'x' }] }, 'conns{job="y"}'],
    [
      'renames a metric everywhere it appears',
      'conns / max(conns)',
      { rename: new Map([['conns', 'my_conns']]) },
      'my_conns / max(my_conns)',
    ],
    [
      'relabels matchers and grouping labels',
      'sum by (code) (rate(req_total{code=~"5.."}[5m]))',
      { relabel: new Map([['code', 'status']]) },
      'sum by (status) (rate(req_total{status=~"5.."}[5m]))',
    ],
    ['leaves an expression without changes untouched', 'time() - conns', {}, 'time() - conns'],
  ];
  for (const [name, expr, options, want] of cases) it(name, () => expect(bindExpr(expr, options)).toBe(want));

  it('throws on a template that does not parse', () => {
    expect(() => bindExpr('sum(rate(x[5m])', {})).toThrow(/does not parse/);
  });
});

describe('metricTypeProblems', () => {
  const cases: [string, string, string[]][] = [
    ['a counter under rate is fine', 'sum(rate(req_total[5m]))', []],
    ['a histogram bucket under rate is fine', 'histogram_quantile(0.9, sum by (le) (rate(lat_bucket[5m])))', []],
    ['a gauge read directly is fine', 'max(conns) > 3', []],
    ['a gauge under max_over_time is fine', 'max_over_time(conns[5m])', []],
    ['a bare counter is a problem', 'req_total > 5', ['counter req_total is read without rate/irate/increase']],
    ['a counter under delta is a problem', 'delta(req_total[5m])', ['counter req_total is read without rate/irate/increase']],
    ['a gauge under rate is a problem', 'rate(conns[5m])', ['gauge conns is wrapped in rate()']],
    ['an undeclared metric is a problem', 'other_metric', ['other_metric is not declared in the metrics table']],
  ];
  for (const [name, expr, want] of cases) it(name, () => expect(metricTypeProblems(expr, types)).toEqual(want));
});

describe('keptLabels', () => {
  const cases: [string, string, string[] | undefined][] = [
    ['a plain comparison keeps every label', 'conns > 3', undefined],
    ['sum by keeps its grouping labels', 'sum by (instance, job) (conns) > 3', ['instance', 'job']],
    ['a bare sum keeps none', 'sum(conns) > 3', []],
    ['histogram_quantile drops le', 'histogram_quantile(0.99, sum by (instance, le) (rate(lat_bucket[5m]))) > 1', ['instance']],
    ["a ratio keeps the left side's labels", 'sum by (queue) (conns) / sum by (queue) (conns) > 0.5', ['queue']],
    ["time() minus a gauge keeps the gauge's labels", 'time() - conns > 60', undefined],
  ];
  for (const [name, expr, want] of cases) {
    it(name, () => {
      const got = keptLabels(expr);
      expect(got === undefined ? undefined : [...got].sort()).toEqual(want);
    });
  }
});

describe('annotationLabels', () => {
  it('finds every $labels reference once', () => {
    expect(annotationLabels('{{ $labels.instance }} / {{ $labels.job }} {{ $labels.instance }}')).toEqual(['instance', 'job']);
  });
});
