/** `npm run demo` end to end (without the studio build): data, rules, proxy, and the CLI against it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { startDemo, type RunningDemo } from '../../src/demo/run.ts';
import { freePort } from '../helpers/prometheus.ts';
import { tempDir } from '../helpers/promtool.ts';

let demo: RunningDemo;

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: () => {}, color: false });
  return { code, out: out.join('\n') };
}

beforeAll(async () => {
  demo = await startDemo({ port: await freePort(), prometheusPort: await freePort(), dir: tempDir('nthlayer-demo-'), log: () => {}, skipBuild: true });
}, 180_000);
afterAll(async () => { await demo?.stop(); });

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
  it('the proxy serves the Prometheus API on the studio origin', async () => {
    const r = await fetch(`${demo.studioUrl}api/v1/status/buildinfo`);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { data: { version: string } }).data.version).toMatch(/^2\./);
  });
});
