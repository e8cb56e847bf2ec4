/** Issue #19: directory scans resolve real paths, so symlink cycles neither loop nor duplicate. */
import { copyFileSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), color: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function dirWithLinks(links: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'nthlayer-scan-'));
  copyFileSync('examples/order-api.yaml', join(dir, 'order-api.yaml'));
  for (const l of links) symlinkSync('.', join(dir, l));
  return dir;
}

describe('symlink cycles', () => {
  it('one file plus `ln -s . current`: portfolio reports one service', async () => {
    const r = await cli('portfolio', '--format', 'json', dirWithLinks(['current']));
    const report = JSON.parse(r.out) as { summary: { total_services: number } };
    expect(report.summary.total_services).toBe(1);
  });

  it('six links to `.`: slo list answers at once with each SLO once', async () => {
    const t0 = Date.now();
    const r = await cli('slo', 'list', '--format', 'json', dirWithLinks(['a', 'b', 'c', 'd', 'e', 'f']));
    const rows = JSON.parse(r.out) as { service: string; slo: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((x) => x.slo)).size).toBe(rows.length);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });
});
