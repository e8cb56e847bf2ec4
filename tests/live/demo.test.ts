/** `npm run demo` end to end (without the studio build): data, rules, proxy, and the CLI against it. */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { startDemo, studioBuildStale, type RunningDemo } from '../../src/demo/run.ts';
import { freePort } from '../helpers/prometheus.ts';
import { tempDir } from '../helpers/promtool.ts';

let demo: RunningDemo;

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: () => {}, color: false });
  return { code, out: out.join('\n') };
}

beforeAll(async () => {
  demo = await startDemo({
    port: await freePort(),
    prometheusPort: await freePort(),
    dir: tempDir('nthlayer-demo-'),
    log: () => {},
    skipBuild: true,
    scrapeIntervalSeconds: 1,
  });
}, 180_000);
afterAll(async () => {
  await demo?.stop();
});

describe('the demo', () => {
  it('payment-api is healthy and may deploy', async () => {
    const r = await cli('check-deploy', '-p', demo.prometheusUrl, 'examples/payment-api.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Deploy approved');
  });
  it('order-api is burning its budget and is blocked', async () => {
    const r = await cli('check-deploy', '-p', demo.prometheusUrl, 'examples/order-api.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/availability: exhausted/);
  });
  it('checkout-service is missing its exporters', async () => {
    const r = await cli('verify', '-p', demo.prometheusUrl, 'examples/checkout-service.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toContain('install or fix mysqld_exporter');
  });
  it('the data keeps moving: Prometheus scrapes the live exporter, whose samples continue the backfilled series', async () => {
    const query = async (q: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> => {
      const r = await fetch(`${demo.prometheusUrl}/api/v1/query?query=${encodeURIComponent(q)}`);
      return ((await r.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }).data.result;
    };
    const startedAt = Date.now() / 1000;
    let up: string | undefined;
    for (let i = 0; i < 100 && up !== '1'; i++) {
      up = (await query('up{job="nthlayer-demo"}'))[0]?.value[1];
      if (up !== '1') await new Promise((r) => setTimeout(r, 200));
    }
    expect(up).toBe('1');
    // Wait for a second scrape, then the newest sample is a live one…
    await new Promise((r) => setTimeout(r, 2500));
    const newest = await query('timestamp(http_requests{service="payment-api",code="200"})');
    expect(Number(newest[0]!.value[1])).toBeGreaterThan(startedAt - 1);
    // …of the same series as the history (no second series for the same labels), still counting up.
    expect(await query('count(http_requests{service="payment-api"})')).toEqual([
      expect.objectContaining({ value: [expect.any(Number), '2'] }),
    ]);
    expect(Number((await query('resets(http_requests{service="payment-api",code="200"}[10m])'))[0]!.value[1])).toBe(0);
    expect(Number((await query('rate(http_requests{service="payment-api",code="200"}[1m])'))[0]!.value[1])).toBeGreaterThan(0);
  });

  it('the proxy serves the Prometheus API on the studio origin', async () => {
    const r = await fetch(`${demo.studioUrl}api/v1/status/buildinfo`);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { data: { version: string } }).data.version).toMatch(/^2\./);
  });
});

describe('the studio build the demo serves', () => {
  it('is rebuilt when missing or older than any of its sources', () => {
    const root = tempDir('nthlayer-stale-');
    mkdirSync(join(root, 'src/ui'), { recursive: true });
    writeFileSync(join(root, 'src/ui/App.tsx'), 'x');
    expect(studioBuildStale(root)).toBe('no studio build yet');
    mkdirSync(join(root, 'dist/studio'), { recursive: true });
    writeFileSync(join(root, 'dist/studio/index.html'), '<html>');
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'src/ui/App.tsx'), old, old);
    utimesSync(join(root, 'src/ui'), old, old);
    expect(studioBuildStale(root)).toBeUndefined();
    writeFileSync(join(root, 'src/ui/App.tsx'), 'y');
    expect(studioBuildStale(root)).toBe('src/ui changed since the last build');
  });
});
