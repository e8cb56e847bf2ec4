/**
 * The Prometheus client's failure handling against real local HTTP servers that misbehave on
 * purpose (refusing, erroring, hanging, answering non-Prometheus JSON), with an injected clock.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createPromClient, describePromError } from '../../src/prom/client.ts';
import { freePort } from '../helpers/prometheus.ts';

const servers: Server[] = [];
async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<string> {
  const s = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => handler(req, res, body));
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}
afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};
const ok = { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, '1'] }] } };
const noSleep = async () => {};

describe('Prometheus client', () => {
  it('retries a 503 with back-off and then succeeds', async () => {
    let calls = 0;
    const url = await serve((_req, res) =>
      ++calls < 3 ? json(res, 503, { status: 'error', errorType: 'unavailable', error: 'busy' }) : json(res, 200, ok),
    );
    const delays: number[] = [];
    const c = createPromClient({
      baseUrl: url,
      fetch: (u, i) => fetch(u, i),
      retries: 2,
      backoffMs: 100,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    const r = await c.query('up');
    expect(r.ok).toBe(true);
    expect(calls).toBe(3);
    expect(delays).toEqual([100, 200]);
  });

  it("does not retry a bad query and reports Prometheus's own error text", async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      json(res, 400, { status: 'error', errorType: 'bad_data', error: 'parse error at char 5' });
    });
    const c = createPromClient({ baseUrl: url, fetch: (u, i) => fetch(u, i), sleep: noSleep });
    const r = await c.query('sum(');
    expect(calls).toBe(1);
    expect(r).toMatchObject({
      ok: false,
      error: { kind: 'api', status: 400, errorType: 'bad_data', message: 'Prometheus says: parse error at char 5' },
    });
  });

  it('tells a server that is not Prometheus from one that is down', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html>grafana</html>');
    });
    const c = createPromClient({ baseUrl: url, fetch: (u, i) => fetch(u, i), sleep: noSleep });
    const r = await c.buildInfo();
    expect(r).toMatchObject({ ok: false, error: { kind: 'decode' } });
    if (!r.ok) expect(describePromError(r.error, url)).toContain('is this URL a Prometheus server?');
    const down = createPromClient({ baseUrl: `http://127.0.0.1:${await freePort()}`, fetch: (u, i) => fetch(u, i), retries: 0 });
    expect(await down.buildInfo()).toMatchObject({
      ok: false,
      error: { kind: 'network', message: expect.stringContaining('connection refused') },
    });
  });

  it('times out a hanging server', async () => {
    const url = await serve(() => {
      /* never answers */
    });
    const c = createPromClient({ baseUrl: url, fetch: (u, i) => fetch(u, i), timeoutMs: 200, retries: 0 });
    const t0 = Date.now();
    expect(await c.query('up')).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('opens the circuit after repeated failures and closes it after the cool-down', async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      json(res, 502, { status: 'error', error: 'bad gateway' });
    });
    let now = 1_000_000;
    const c = createPromClient({
      baseUrl: url,
      fetch: (u, i) => fetch(u, i),
      retries: 0,
      circuit: { failures: 3, cooldownMs: 10_000 },
      now: () => now,
      sleep: noSleep,
    });
    for (let i = 0; i < 3; i++) await c.query('up');
    expect(calls).toBe(3);
    const open = await c.query('up');
    expect(open).toMatchObject({ ok: false, error: { kind: 'circuit' } });
    expect(calls).toBe(3); // not sent
    now += 10_001;
    await c.query('up');
    expect(calls).toBe(4);
  });

  it('sends the tenant and basic auth, and POSTs queries as a form', async () => {
    let seen: { auth?: string; tenant?: string; body?: string; method?: string } = {};
    const url = await serve((req, res, body) => {
      seen = { auth: req.headers.authorization, tenant: req.headers['x-scope-orgid'] as string, body, method: req.method };
      json(res, 200, ok);
    });
    const c = createPromClient({ baseUrl: url, fetch: (u, i) => fetch(u, i), tenant: 'team-a', auth: { username: 'u', password: 'p' } });
    await c.query('sum(rate(x[5m]))', 1700000000);
    expect(seen).toEqual({
      auth: `Basic ${Buffer.from('u:p').toString('base64')}`,
      tenant: 'team-a',
      body: 'query=sum%28rate%28x%5B5m%5D%29%29&time=1700000000',
      method: 'POST',
    });
  });

  it('rejects a response of the wrong shape', async () => {
    const url = await serve((_req, res) =>
      json(res, 200, { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: 'nope' }] } }),
    );
    const c = createPromClient({ baseUrl: url, fetch: (u, i) => fetch(u, i) });
    expect(await c.query('up')).toMatchObject({ ok: false, error: { kind: 'decode' } });
  });
});
