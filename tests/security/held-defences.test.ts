/**
 * Defences the attack on issue #19 found holding, kept under test: static-file path traversal and
 * request smuggling against the proxy's server, and prototype pollution through spec and
 * environment files. (The API allowlist, CORS and oversized bodies: tests/proxy/proxy.test.ts;
 * YAML alias bombs: tests/fixtures/invalid/alias-bomb.yaml; share links and zip uploads:
 * src/ui/lib/share.test.ts, src/ui/portfolio/sources.test.ts and the Chromium tests.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/core/index.ts';
import { createStudioServer } from '../../src/proxy/server.ts';
import { tempDir } from '../helpers/promtool.ts';

let server: Server;
let port = 0;

beforeAll(async () => {
  const root = tempDir('nthlayer-held-');
  const dist = join(root, 'dist');
  mkdirSync(dist);
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>studio</title>');
  writeFileSync(join(root, 'secret.txt'), 'TOP-SECRET');
  server = createStudioServer({ port: 0, staticDir: dist, upstream: 'http://127.0.0.1:9', allowOrigins: [], log: () => {} });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function send(raw: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => s.write(raw));
    let out = '';
    s.on('data', (b) => {
      out += b.toString();
    });
    s.on('close', () => resolve(out));
    s.on('error', () => resolve(out));
    setTimeout(() => s.destroy(), 2000);
  });
}

describe('the studio server', () => {
  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%252e%252e/secret.txt'])(
    '%s never serves a file outside dist/',
    async (path) => {
      const reply = await send(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      expect(reply).toMatch(/^HTTP\/1\.1 (200|400|404)/);
      expect(reply).not.toContain('TOP-SECRET');
    },
  );

  it('a request with both Content-Length and Transfer-Encoding (smuggling) is rejected, and the server goes on', async () => {
    const reply = await send(
      'POST /api/v1/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /api/v1/admin/tsdb/snapshot HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
    );
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect(reply).not.toContain('snapshot');
    expect(await send('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 200/);
  });
});

describe('prototype pollution through specs', () => {
  it('__proto__ and constructor keys in a spec and an environment file change no prototype', () => {
    const text =
      'service:\n  name: svc\n  team: t\n  tier: low\n  type: api\n  metadata:\n    __proto__: {polluted: yes}\n    constructor: {prototype: {polluted: yes}}\nresources:\n  - kind: SLO\n    name: a\n    spec:\n      objective: 99.9\n';
    const env =
      'environment: prod\nservice:\n  metadata:\n    __proto__: {polluted: yes}\nresources:\n  - kind: SLO\n    name: a\n    spec:\n      __proto__: {polluted: yes}\n      objective: 99.5\n';
    const r = compile({ file: 'svc.yaml', text, environments: [{ file: 'environments/prod.yaml', text: env }], environment: 'prod' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.model?.slos[0]?.objectivePercent).toBe(99.5);
  });
});
