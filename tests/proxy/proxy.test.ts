/** The CORS proxy against a real Prometheus, a hanging upstream and a header-recording upstream. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { listen as listenOn, raw } from '../helpers/http.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudioServer } from '../../src/proxy/server.ts';
import { startPrometheus, type RunningPrometheus } from '../helpers/prometheus.ts';

let prom: RunningPrometheus;
const servers: Server[] = [];
const logs: Record<string, unknown>[] = [];

const listen = (server: Server): Promise<number> => listenOn(server, servers);

let proxyPort = 0;
let hangingProxyPort = 0;
let recordingProxyPort = 0;
let recorded: IncomingHttpHeaders | undefined;

beforeAll(async () => {
  prom = await startPrometheus();
  proxyPort = await listen(
    createStudioServer({
      port: 0,
      upstream: prom.url,
      allowOrigins: ['http://127.0.0.1:5173'],
      log: (e) => logs.push(e),
      maxRequestBytes: 1024,
    }),
  );
  const hanging = await listen(
    createServer(() => {
      /* never answers */
    }),
  );
  hangingProxyPort = await listen(
    createStudioServer({ port: 0, upstream: `http://127.0.0.1:${hanging}`, allowOrigins: [], timeoutMs: 500, log: () => {} }),
  );
  const recorder = await listen(
    createServer((req, res) => {
      recorded = req.headers;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': 'session=secret' });
      res.end('{"status":"success","data":{"version":"x"}}');
    }),
  );
  recordingProxyPort = await listen(
    createStudioServer({
      port: 0,
      upstream: `http://127.0.0.1:${recorder}/prefix`,
      allowOrigins: [],
      auth: { bearer: 'server-side-token' },
      tenant: 'team-a',
      log: () => {},
    }),
  );
}, 60_000);

afterAll(async () => {
  for (const s of servers) s.closeAllConnections?.();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await prom?.stop();
});

describe('forwards the allowlist to the one upstream', () => {
  it('GET /api/v1/query reaches Prometheus', async () => {
    const r = await raw(proxyPort, '/api/v1/query?query=vector(42)');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).data.result[0].value[1]).toBe('42');
  });
  it('POST /api/v1/query_range with a form body', async () => {
    const now = Math.floor(Date.now() / 1000);
    const r = await raw(proxyPort, '/api/v1/query_range', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `query=vector(1)&start=${now - 60}&end=${now}&step=15`,
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).data.resultType).toBe('matrix');
  });
  it.each(['/api/v1/labels', '/api/v1/label/__name__/values', '/api/v1/metadata', '/api/v1/status/buildinfo', '/api/v1/series?match[]=up'])(
    '%s is allowed',
    async (path) => {
      expect((await raw(proxyPort, path)).status).toBe(200);
    },
  );
  it('adds CORS headers for an allowed origin and answers its preflight', async () => {
    const r = await raw(proxyPort, '/api/v1/query?query=1', { headers: { Origin: 'http://127.0.0.1:5173' } });
    expect(r.headers['access-control-allow-origin']).toBe('http://127.0.0.1:5173');
    const pre = await raw(proxyPort, '/api/v1/query', {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:5173', 'Access-Control-Request-Method': 'POST' },
    });
    expect(pre.status).toBe(204);
  });
  it('logs one JSON line per request', () => {
    expect(logs.length).toBeGreaterThan(5);
    expect(logs[0]).toMatchObject({ method: 'GET', path: '/api/v1/query', status: 200 });
  });
});

describe('refuses everything else', () => {
  it.each([
    ['/api/v1/admin/tsdb/delete_series', 404],
    ['/api/v1/write', 404],
    ['/api/v1/query/../admin/tsdb/snapshot', 400],
    ['/api/v1/label/%2e%2e%2fadmin/values', 400],
    ['/api/v1%2fquery', 400],
    ['/api/v2/query', 404],
    ['http://evil.example/api/v1/query?query=1', 400],
    ['//evil.example/api/v1/query?query=1', 400],
  ])('%s → %i', async (path, status) => {
    const r = await raw(proxyPort, path);
    expect(r.status).toBe(status);
    expect(JSON.parse(r.body).status).toBe('error');
  });
  it('non-API paths belong to the studio and are never forwarded (/-/quit does not reach Prometheus)', async () => {
    await raw(proxyPort, '/-/quit', { method: 'POST' });
    await raw(proxyPort, '/-/quit');
    expect((await fetch(`${prom.url}/-/ready`)).ok).toBe(true);
  });
  it.each(['PUT', 'DELETE', 'PATCH'])('%s is 405', async (method) => {
    expect((await raw(proxyPort, '/api/v1/query?query=1', { method })).status).toBe(405);
  });
  it('a foreign origin is 403 and gets no CORS headers', async () => {
    const r = await raw(proxyPort, '/api/v1/query?query=1', { headers: { Origin: 'https://evil.example' } });
    expect(r.status).toBe(403);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });
  it('an oversized body is 413', async () => {
    const r = await raw(proxyPort, '/api/v1/query', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `query=${'1+'.repeat(2000)}1`,
    });
    expect(r.status).toBe(413);
  });
  it('a non-form POST body is 415', async () => {
    expect(
      (await raw(proxyPort, '/api/v1/query', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status,
    ).toBe(415);
  });
  it('an upstream that hangs is answered with 504 within the time limit', async () => {
    const t0 = Date.now();
    const r = await raw(hangingProxyPort, '/api/v1/query?query=1');
    expect(r.status).toBe(504);
    expect(JSON.parse(r.body).errorType).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});

describe('headers', () => {
  it('drops cookies and browser auth, injects server-side credentials and tenant, hides Set-Cookie', async () => {
    const r = await raw(recordingProxyPort, '/api/v1/status/buildinfo', {
      headers: {
        Cookie: 'grafana_session=abc',
        Authorization: 'Bearer browser',
        'X-Scope-OrgID': 'other',
        Connection: 'keep-alive, X-Secret',
        'X-Secret': 'leak',
      },
    });
    expect(r.status).toBe(200);
    expect(recorded!.cookie).toBeUndefined();
    expect(recorded!['x-secret']).toBeUndefined();
    expect(recorded!.authorization).toBe('Bearer server-side-token');
    expect(recorded!['x-scope-orgid']).toBe('team-a');
    expect(r.headers['set-cookie']).toBeUndefined();
  });
});
