/**
 * A recording stand-in for the PagerDuty REST API v2 on a free loopback port: keeps teams,
 * schedules, escalation policies, services and service orchestrations in memory, answers the
 * way PagerDuty does (extra fields included), and records every request for the test to check.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/teams?query=commerce&limit=100&offset=0`. */
  url: string;
  authorization: string | undefined;
  accept: string | undefined;
  body: any;
}

type Obj = Record<string, any>;
const COLLECTIONS = {
  teams: 'team',
  schedules: 'schedule',
  escalation_policies: 'escalation_policy',
  services: 'service',
  users: 'user',
} as const;
type Collection = keyof typeof COLLECTIONS;
const PREFIX: Record<Collection, string> = { teams: 'PT', schedules: 'PS', escalation_policies: 'PE', services: 'PV', users: 'PU' };

export interface FakePagerDuty {
  url: string;
  requests: RecordedRequest[];
  store: Record<Collection, Obj[]>;
  orchestrations: Map<string, Obj>;
  /** Answer every request with this status (e.g. 500) while set. */
  failWith?: number;
  close: () => Promise<void>;
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      data += c;
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

export async function startFakePagerDuty(token: string): Promise<FakePagerDuty> {
  const store: Record<Collection, Obj[]> = {
    teams: [],
    schedules: [],
    services: [],
    users: [{ id: 'PU00001', type: 'user', name: 'On Call', email: 'oncall@example.com' }],
    escalation_policies: [{ id: 'PSRE001', type: 'escalation_policy', name: 'sre-escalation', num_loops: 2, escalation_rules: [] }],
  };
  const orchestrations = new Map<string, Obj>();
  const counters: Record<string, number> = {};
  const fake: FakePagerDuty = { url: '', requests: [], store, orchestrations, close: async () => {} };
  const server: Server = createServer(async (req, res) => {
    const text = await readBody(req);
    const body = text ? JSON.parse(text) : undefined;
    fake.requests.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, accept: req.headers.accept, body });
    const send = (status: number, payload: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (fake.failWith) return send(fake.failWith, { error: { message: 'Internal Server Error', code: 2000 } });
    if (req.headers.authorization !== `Token token=${token}`) return send(401, { error: { message: 'Unauthorized', code: 2006 } });

    const url = new URL(req.url!, 'http://x');
    const parts = url.pathname.split('/').filter(Boolean);
    const self = (c: string, id: string): string => `${fake.url}/${c}/${id}`;

    if (parts[0] === 'users' && parts[1] === 'me') return send(200, { user: store.users[0] });
    if (parts[0] === 'event_orchestrations' && parts[1] === 'services' && parts[2]) {
      const id = parts[2];
      if (!store.services.some((s) => s.id === id)) return send(404, { error: { message: 'Not Found', code: 2100 } });
      if (req.method === 'GET') {
        return send(200, {
          orchestration_path: orchestrations.get(id) ?? {
            type: 'service',
            parent: { id, type: 'service_reference', self: self('services', id) },
            sets: [{ id: 'start', rules: [] }],
            catch_all: { actions: {} },
            version: null,
          },
        });
      }
      if (req.method === 'PUT') {
        const path = structuredClone(body.orchestration_path);
        path.parent.self = self('services', id);
        path.sets.forEach((set: Obj) =>
          set.rules.forEach((r: Obj, i: number) => {
            r.id = `${id.toLowerCase()}${i}`;
          }),
        );
        path.catch_all.actions = { suppress: false, ...path.catch_all.actions };
        orchestrations.set(id, path);
        return send(200, { orchestration_path: path });
      }
    }
    const collection = parts[0] as Collection;
    const singular = COLLECTIONS[collection];
    if (!singular) return send(404, { error: { message: 'Not Found', code: 2100 } });
    const items = store[collection];

    if (req.method === 'GET' && parts.length === 1) {
      const q = url.searchParams.get('query') ?? '';
      const found = items
        .filter((i) => String(i.name ?? '').includes(q) || String(i.email ?? '').includes(q))
        .map((i) => ({ id: i.id, type: i.type, name: i.name, summary: i.name, self: self(collection, i.id), email: i.email }));
      const limit = Number(url.searchParams.get('limit') ?? 25);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      return send(200, {
        [collection]: found.slice(offset, offset + limit),
        limit,
        offset,
        more: offset + limit < found.length,
        total: null,
      });
    }
    const item = parts[1] ? items.find((i) => i.id === parts[1]) : undefined;
    if (req.method === 'GET' && parts.length === 2)
      return item ? send(200, { [singular]: item }) : send(404, { error: { message: 'Not Found', code: 2100 } });
    const decorate = (o: Obj, id: string): Obj => {
      const out: Obj = {
        ...structuredClone(o),
        id,
        summary: o.name,
        self: self(collection, id),
        html_url: `https://example.pagerduty.com/${collection}/${id}`,
      };
      // PagerDuty answers references with summaries, schedule layers with ids and user summaries.
      for (const rule of out.escalation_rules ?? []) for (const t of rule.targets) t.summary = 'target';
      for (const t of out.teams ?? []) t.summary = 'team';
      (out.schedule_layers ?? []).forEach((l: Obj, i: number) => {
        l.id = l.id ?? `L${id}${i}`;
        for (const u of l.users) u.user.summary = 'On Call';
      });
      return out;
    };
    if (req.method === 'POST' && parts.length === 1) {
      counters[collection] = (counters[collection] ?? 0) + 1;
      const id = `${PREFIX[collection]}${String(counters[collection]).padStart(5, '0')}`;
      const created = decorate(body[singular], id);
      items.push(created);
      return send(201, { [singular]: created });
    }
    if (req.method === 'PUT' && item) {
      const updated = decorate(body[singular], item.id);
      items.splice(items.indexOf(item), 1, updated);
      return send(200, { [singular]: updated });
    }
    return send(400, { error: { message: 'Invalid Input Provided', code: 2001 } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  fake.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}
