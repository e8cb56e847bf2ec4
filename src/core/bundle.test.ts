import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from './index.ts';

describe('generate', () => {
  const text = readFileSync('examples/order-api.yaml', 'utf8');

  it('is deterministic: the same input gives the same bytes', () => {
    const a = compile({ file: 'examples/order-api.yaml', text }).bundle!;
    const b = compile({ file: 'examples/order-api.yaml', text }).bundle!;
    expect(a.files).toEqual(b.files);
  });

  it('writes a manifest with the spec hash, version and no timestamp', () => {
    const bundle = compile({ file: 'examples/order-api.yaml', text }).bundle!;
    const manifest = JSON.parse(bundle.files.find((f) => f.path === 'order-api/manifest.json')!.content);
    expect(manifest).toMatchObject({ generator: { name: 'nthlayer' }, service: { name: 'order-api', tier: 'critical' } });
    expect(manifest.specHash).toMatch(/^[0-9a-f]{16}$/);
    expect(manifest.slos.map((s: { name: string; window: string }) => [s.name, s.window])).toEqual([
      ['availability', '28d'],
      ['latency', '28d'],
    ]);
    expect(JSON.stringify(manifest)).not.toMatch(/20\d\d-\d\d-\d\dT/);
    const other = compile({ file: 'examples/order-api.yaml', text: text.replace('99.95', '99.9') }).bundle!;
    expect(JSON.parse(other.files.find((f) => f.path === 'order-api/manifest.json')!.content).specHash).not.toBe(manifest.specHash);
  });

  it('produces no bundle while the spec has errors', () => {
    const r = compile({ file: 'x.yaml', text: 'service: {name: x}\n' });
    expect(r.ok).toBe(false);
    expect(r.bundle).toBeUndefined();
  });
});
