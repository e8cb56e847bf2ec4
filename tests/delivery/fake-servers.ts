/**
 * Recording stand-ins for a Mimir/Cortex ruler, Loki's ruler and Grafana on free loopback ports:
 * they keep what they are sent in memory, answer the way the real APIs do (YAML namespaces from
 * the rulers, Grafana's JSON with ids, versions and re-ordered keys), refuse requests without the
 * right credentials or tenant, and record every request for the tests to check.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { parse, stringify } from 'yaml';
import { readBody } from '../pagerduty/fake-pagerduty.ts';

export interface Recorded {
  method: string;
  /** Path and query. */
  url: string;
  authorization: string | undefined;
  tenant: string | undefined;
  contentType: string | undefined;
  body: string;
}

interface Base {
  url: string;
  requests: Recorded[];
  close: () => Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void, requests: Recorded[]): Promise<Base> {
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    requests.push({
      method: req.method!,
      url: req.url!,
      authorization: req.headers.authorization,
      tenant: req.headers['x-scope-orgid'] as string | undefined,
      contentType: req.headers['content-type'],
      body,
    });
    handler(req, res, body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  return {
    url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export type Group = { name: string; rules: Record<string, any>[]; [k: string]: unknown };

export interface FakeRuler extends Base {
  /** tenant → namespace → groups ('' is the tenant of requests without X-Scope-OrgID). */
  store: Map<string, Map<string, Group[]>>;
  groups: (tenant: string, namespace: string) => Group[];
}

/** A ruler config API under `prefix` (`/prometheus/config/v1/rules` or `/loki/api/v1/rules`). */
export async function startFakeRuler(prefix: string, authorization: string): Promise<FakeRuler> {
  const store = new Map<string, Map<string, Group[]>>();
  const ns = (tenant: string): Map<string, Group[]> => store.get(tenant) ?? store.set(tenant, new Map()).get(tenant)!;
  const requests: Recorded[] = [];
  const base = await listen((req, res, body) => {
    const send = (status: number, text: string, type = 'application/json'): void => {
      res.writeHead(status, { 'content-type': type });
      res.end(text);
    };
    if (req.headers.authorization !== authorization) return send(401, 'authentication required\n', 'text/plain');
    const tenant = (req.headers['x-scope-orgid'] as string | undefined) ?? '';
    const path = new URL(req.url!, 'http://x').pathname;
    if (!path.startsWith(`${prefix}/`)) return send(404, '404 page not found\n', 'text/plain');
    const [namespace, group] = path
      .slice(prefix.length + 1)
      .split('/')
      .map(decodeURIComponent);
    const spaces = ns(tenant);
    if (req.method === 'GET' && namespace && !group) {
      const groups = spaces.get(namespace);
      if (!groups?.length) return send(404, '{"status":"error","data":null,"errorType":"","error":"no rule groups found"}');
      return send(200, stringify({ [namespace]: groups }), 'application/yaml');
    }
    if (req.method === 'POST' && namespace && !group) {
      if (req.headers['content-type'] !== 'application/yaml') return send(400, 'unsupported content type');
      let g: Group;
      try {
        g = parse(body) as Group;
      } catch {
        return send(400, 'invalid YAML');
      }
      if (!g?.name || !Array.isArray(g.rules)) return send(400, 'invalid rule group');
      const groups = spaces.get(namespace) ?? [];
      const i = groups.findIndex((x) => x.name === g.name);
      if (i >= 0) groups[i] = g;
      else groups.push(g);
      spaces.set(namespace, groups);
      return send(202, '{"status":"success","data":null,"errorType":"","error":""}');
    }
    if (req.method === 'DELETE' && namespace && group) {
      const groups = spaces.get(namespace) ?? [];
      const i = groups.findIndex((x) => x.name === group);
      if (i < 0) return send(404, '{"status":"error","error":"group does not exist"}');
      groups.splice(i, 1);
      return send(202, '{"status":"success","data":null,"errorType":"","error":""}');
    }
    return send(405, 'method not allowed');
  }, requests);
  return { ...base, store, groups: (tenant, namespace) => store.get(tenant)?.get(namespace) ?? [] };
}

export interface FakeGrafana extends Base {
  folders: { id: number; uid: string; title: string }[];
  /** uid → stored dashboard and its folder. */
  dashboards: Map<string, { dashboard: Record<string, any>; folderUid: string }>;
}

/** Keys sorted at every level, as Grafana stores dashboard JSON. */
function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, sorted(x)]),
    );
  return v;
}

