import { describe, expect, it } from 'vitest';
import { EMPTY_SUM, fingerprint, hashOfSum, joinRendered, rendered, sumOf } from './hash.ts';

const utf8Length = (text: string): number => new TextEncoder().encode(text).length;

describe('fingerprint', () => {
  it('counts the UTF-8 bytes of ASCII, two-, three- and four-byte characters, across chunk boundaries', () => {
    const texts = [
      '',
      'a',
      'abc',
      'burn rate 14.4× over 1h — budget −2 %',
      // A four-byte character straddling the 64 KiB chunk edge, and a long two-byte run.
      `${'x'.repeat(65_535)}😀${'y'.repeat(10)}`,
      `${'é'.repeat(70_000)}z`,
      `${'€'.repeat(30_000)}${'😀'.repeat(20_000)}`,
    ];
    for (const text of texts) expect(fingerprint(text).bytes).toBe(utf8Length(text));
  });

  it('is stable for equal texts and differs for a one-character change, wherever it is', () => {
    const base = `${'groups:\n'.repeat(20_000)}end`;
    expect(fingerprint(base).hash).toBe(fingerprint(`${base}`).hash);
    expect(fingerprint(base).hash).toMatch(/^[0-9a-f]{16}$/);
    const seen = new Set([fingerprint(base).hash]);
    for (const at of [0, 1, 2, 3, 65_535, 65_536, 100_000, base.length - 1]) {
      const changed = `${base.slice(0, at)}#${base.slice(at + 1)}`;
      seen.add(fingerprint(changed).hash);
    }
    expect(seen.size).toBe(9);
  });
});

describe('sums of parts', () => {
  const texts = [
    '',
    'groups:\n',
    '  - record: slo:sli_error:ratio_rate5m\n',
    'burn rate 14.4× over 1h — budget −2 %',
    '😀',
    `${'x'.repeat(65_533)}😀${'é'.repeat(3)}`,
    `${'€'.repeat(30_000)}${'ab'.repeat(40_000)}`,
  ];

  it('the sum of joined parts is the sum of the joined text, however it is cut', () => {
    const whole = texts.join('');
    const expected = sumOf(whole);
    expect(joinRendered(texts.map(rendered))).toEqual(expected);
    expect(joinRendered(texts.map(rendered)).text).toBe(whole);
    // Cuts at every kind of place: inside words, next to multi-byte characters, at the chunk edge.
    for (const cuts of [[1], [3, 7], [65_533, 65_535], [100, 65_536, 70_000, 130_000], [whole.length - 1]]) {
      const parts: string[] = [];
      let from = 0;
      for (const at of cuts) {
        parts.push(whole.slice(from, at));
        from = at;
      }
      parts.push(whole.slice(from));
      const joined = joinRendered(parts.map(rendered));
      expect(joined, String(cuts)).toEqual(expected);
      expect(hashOfSum(joined)).toBe(fingerprint(whole).hash);
    }
  });

  it('an empty join is the empty text', () => {
    expect(joinRendered([])).toEqual({ text: '', ...EMPTY_SUM });
    expect(sumOf('')).toMatchObject(EMPTY_SUM);
  });

  it('tells apart texts a polynomial over fewer bits would confuse: swaps, moves, lengths', () => {
    const base = 'expr: sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))\n';
    const variants = new Set<string>();
    for (let i = 0; i + 1 < base.length; i++) variants.add(`${base.slice(0, i)}${base[i + 1]}${base[i]}${base.slice(i + 2)}`);
    variants.add(`\u0000${base}`);
    variants.add(`${base}\u0000`);
    variants.add(base.repeat(2));
    variants.delete(base);
    const hashes = new Set([...variants].map((v) => fingerprint(v).hash));
    expect(hashes.size).toBe(variants.size);
    expect(hashes.has(fingerprint(base).hash)).toBe(false);
  });
});
