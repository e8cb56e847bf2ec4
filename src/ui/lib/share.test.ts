import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, MAX_LINK_CHARS, SHARE_PREFIX, type SharePayload } from './share.ts';

const payload: SharePayload = {
  v: 1,
  file: 'payment-api.yaml',
  text: 'service:\n  name: payment-api\n',
  base: 'service:\n  name: x\n',
  env: 'prod',
  tab: 'file:alerts.yaml',
};

function fragmentOf(json: unknown): string {
  const bytes = deflateSync(strToU8(JSON.stringify(json)));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return SHARE_PREFIX + btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

describe('review links', () => {
  it('a payload survives encoding and decoding unchanged', () => {
    const encoded = encodeShare(payload);
    expect(encoded.ok).toBe(true);
    if (!encoded.ok) return;
    expect(encoded.value.startsWith('#review=')).toBe(true);
    expect(decodeShare(encoded.value)).toEqual({ ok: true, value: payload });
  });

  it('a spec too big for a link is refused with the size and what to do instead', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `# ${i} ${(i * 2654435761) % 1000003}`).join('\n');
    const encoded = encodeShare({ ...payload, text });
    expect(encoded).toMatchObject({ ok: false });
    if (!encoded.ok) expect(encoded.error).toMatch(/over the 16\.0 KB limit.*share the file instead/);
  });

  it('an over-long fragment is refused before it is decoded', () => {
    expect(decodeShare(`${SHARE_PREFIX}${'A'.repeat(MAX_LINK_CHARS)}`)).toMatchObject({
      ok: false,
      error: expect.stringContaining('longer than'),
    });
  });

  it('characters outside base64url are reported as a damaged link', () => {
    expect(decodeShare(`${SHARE_PREFIX}abc*def`)).toMatchObject({ ok: false, error: expect.stringContaining('damaged') });
  });

  it('a payload that inflates past the limit is refused (no zip bombs)', () => {
    const bomb = fragmentOf({ ...payload, text: ' '.repeat(3_000_000) });
    expect(bomb.length).toBeLessThan(MAX_LINK_CHARS);
    expect(decodeShare(bomb)).toMatchObject({ ok: false, error: expect.stringContaining('too large') });
  });

  it('a payload with unexpected fields or values fails validation', () => {
    expect(decodeShare(fragmentOf({ ...payload, html: '<b>x</b>' }))).toMatchObject({ ok: false });
    expect(decodeShare(fragmentOf({ ...payload, env: 'Prod; DROP' }))).toMatchObject({ ok: false });
    expect(decodeShare(fragmentOf({ ...payload, file: '../../etc/passwd' }))).toMatchObject({ ok: false });
    expect(decodeShare(fragmentOf({ ...payload, v: 2 }))).toMatchObject({ ok: false });
  });

  it('text that is not JSON is reported, not thrown', () => {
    const bytes = deflateSync(strToU8('not json'));
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    expect(decodeShare(SHARE_PREFIX + btoa(bin).replace(/=+$/, ''))).toMatchObject({ ok: false });
  });
});
