/**
 * Dashboards to Grafana's HTTP API (a service account token as a bearer token):
 *   GET  /api/folders?limit=&page=        find the folder by title; POST /api/folders creates it
 *   GET  /api/dashboards/uid/{uid}        what Grafana has now (404: nothing)
 *   POST /api/dashboards/db               create or replace, by the dashboard's stable uid
 *   GET  /api/search?type=dash-db&tag=nthlayer&folderUIDs=…   candidates for prune
 *   DELETE /api/dashboards/uid/{uid}
 * A push writes only dashboards whose JSON (ids and versions aside) or folder differ: a second
 * push of the same specs writes nothing. NthLayer owns a dashboard when its uid starts with
 * `nthlayer-` and it carries the `nthlayer` tag (every generated dashboard does); prune deletes,
 * in the target folder only, the owned dashboards none of the pushed specs produce.
 */
import type { HttpClient } from './http.ts';
import { DeliveryError } from './http.ts';

const OWNER_TAG = 'nthlayer';
const OWNER_UID_PREFIX = 'nthlayer-';
const PAGE = 1000;

type Json = Record<string, unknown>;

function json(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new DeliveryError('decode', `${what}: the answer is not JSON: is this Grafana?`);
  }
}

export interface Folder {
  uid: string;
  title: string;
}

export interface GrafanaClient {
  displayUrl: string;
  folders(): Promise<Folder[]>;
  createFolder(title: string): Promise<Folder>;
  dashboard(uid: string): Promise<{ dashboard: Json; folderUid: string | undefined } | undefined>;
  saveDashboard(dashboard: Json, folderUid: string): Promise<void>;
  ownedInFolder(folderUid: string): Promise<{ uid: string; title: string }[]>;
  deleteDashboard(uid: string): Promise<void>;
}

export function createGrafanaClient(http: HttpClient): GrafanaClient {
  const at = (path: string): string => `${http.displayUrl}${path}`;
  return {
    displayUrl: http.displayUrl,
    async folders() {
      const out: Folder[] = [];
      for (let page = 1; ; page++) {
        const path = `/api/folders?limit=${PAGE}&page=${page}`;
        const list = json((await http.request('GET', path)).text, `GET ${at(path)}`);
        if (!Array.isArray(list)) throw new DeliveryError('decode', `GET ${at(path)}: expected a list of folders`);
        out.push(...(list as Json[]).map((f) => ({ uid: String(f.uid), title: String(f.title) })));
        if (list.length < PAGE) return out;
      }
    },
    async createFolder(title) {
      const f = json(
        (await http.request('POST', '/api/folders', { body: JSON.stringify({ title }) })).text,
        `POST ${at('/api/folders')}`,
      ) as Json;
      return { uid: String(f.uid), title: String(f.title) };
    },
    async dashboard(uid) {
      const path = `/api/dashboards/uid/${encodeURIComponent(uid)}`;
      const r = await http.request('GET', path, { accept: [404] });
      if (r.status === 404) return undefined;
      const body = json(r.text, `GET ${at(path)}`) as { dashboard?: Json; meta?: { folderUid?: string } };
      if (!body.dashboard) throw new DeliveryError('decode', `GET ${at(path)}: no dashboard in the answer`);
      return { dashboard: body.dashboard, folderUid: body.meta?.folderUid || undefined };
    },
    async saveDashboard(dashboard, folderUid) {
      await http.request('POST', '/api/dashboards/db', {
        body: JSON.stringify({
          dashboard: { ...dashboard, id: null },
          folderUid,
          overwrite: true,
          message: 'nthlayer apply --push-grafana',
        }),
      });
    },
    async ownedInFolder(folderUid) {
      const path = `/api/search?type=dash-db&tag=${OWNER_TAG}&folderUIDs=${encodeURIComponent(folderUid)}&limit=5000`;
      const list = json((await http.request('GET', path)).text, `GET ${at(path)}`);
      if (!Array.isArray(list)) throw new DeliveryError('decode', `GET ${at(path)}: expected a list of dashboards`);
      return (list as Json[])
        .filter((d) => String(d.uid).startsWith(OWNER_UID_PREFIX) && Array.isArray(d.tags) && d.tags.includes(OWNER_TAG))
        .map((d) => ({ uid: String(d.uid), title: String(d.title) }));
    },
    async deleteDashboard(uid) {
      await http.request('DELETE', `/api/dashboards/uid/${encodeURIComponent(uid)}`);
    },
  };
}

/** JSON with keys sorted: Grafana may store keys in another order than we sent them. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Json)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, canonical(x)]),
    );
  return v;
}

/** Top-level fields of the dashboard JSON that differ, ids and versions aside. */
function dashboardDifferences(want: Json, have: Json): string[] {
  const ignore = new Set(['id', 'version']);
  const keys = [...new Set([...Object.keys(want), ...Object.keys(have)])].filter((k) => !ignore.has(k)).sort();
  return keys.filter((k) => JSON.stringify(canonical(want[k])) !== JSON.stringify(canonical(have[k])));
}

export type DashboardAction = 'create' | 'update' | 'unchanged' | 'delete';

export interface DashboardChange {
  action: DashboardAction;
  uid: string;
  title: string;
  differences: string[];
}

export interface GrafanaPush {
  folder: Folder & { created: boolean };
  changes: DashboardChange[];
}

/** Makes the folder hold these dashboards (and, with prune, no other NthLayer dashboard). */
export async function pushDashboards(
  client: GrafanaClient,
  folderTitle: string,
  dashboards: readonly Json[],
  opts: { confirm: boolean; prune: boolean },
): Promise<GrafanaPush> {
  const found = (await client.folders()).find((f) => f.title === folderTitle);
  let folder: Folder & { created: boolean };
  if (found) folder = { ...found, created: false };
  else if (opts.confirm) folder = { ...(await client.createFolder(folderTitle)), created: true };
  else folder = { uid: '', title: folderTitle, created: true };

  const changes: DashboardChange[] = [];
  for (const d of dashboards) {
    const uid = String(d.uid);
    const title = String(d.title);
    const have = await client.dashboard(uid);
    const differences = have ? dashboardDifferences(d, have.dashboard) : [];
    if (have && have.folderUid !== (folder.uid || undefined)) differences.push(`folder: ${have.folderUid ?? '(General)'} → ${folderTitle}`);
    const action: DashboardAction = !have ? 'create' : differences.length ? 'update' : 'unchanged';
    changes.push({ action, uid, title, differences });
    if (opts.confirm && action !== 'unchanged') await client.saveDashboard(d, folder.uid);
  }
  if (opts.prune && folder.uid) {
    const produced = new Set(dashboards.map((d) => String(d.uid)));
    for (const owned of await client.ownedInFolder(folder.uid)) {
      if (produced.has(owned.uid)) continue;
      changes.push({ action: 'delete', uid: owned.uid, title: owned.title, differences: [] });
      if (opts.confirm) await client.deleteDashboard(owned.uid);
    }
  }
  return { folder, changes };
}
