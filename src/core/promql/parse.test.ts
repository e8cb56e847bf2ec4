import { describe, expect, it } from 'vitest';
import { parsePromql, parseShape, promqlShape } from './parse.ts';

describe('promqlShape', () => {
  it('empties double-quoted strings and keeps names, ranges and numbers', () => {
    expect(promqlShape('sum(rate(http_requests_total{job="api",code=~"5.."}[5m])) / 0.001 > 14.4')).toBe(
      'sum(rate(http_requests_total{job="",code=~""}[5m])) / 0.001 > 14.4',
    );
    expect(promqlShape('x{a="say \\"hi\\"",b="c"}')).toBe('x{a="",b=""}');
  });

  it('leaves text with other quotes or comments as it is', () => {
    for (const t of ["x{a='\"'}", 'x{a=`"`}', 'x # "comment', 'label_replace(x, "a", "$1", "b", "(.*)")'.replace('"$1"', "'$1'")]) {
      expect(promqlShape(t)).toBe(t);
    }
  });

  it('never makes a broken expression parse, nor a good one fail', () => {
    const cases = [
      'x{a="b"',
      'x{a="b}',
      'sum(x{a="b"}',
      'x{a="b\nc"}',
      'x{a="b"}}',
      'rate(x{a="b"}[5m)',
      'x{a="b"} +',
      'x{a="b"} and on(c) y{d="e"}',
      'x{a="b\\\\"}',
      'x{a="b\\"}',
    ];
    for (const t of cases) {
      expect(parsePromql(promqlShape(t)).errors.length > 0, t).toBe(parsePromql(t).errors.length > 0);
    }
  });
});

describe('parseShape', () => {
  it('shares one parse among expressions that differ only in label values', () => {
    const a = parseShape('sum(rate(x{job="api"}[5m]))');
    expect(parseShape('sum(rate(x{job="web"}[5m]))')).toBe(a);
    expect(a.text).toBe('sum(rate(x{job=""}[5m]))');
    expect(parseShape('sum(rate(y{job="api"}[5m]))')).not.toBe(a);
    expect(parseShape('sum(rate(x{job="api"}[5m])').errors.length).toBeGreaterThan(0);
  });
});
