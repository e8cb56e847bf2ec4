/**
 * Issue #19 against the real `nthlayer proxy` process: requests that used to kill it, DNS
 * rebinding, credentials in --prometheus-url, content types and page headers; and, in-process
 * with real sockets, the body-read deadline against 200 trickling connections.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { listen as listenOn, raw } from '../helpers/http.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudioServer } from '../../src/proxy/server.ts';
import { freePort } from '../helpers/prometheus.ts';
import { tempDir } from '../helpers/promtool.ts';

const SECRET = 'hunter2-secret';
const servers: Server[] = [];
const children: ChildProcess[] = [];
let recorded: IncomingHttpHeaders[] = [];
let upstreamPort = 0;

const listen = (server: Server): Promise<number> => listenOn(server, servers);

/** Writes raw bytes on a socket and resolves when the server closes it (or after `waitMs`). */
function rawSocket(port: number, text: string, waitMs = 2000): Promise<{ reply: string; closed: boolean }> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => s.write(text));
    let reply = '';
    s.on('data', (b) => {
      reply += b.toString();
    });
    const timer = setTimeout(() => {
      s.destroy();
      resolve({ reply, closed: false });
    }, waitMs);
    s.on('close', () => {
      clearTimeout(timer);
      resolve({ reply, closed: true });
    });
    s.on('error', () => {
      /* reset by the server: closed */
    });
  });
}

interface RunningProxy {
  port: number;
  stderr: () => string;
  stdout: () => string;
  child: ChildProcess;
}

async function startProxy(args: string[]): Promise<RunningProxy> {
  const staticDir = tempDir('nthlayer-static-');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>studio</title>');
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/nthlayer.mjs', 'proxy', '--port', String(port), '--static-dir', staticDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NTHLAYER_CONFIG: join(staticDir, 'none.yaml'), NTHLAYER_PROMETHEUS_URL: '' },
  });
  children.push(child);
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  child.stdout!.on('data', (b: Buffer) => {
    stdout += b.toString();
  });
  const deadline = Date.now() + 30_000;
  while (!stderr.includes('nthlayer proxy:')) {
    if (child.exitCode !== null) throw new Error(`proxy exited ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`proxy did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, stderr: () => stderr, stdout: () => stdout, child };
}

let proxy: RunningProxy;
let deadProxy: RunningProxy;

