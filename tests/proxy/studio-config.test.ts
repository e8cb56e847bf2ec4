/** The studio's server tells it whether /api/v1/… is answered there (studio-config.json). */
import type { Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { createStudioServer } from '../../src/proxy/server.ts';

const servers: Server[] = [];

async function start(upstream?: string): Promise<string> {
  const server = createStudioServer({
    port: 0,
    ...(upstream ? { upstream } : {}),
    allowOrigins: [],
    log: () => {},
    staticDir: 'tests/fixtures',
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  return `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
}

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

describe('studio-config.json', () => {
  it('says "proxy" when the server forwards to a Prometheus (nthlayer proxy)', async () => {
    const url = await start('http://127.0.0.1:9');
    const r = await fetch(new URL('studio-config.json', url));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(r.headers.get('cache-control')).toBe('no-cache');
    expect(await r.json()).toEqual({ proxy: true });
  });

  it('says "no proxy" without an upstream (nthlayer studio), which answers the API with 503', async () => {
    const url = await start();
    expect(await (await fetch(new URL('studio-config.json', url))).json()).toEqual({ proxy: false });
    expect((await fetch(new URL('api/v1/status/buildinfo', url))).status).toBe(503);
  });
});
