import { describe, expect, it } from 'vitest';
import { fingerprint } from './hash.ts';

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