export async function startFakeGrafana(token: string): Promise<FakeGrafana> {
  const requests: Recorded[] = [];
  const folders: FakeGrafana['folders'] = [];
  const dashboards: FakeGrafana['dashboards'] = new Map();
  let ids = 100;
  const base = await listen((req, res, body) => {
    const send = (status: number, payload: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { message: 'Unauthorized' });
    const url = new URL(req.url!, 'http://x');
    const path = url.pathname;
    if (req.method === 'GET' && path === '/api/folders') {
      const limit = Number(url.searchParams.get('limit') ?? 1000);
      const page = Number(url.searchParams.get('page') ?? 1);
      return send(200, folders.slice((page - 1) * limit, page * limit));
    }
    if (req.method === 'POST' && path === '/api/folders') {
      const { title } = JSON.parse(body) as { title: string };
      if (folders.some((f) => f.title === title)) return send(409, { message: 'a folder with the same name already exists' });
      const f = { id: ids++, uid: `f${ids}`, title };
      folders.push(f);
      return send(200, { ...f, url: `/dashboards/f/${f.uid}`, version: 1 });
    }
    const byUid = /^\/api\/dashboards\/uid\/([^/]+)$/.exec(path);
    if (byUid) {
      const uid = decodeURIComponent(byUid[1]!);
      const d = dashboards.get(uid);
      if (!d) return send(404, { message: 'Dashboard not found' });
      if (req.method === 'GET') {
        const folder = folders.find((f) => f.uid === d.folderUid);
        return send(200, {
          dashboard: d.dashboard,
          meta: { slug: uid, folderUid: d.folderUid, folderTitle: folder?.title ?? 'General', version: d.dashboard.version },
        });
      }
      if (req.method === 'DELETE') {
        dashboards.delete(uid);
        return send(200, { title: d.dashboard.title, message: 'Dashboard deleted', id: d.dashboard.id });
      }
    }
    if (req.method === 'POST' && path === '/api/dashboards/db') {
      const { dashboard, folderUid, overwrite } = JSON.parse(body) as {
        dashboard: Record<string, any>;
        folderUid: string;
        overwrite: boolean;
      };
      const old = dashboards.get(dashboard.uid);
      if (old && !overwrite) return send(412, { message: 'The dashboard has been changed by someone else', status: 'version-mismatch' });
      if (!folders.some((f) => f.uid === folderUid)) return send(400, { message: 'folder not found' });
      const stored = sorted({ ...dashboard, id: old?.dashboard.id ?? ids++, version: (old?.dashboard.version ?? 0) + 1 }) as Record<
        string,
        any
      >;
      dashboards.set(dashboard.uid, { dashboard: stored, folderUid });
      return send(200, {
        id: stored.id,
        uid: stored.uid,
        url: `/d/${stored.uid}`,
        status: 'success',
        version: stored.version,
        slug: stored.uid,
      });
    }
    if (req.method === 'GET' && path === '/api/search') {
      const tag = url.searchParams.get('tag');
      const folder = url.searchParams.get('folderUIDs');
      const hits = [...dashboards.values()]
        .filter((d) => (!tag || (d.dashboard.tags ?? []).includes(tag)) && (!folder || d.folderUid === folder))
        .map((d) => ({
          id: d.dashboard.id,
          uid: d.dashboard.uid,
          title: d.dashboard.title,
          tags: d.dashboard.tags ?? [],
          type: 'dash-db',
          folderUid: d.folderUid,
        }));
      return send(200, hits);
    }
    return send(404, { message: 'Not found' });
  }, requests);
  return { ...base, folders, dashboards };
}