beforeAll(async () => {
  upstreamPort = await listen(
    createServer((req, res) => {
      recorded.push(req.headers);
      // An upstream that claims its answer is a web page: the browser must never treat it as one.
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('{"status":"success","data":{"resultType":"scalar","result":[0,"1"]}}');
    }),
  );
  const closed = await freePort();
  [proxy, deadProxy] = await Promise.all([
    startProxy(['--prometheus-url', `http://admin:${SECRET}@127.0.0.1:${upstreamPort}`]),
    startProxy(['--prometheus-url', `http://admin:${SECRET}@127.0.0.1:${closed}`]),
  ]);
}, 60_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  for (const s of servers) s.closeAllConnections?.();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

const alive = async (p: RunningProxy): Promise<void> => {
  expect(p.child.exitCode).toBeNull();
  const r = await raw(p.port, '/api/v1/query?query=1');
  expect([200, 502]).toContain(r.status);
};

describe('one request no longer kills `nthlayer proxy`', () => {
  it('GET /% is a 400 and the proxy keeps serving', async () => {
    const r = await rawSocket(proxy.port, 'GET /% HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(r.reply).toMatch(/^HTTP\/1\.1 400/);
    await alive(proxy);
  });

  it('malformed encodings anywhere in the path are 400s, never a crash', async () => {
    for (const path of ['/%E0%A4%A', '/assets/%', '/%00', '/api/v1/label/%/values']) {
      const r = await rawSocket(proxy.port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      expect(r.reply, path).toMatch(/^HTTP\/1\.1 4\d\d/);
    }
    await alive(proxy);
  });

  it('a POST whose body is cut short drops its socket and the proxy keeps serving', async () => {
    const s: Socket = connect(proxy.port, '127.0.0.1');
    await new Promise((r) => s.once('connect', r));
    s.write(
      'POST /api/v1/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nquery=up',
    );
    await new Promise((r) => setTimeout(r, 100));
    s.destroy();
    await new Promise((r) => setTimeout(r, 200));
    await alive(proxy);
    // …repeatedly, too.
    for (let i = 0; i < 20; i++) {
      const c = connect(proxy.port, '127.0.0.1', () => {
        c.write(
          'POST /api/v1/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 50\r\n\r\nq',
        );
        c.destroy();
      });
      c.on('error', () => {});
    }
    await new Promise((r) => setTimeout(r, 300));
    await alive(proxy);
  });
});

describe('DNS rebinding', () => {
  it('a request whose Host is another name (a rebinding page) is refused, API and studio alike', async () => {
    for (const path of ['/api/v1/query?query=1', '/']) {
      const r = await raw(proxy.port, path, { headers: { Host: 'evil.example:8787', Origin: 'http://evil.example:8787' } });
      expect(r.status, path).toBe(403);
    }
  });
  it('loopback names are served', async () => {
    for (const host of [`127.0.0.1:${proxy.port}`, `localhost:${proxy.port}`, `[::1]:${proxy.port}`]) {
      expect((await raw(proxy.port, '/api/v1/query?query=1', { headers: { Host: host } })).status, host).toBe(200);
    }
  });
  it('the browser cannot choose the tenant for server-side credentials', async () => {
    recorded = [];
    await raw(proxy.port, '/api/v1/query?query=1', { headers: { 'X-Scope-OrgID': 'someone-else' } });
    expect(recorded[0]!['x-scope-orgid']).toBeUndefined();
  });
});

describe('credentials in --prometheus-url', () => {
  it('become Basic auth upstream', async () => {
    recorded = [];
    await raw(proxy.port, '/api/v1/query?query=1');
    expect(recorded[0]!.authorization).toBe(`Basic ${Buffer.from(`admin:${SECRET}`).toString('base64')}`);
  });
  it('never appear in the banner, the JSON log or a 502 body', async () => {
    const r = await raw(deadProxy.port, '/api/v1/query?query=1');
    expect(r.status).toBe(502);
    expect(r.body).not.toContain(SECRET);
    await new Promise((res) => setTimeout(res, 100));
    for (const p of [proxy, deadProxy]) {
      expect(p.stderr()).toContain('→ http://***@127.0.0.1:');
      expect(p.stderr()).not.toContain(SECRET);
      expect(p.stdout()).not.toContain(SECRET);
      expect(p.stdout().trim().split('\n').length).toBeGreaterThan(0);
    }
  });
});

describe('content types and page headers', () => {
  it('API answers are JSON, nosniff and sandboxed whatever the upstream says', async () => {
    const r = await raw(proxy.port, '/api/v1/query?query=1');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain('sandbox');
  });
  it('the studio page cannot be framed', async () => {
    const r = await raw(proxy.port, '/');
    expect(r.status).toBe(200);
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-frame-options']).toBe('DENY');
  });
});

describe('request bodies have a deadline', () => {
  it('200 trickling connections are cut off and a normal request is still served meanwhile', async () => {
    const port = await listen(
      createStudioServer({ port: 0, upstream: `http://127.0.0.1:${upstreamPort}`, allowOrigins: [], bodyTimeoutMs: 500, log: () => {} }),
    );
    const sockets: Socket[] = [];
    const closedAt: number[] = [];
    const t0 = Date.now();
    for (let i = 0; i < 200; i++) {
      const s = connect(port, '127.0.0.1', () =>
        s.write(
          'POST /api/v1/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nq',
        ),
      );
      s.on('error', () => {});
      s.on('close', () => closedAt.push(Date.now() - t0));
      sockets.push(s);
    }
    const trickle = setInterval(() => {
      for (const s of sockets) if (!s.destroyed) s.write('u');
    }, 100);
    try {
      expect((await raw(port, '/api/v1/query?query=1')).status).toBe(200);
      const deadline = Date.now() + 5000;
      while (closedAt.length < 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(closedAt.length).toBe(200);
      expect(Math.max(...closedAt)).toBeLessThan(4000);
    } finally {
      clearInterval(trickle);
      for (const s of sockets) s.destroy();
    }
  });
});
