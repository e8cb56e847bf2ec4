/**
 * Issue #19, finding 2 and 5, against the real Alertmanager (Debian's prometheus-alertmanager)
 * and amtool: the generated alertmanager.yaml really delivers a page (to a PagerDuty stand-in that
 * records the Events API requests), spec text lands in it literally even when it looks like a
 * template, and receivers stay unique when the team is called `sre`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main.ts';
import { alertmanagerConfig } from '../../src/core/generators/alertmanager/index.ts';
import { compile } from '../../src/core/index.ts';
import type { ServiceModel } from '../../src/core/model/types.ts';
import { freePort } from '../helpers/prometheus.ts';
import { tempDir } from '../helpers/promtool.ts';

const children: ChildProcess[] = [];
const servers: Server[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

const SPEC = (team: string, pd = 'integration_key: team-routing-key-0001') => `service:
  name: checkout
  team: ${JSON.stringify(team)}
  tier: critical
  type: api
  runbook_url: https://runbooks.example/checkout
resources:
  - kind: PagerDuty
    name: oncall
    spec:
      ${pd}
`;

function model(text: string): ServiceModel {
  const r = compile({ file: 'checkout.yaml', text });
  if (!r.model) throw new Error('no model');
  return r.model;
}

/** A PagerDuty Events API v2 stand-in: records every event it is sent. */
async function pagerDutyStandIn(): Promise<{ url: string; events: Record<string, unknown>[] }> {
  const events: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
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
async function startAlertmanager(config: Record<string, unknown>, pdUrl: string): Promise<string> {
  const c = structuredClone(config) as { route: Record<string, unknown> & { routes: Record<string, unknown>[] }; receivers: { pagerduty_configs?: Record<string, unknown>[] }[] };
  for (const r of c.receivers) for (const p of r.pagerduty_configs ?? []) p.url = pdUrl;
  c.route.group_wait = '1s';
  for (const r of c.route.routes) r.group_wait = '1s';
  const dir = tempDir('nthlayer-am-');
  const file = join(dir, 'alertmanager.yaml');
  writeFileSync(file, stringify(c));
  const check = spawnSync('amtool', ['check-config', file], { encoding: 'utf8' });
  expect(check.status, check.stdout + check.stderr).toBe(0);
  const port = await freePort();
  const child = spawn('prometheus-alertmanager', [`--config.file=${file}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited: ${stderr}`);
    try { if ((await fetch(`${url}/-/ready`)).ok) break; } catch { /* starting */ }
    if (Date.now() > deadline) throw new Error(`alertmanager not ready: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return url;
}

async function fire(amUrl: string, labels: Record<string, string>): Promise<void> {
  const res = await fetch(`${amUrl}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify([{ labels: { alertname: 'CheckoutAvailabilityErrorBudgetBurn', ...labels }, annotations: { summary: 'checkout availability: error budget burning 14.4× too fast' } }]),
  });
  expect(res.ok).toBe(true);
}

async function waitFor<T>(get: () => T | undefined, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('alertmanager.yaml in the real Alertmanager', { timeout: 90_000 }, () => {
  it('a team name that looks like a template is refused by validate with a position, not written', async () => {
    const dir = tempDir();
    const file = join(dir, 'checkout.yaml');
    writeFileSync(file, SPEC('payments {{ end }}'));
    const err: string[] = [];
    const code = await main(['apply', '-o', join(dir, 'out'), file], { out: () => {}, err: (s) => err.push(s), color: false });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/checkout\.yaml:3:19: error: `team` contains `\{\{`/);
  });

  it('delivers the page with spec text exactly as written, even template-like text that bypassed the spec check', async () => {
    const pd = await pagerDutyStandIn();
    // Straight to the generator (no spec check): its own quoting must keep the text literal.
    const m = { ...model(SPEC('payments')), team: 'payments {{ end }} "core"' };
    const am = await startAlertmanager(alertmanagerConfig(m)!, pd.url);
    await fire(am, { service: 'checkout', slo: 'availability', severity: 'critical', team: m.team, routing: 'self', burn_tier: 'page_fast' });
    const event = await waitFor(() => pd.events[0]);
    expect(event.routing_key).toBe('team-routing-key-0001');
    expect(event.event_action).toBe('trigger');
    const payload = event.payload as Record<string, unknown>;
    expect(payload.group).toBe('payments {{ end }} "core"');
    expect(payload.component).toBe('checkout');
    expect(payload.class).toBe('availability');
    expect(payload.severity).toBe('critical');
    expect(payload.summary).toBe('checkout availability: error budget burning 14.4× too fast');
    expect(event.links).toEqual([{ href: 'https://runbooks.example/checkout', text: 'Runbook' }]);
  });

  it('team `sre` with an sre_integration_key: receivers stay unique (amtool passes) and each key gets its alerts', async () => {
    const text = SPEC('sre', 'integration_key: team-routing-key-0001\n      sre_integration_key: sre-routing-key-0002');
    const config = alertmanagerConfig(model(text))!;
    const names = (config.receivers as { name: string }[]).map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    const pd = await pagerDutyStandIn();
    const am = await startAlertmanager(config, pd.url);
    await fire(am, { service: 'checkout', slo: 'availability', severity: 'critical', routing: 'sre' });
    await fire(am, { service: 'checkout', slo: 'latency', severity: 'critical', routing: 'self' });
    await waitFor(() => (pd.events.length >= 2 ? true : undefined));
    const keys = pd.events.map((e) => `${(e.payload as { class: string }).class}:${String(e.routing_key)}`).sort();
    expect(keys).toEqual(['availability:sre-routing-key-0002', 'latency:team-routing-key-0001']);
  });

  it('the file apply writes for team `sre` passes amtool check-config', async () => {
    const dir = tempDir();
    const file = join(dir, 'checkout.yaml');
    writeFileSync(file, SPEC('sre', 'integration_key: a\n      sre_integration_key: b'));
    const code = await main(['apply', '-o', join(dir, 'out'), file], { out: () => {}, err: () => {}, color: false });
    expect(code).toBe(0);
    const r = spawnSync('amtool', ['check-config', join(dir, 'out', 'checkout', 'alertmanager.yaml')], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});
