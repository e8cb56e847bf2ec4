/** Issue #19, finding 10: the burn-down query quotes the SLO name; it is data, never PromQL. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { burnDown } from '../../src/live/budget.ts';
import { compile } from '../../src/core/index.ts';
import { parsePromql, unwrap, vectorSelectors } from '../../src/core/promql/parse.ts';
import { createPromClient } from '../../src/prom/client.ts';

let server: Server | undefined;
afterAll(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

describe('burn-down chart query', () => {
  it('an SLO name full of PromQL stays one label value of one selector', async () => {
    const queries: string[] = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        queries.push(new URLSearchParams(body).get('query') ?? '');
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"status":"success","data":{"resultType":"matrix","result":[]}}');
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const name = 'x"} or vector(1) or up{a="\\';
    // The spec stage would accept this name (quotes are fine); the model is what the studio charts.
    const r = compile({
      file: 'svc.yaml',
      text: `service:\n  name: svc\n  team: t\n  tier: low\n  type: api\nresources:\n  - kind: SLO\n    name: ${JSON.stringify(name)}\n    spec:\n      objective: 99.9\n`,
    });
    expect(r.ok).toBe(true);
    const client = createPromClient({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      fetch: (u, i) => fetch(u, i),
      retries: 0,
    });
    await burnDown(client, r.model!, r.model!.slos[0]!, Date.now());
    const first = queries[0]!;
    const parsed = parsePromql(first);
    expect(parsed.errors).toEqual([]);
    expect(unwrap(parsed.tree.topNode).name).toBe('VectorSelector');
    expect(vectorSelectors(parsed)[0]!.matchers).toContainEqual({ name: 'slo', op: '=', value: name });
  });
});
