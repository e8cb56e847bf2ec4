/**
 * The core remembers per-SLO work across compiles (memo.ts, model/share.ts, rendered text and
 * fingerprints by object or path). A sequence of edits compiled in one process must give exactly
 * what a process that never saw the earlier edits gives: every file, byte for byte, its size and
 * fingerprint, and every diagnostic.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import * as warm from '../src/core/index.ts';
import { syntheticSpec } from '../bench/spec.bench.ts';
import { fingerprint } from '../src/core/hash.ts';

type Core = typeof warm;

async function freshCore(): Promise<Core> {
  vi.resetModules();
  return (await import('../src/core/index.ts')) as Core;
}

function outcome(core: Core, text: string, file: string): unknown {
  const r = core.compile({ file, text });
  // Sizes and fingerprints are composed from the parts' (hash.ts): they must be the whole text's.
  for (const f of r.bundle?.files ?? []) {
    expect(f.bytes, f.path).toBe(Buffer.byteLength(f.content));
    expect(f.hash, f.path).toBe(fingerprint(f.content).hash);
  }
  return {
    ok: r.ok,
    diagnostics: r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`),
    files: r.bundle?.files.map((f) => ({ path: f.path, bytes: f.bytes, hash: f.hash, content: f.content })),
  };
}

const order = readFileSync('examples/order-api.yaml', 'utf8');
const edits: [string, (t: string) => string][] = [
  ['as written', (t) => t],
  ['an objective', (t) => t.replace('objective: 99.95', 'objective: 99.9')],
  ['the runbook url (every alert reads it)', (t) => t.replace('runbooks.example.com/order-api', 'runbooks.example.com/orders')],
  ['the team (routing labels)', (t) => t.replace('team: commerce', 'team: checkout')],
  ['an SLO window', (t) => t.replace('window: 28d', 'window: 30d')],
  ['a tier override', (t) => t.replace('for: 1h', 'for: 2h')],
  ['the service name', (t) => t.replace(/order-api/g, 'order-apx')],
  ['as written again', (t) => t],
  ['a comment only', (t) => `${t}\n# reviewed\n`],
  ['an invalid objective', (t) => t.replace('objective: 99.95', 'objective: 100.5')],
  ['a short window (a warning at its line)', (t) => t.replace('window: 28d', 'window: 12h')],
  ['the same with lines added above it', (t) => `# one\n# two\n# three\n${t.replace('window: 28d', 'window: 12h')}`],
  ['as written once more', (t) => t],
];

describe('what the core remembers never changes what it generates', () => {
  it('order-api: each edit in one process equals the same text compiled by a fresh core', async () => {
    for (const [what, edit] of edits) {
      const text = edit(order);
      const expected = outcome(await freshCore(), text, 'order-api.yaml');
      expect(outcome(warm, text, 'order-api.yaml'), what).toEqual(expected);
    }
  });

  it('a 40-SLO spec: one SLO edited, SLOs reordered, the service renamed, then back', async () => {
    const base = syntheticSpec(40);
    const blocks = base.split(/\n(?= {2}- kind: SLO)/);
    const reordered = [blocks[0], ...blocks.slice(1).reverse()].join('\n');
    const steps: [string, string][] = [
      ['as written', base],
      ['one objective', base.replace('objective: 99.9', 'objective: 99.5')],
      ['SLOs in reverse order', reordered],
      ['renamed', base.replace(/big-service/g, 'small-service')],
      ['as written again', base],
    ];
    expect(blocks.length).toBeGreaterThan(10);
    for (const [what, text] of steps) {
      const expected = outcome(await freshCore(), text, 'big-service.yaml');
      expect(outcome(warm, text, 'big-service.yaml'), what).toEqual(expected);
    }
  });
});
