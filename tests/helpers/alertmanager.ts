/**
 * The real Alertmanager (Debian's prometheus-alertmanager) for tests, with a PagerDuty Events API
 * v2 stand-in that records what it is sent. Call `stopAlertmanagers()` in afterAll.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect } from 'vitest';
import { stringify } from 'yaml';
import { freePort } from './prometheus.ts';
import { tempDir } from './promtool.ts';

const children: ChildProcess[] = [];
const servers: Server[] = [];

export async function stopAlertmanagers(): Promise<void> {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
}

/** A PagerDuty Events API v2 stand-in: records every event it is sent. */
export async function pagerDutyStandIn(): Promise<{ url: string; events: Record<string, unknown>[] }> {
  const events: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      events.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(202, { 'Content-Type': 'application/json' });
      res.end('{"status":"success","message":"Event processed","dedup_key":"x"}');
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/enqueue`, events };
}

/** Starts Alertmanager with a generated config (PagerDuty URL and timings pointed at the test). */
export async function startAlertmanager(
  config: Record<string, unknown>,
  pdUrl: string,
  timing: { groupInterval?: string } = {},
): Promise<string> {
  const c = structuredClone(config) as {
    route: Record<string, unknown> & { routes: Record<string, unknown>[] };
    receivers: { pagerduty_configs?: Record<string, unknown>[] }[];
  };
  for (const r of c.receivers) for (const p of r.pagerduty_configs ?? []) p.url = pdUrl;
  c.route.group_wait = '1s';
  for (const r of c.route.routes) r.group_wait = '1s';
  if (timing.groupInterval) c.route.group_interval = timing.groupInterval;
  const dir = tempDir('nthlayer-am-');
  const file = join(dir, 'alertmanager.yaml');
  writeFileSync(file, stringify(c));
  const check = spawnSync('amtool', ['check-config', file], { encoding: 'utf8' });
  expect(check.status, check.stdout + check.stderr).toBe(0);
  const port = await freePort();
  const child = spawn(
    'prometheus-alertmanager',
    [
      `--config.file=${file}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited: ${stderr}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      /* starting */
    }
    if (Date.now() > deadline) throw new Error(`alertmanager not ready: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return url;
}

/** Posts one alert (firing, or resolved with `endsAt` in the past). */
export async function fire(
  amUrl: string,
  labels: Record<string, string>,
  opts: { alertname?: string; endsAt?: string } = {},
): Promise<void> {
  const res = await fetch(`${amUrl}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify([
      {
        labels: { alertname: opts.alertname ?? 'CheckoutAvailabilityErrorBudgetBurn', ...labels },
        annotations: { summary: 'checkout availability: error budget burning 14.4× too fast' },
        ...(opts.endsAt ? { endsAt: opts.endsAt } : {}),
      },
    ]),
  });
  expect(res.ok).toBe(true);
}

export async function waitFor<T>(get: () => T | undefined, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}
