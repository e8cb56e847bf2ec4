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
  it('is the parse of promqlShape, found without building the shape', () => {
    // Random text over the characters that decide where a quoted string starts and ends.
    const alphabet = ['a', '"', '\\', '\n', '\r', '\u2028', '{', '}', '=', ' ', "'", '`', '#', 'é', '5'];
    let seed = 7;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const cases = ['x{a="b"}', 'x{a="b\\"c"}', 'x{a="b\\', 'x{a="b\\\nc"}', 'x{a="b\\\rc"}', '"', '""', '"\\""', 'a"b"c"d'];
    for (let n = 0; n < 3000; n++) {
      let t = '';
      const length = next() % 14;
      for (let i = 0; i < length; i++) t += alphabet[next() % alphabet.length];
      cases.push(t);
    }
    for (const t of cases) {
      expect(parseShape(t).text, JSON.stringify(t)).toBe(promqlShape(t));
      expect(parseShape(t), JSON.stringify(t)).toBe(parsePromql(promqlShape(t)));
    }
  });

  it('tells apart shapes whose hashes are equal', () => {
    // "Aa" and "BB" hash alike (65·31 + 97 = 66·31 + 66), so these two share a bucket.
    const a = 'sum(rate(Aa{job="api"}[5m]))';
    const b = 'sum(rate(BB{job="api"}[5m]))';
    expect(parseShape(a).text).toBe('sum(rate(Aa{job=""}[5m]))');
    expect(parseShape(b).text).toBe('sum(rate(BB{job=""}[5m]))');
    expect(parseShape(a).text).toBe('sum(rate(Aa{job=""}[5m]))');
    // Same shape, other label values: the same parse object; a longer text is another shape.
    expect(parseShape('sum(rate(Aa{job="web"}[5m]))')).toBe(parseShape(a));
    expect(parseShape('sum(rate(Aa{job="web"}[5m]))[')).not.toBe(parseShape(a));
  });
});
