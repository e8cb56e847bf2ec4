import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { isOverridePath, isSpecPath, loadSpecs, PORTFOLIO_LIMITS, zipUploads, type UploadedFile } from './sources.ts';

const upload = (path: string, text: string | Uint8Array): UploadedFile => {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return { path, size: bytes.length, read: async () => bytes };
};

describe('opening many specs', () => {
  it('takes .yaml specs, tells environment overrides apart from them, and leaves out hidden folders and other files', () => {
    expect(isSpecPath('specs/payment-api.yaml')).toBe(true);
    expect(isSpecPath('specs/a.YML')).toBe(true);
    expect(isSpecPath('specs/environments/prod.yaml')).toBe(false);
    expect(isOverridePath('specs/environments/prod.yaml')).toBe(true);
    expect(isOverridePath('.git/environments/prod.yaml')).toBe(false);
    expect(isSpecPath('.git/config.yaml')).toBe(false);
    expect(isSpecPath('README.md')).toBe(false);
  });

  it('a file over the size limit or not UTF-8 is left out with a reason; the rest load', async () => {
    const r = await loadSpecs([
      upload('s/a.yaml', 'service: {}'),
      { path: 's/big.yaml', size: PORTFOLIO_LIMITS.fileBytes + 1, read: async () => new Uint8Array(0) },
      upload('s/bin.yaml', new Uint8Array([0xff, 0xfe, 0x00])),
      upload('s/notes.txt', 'x'),
    ]);
    expect(r.files.map((f) => f.path)).toEqual(['s/a.yaml']);
    expect(r.skipped.join('\n')).toMatch(/big\.yaml: \d+ KB is too big/);
    expect(r.skipped.join('\n')).toContain('bin.yaml: not UTF-8 text');
    expect(r.skipped.join('\n')).toContain('1 file that is neither a service spec nor an environment override');
  });

  it('reads specs and their environment files out of a zip', async () => {
    const zip = new JSZip();
    zip.file('team/payment-api.yaml', 'service:\n  name: payment-api\n');
    zip.file('team/environments/prod.yaml', 'x: 1');
    const z = await zipUploads(new Blob([(await zip.generateAsync({ type: 'uint8array' })) as BlobPart]));
    if (!z.ok) throw new Error(z.error);
    const r = await loadSpecs(z.uploads);
    expect(r.files).toEqual([{ path: 'team/payment-api.yaml', text: 'service:\n  name: payment-api\n' }]);
    expect(r.environments).toEqual([{ path: 'team/environments/prod.yaml', text: 'x: 1' }]);
  });

  it('stops inflating a zip entry that grows past the limit (a zip bomb)', async () => {
    const zip = new JSZip();
    zip.file('bomb.yaml', '#'.repeat(PORTFOLIO_LIMITS.fileBytes * 3));
    const data = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    expect(data.length).toBeLessThan(100_000);
    const z = await zipUploads(new Blob([data as BlobPart]));
    if (!z.ok) throw new Error(z.error);
    const r = await loadSpecs(z.uploads);
    expect(r.files).toEqual([]);
    expect(r.skipped.join('\n')).toMatch(/bomb\.yaml: more than \d+ KB uncompressed/);
  });

  it('something that is not a zip is an error, not a crash', async () => {
    const z = await zipUploads(new Blob(['not a zip']));
    expect(z).toEqual({ ok: false, error: 'not a zip file (or a damaged one)' });
  });
});
