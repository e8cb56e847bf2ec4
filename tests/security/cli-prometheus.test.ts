/**
 * Issue #19, the CLI's side of Prometheus: credentials in --prometheus-url (Basic auth, masked in
 * every output), a response size cap (a 230 MB answer), and redirects that are not followed.
 * Real HTTP servers on loopback; the CLI runs in-process through main().
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { freePort } from '../helpers/prometheus.ts';

const SECRET = 's3cr3t-pass';
const servers: Server[] = [];

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), color: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function serve(handler: Parameters<typeof createServer>[1]): Promise<number> {
  const s = createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
}

const saved = { ...process.env };
beforeEach(() => {
  process.env.NTHLAYER_CONFIG = join(mkdtempSync(join(tmpdir(), 'nthlayer-cfg-')), 'config.yaml');
  delete process.env.NTHLAYER_PROMETHEUS_URL;
});
afterEach(() => {
  process.env = { ...saved };
});
afterAll(async () => {
  for (const s of servers) s.closeAllConnections?.();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

describe('credentials in --prometheus-url', () => {
  it('become Basic auth, and the URL is shown masked', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const port = await serve((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(req.url!.includes('buildinfo') ? '{"status":"success","data":{"version":"2.42.0"}}' : '{"status":"success","data":[]}');
    });
    const r = await cli('verify', '-p', `http://admin:${SECRET}@127.0.0.1:${port}`, 'examples/order-api.yaml');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]!.authorization).toBe(`Basic ${Buffer.from(`admin:${SECRET}`).toString('base64')}`);
    expect(`${r.out}${r.err}`).not.toContain(SECRET);
    expect(r.out).toContain('http://***@127.0.0.1');
  });

  it("never appear in verify's errors when Prometheus is unreachable", async () => {
    const port = await freePort();
    const r = await cli('verify', '-p', `http://admin:${SECRET}@127.0.0.1:${port}`, 'examples/order-api.yaml');
    expect(r.code).toBe(69);
    expect(r.err).toContain('cannot reach Prometheus');
    expect(r.err).not.toContain(SECRET);
  });

  it('are masked by config show, text and JSON', async () => {
    process.env.NTHLAYER_PROMETHEUS_URL = `https://admin:${SECRET}@prom.example:9090/prefix`;
    for (const format of ['text', 'json']) {
      const r = await cli('config', 'show', '--format', format);
      expect(r.code).toBe(0);
      expect(r.out).not.toContain(SECRET);
      expect(r.out).toContain('https://***@prom.example:9090/prefix');
    }
  });
});

describe('answers are capped and redirects are not followed', () => {
  it('a 230 MB answer is refused after 32 MiB with exit 69, not buffered', async () => {
    let sent = 0;
    const port = await serve((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      if (req.url!.includes('buildinfo')) return res.end('{"status":"success","data":{"version":"2.42.0"}}');
      // A valid answer of 230 MB, streamed: 2.3 million samples of ~100 bytes.
      const sample = '{"metric":{"__name__":"x","instance":"host-0000000000:9100","job":"node"},"value":[1700000000,"1"]},';
      res.write('{"status":"success","data":{"resultType":"vector","result":[');
      const pump = (): void => {
        while (sent < 230e6) {
          sent += sample.length * 1000;
          if (!res.write(sample.repeat(1000))) return void res.once('drain', pump);
        }
        res.end(`${sample.slice(0, -1)}]}}`);
      };
      res.on('close', () => {
        sent = Infinity;
      });
      pump();
    });
    const r = await cli('check-deploy', '-p', `http://127.0.0.1:${port}`, '--timeout', '60', 'examples/order-api.yaml');
    expect(r.code).toBe(69);
    expect(r.err).toMatch(/larger than 32 MiB/);
  });

  it('a redirect is an error and the tenant header never reaches its target', async () => {
    const reached: IncomingHttpHeaders[] = [];
    const target = await serve((req, res) => {
      reached.push(req.headers);
      res.writeHead(200);
      res.end('{}');
    });
    const port = await serve((req, res) => {
      res.writeHead(302, { Location: `http://127.0.0.1:${target}${req.url}` });
      res.end();
    });
    const r = await cli('check-deploy', '-p', `http://127.0.0.1:${port}`, '--tenant', 'team-a', 'examples/order-api.yaml');
    expect(r.code).toBe(69);
    expect(r.err).toContain('redirects are not followed');
    expect(reached).toEqual([]);
  });
});
