/**
 * Rule groups to a ruler's configuration API, one group per request, YAML bodies:
 *   Mimir / Cortex  {base}/prometheus/config/v1/rules/{namespace}[/{group}]
 *   Loki            {base}/loki/api/v1/rules/{namespace}[/{group}]
 * GET of a namespace answers `{namespace: [groups]}` (404 when it has none); POST of a group to
 * the namespace creates or replaces it; DELETE of namespace/group removes one group.
 *
 * A push reads each namespace once, compares group by group and writes only what differs: a
 * second push of the same specs writes nothing. With prune it deletes the groups a service owns
 * that its spec no longer produces. A service owns a group when the group's name starts with
 * `nthlayer-<service>-` and every rule in it carries `service: <service>` (the name alone cannot
 * tell service `order` from `order-api`); fleet-wide groups belong to no service and are never
 * pruned, since another service may still need them.
 */
import { parse, stringify } from 'yaml';
import type { HttpClient } from './http.ts';
import { DeliveryError } from './http.ts';

export type RulerKind = 'mimir' | 'loki';

const RULER_PATHS: Record<RulerKind, string> = {
  mimir: '/prometheus/config/v1/rules',
  loki: '/loki/api/v1/rules',
};

/** A Prometheus (or Loki) rule group as the ruler stores it. */
export interface Group {
  name: string;
  interval?: string;
  rules: Record<string, unknown>[];
  [key: string]: unknown;
}

export interface RulerClient {
  kind: RulerKind;
  displayUrl: string;
  namespace(ns: string): Promise<Group[]>;
  setGroup(ns: string, group: Group): Promise<void>;
  deleteGroup(ns: string, name: string): Promise<void>;
}

const seg = (s: string): string => encodeURIComponent(s);

export function createRulerClient(http: HttpClient, kind: RulerKind): RulerClient {
  const base = RULER_PATHS[kind];
  return {
    kind,
    displayUrl: http.displayUrl,
    async namespace(ns) {
      const r = await http.request('GET', `${base}/${seg(ns)}`, { accept: [404] });
      if (r.status === 404) return [];
      let doc: unknown;
      try {
        doc = parse(r.text);
      } catch {
        throw new DeliveryError(
          'decode',
          `GET ${http.displayUrl}${base}/${seg(ns)}: the answer is not YAML: is this a ${kind === 'loki' ? 'Loki' : 'Mimir or Cortex'} ruler?`,
        );
      }
      const groups = doc && typeof doc === 'object' ? (doc as Record<string, unknown>)[ns] : undefined;
      if (doc === null || doc === undefined) return [];
      if (!Array.isArray(groups)) {
        throw new DeliveryError('decode', `GET ${http.displayUrl}${base}/${seg(ns)}: expected {${ns}: [rule groups]}`);
      }
      return groups as Group[];
    },
    async setGroup(ns, group) {
      await http.request('POST', `${base}/${seg(ns)}`, { body: stringify(group, { lineWidth: 0 }), contentType: 'application/yaml' });
    },
    async deleteGroup(ns, name) {
      await http.request('DELETE', `${base}/${seg(ns)}/${seg(name)}`);
    },
  };
}

export type GroupAction = 'create' | 'update' | 'unchanged' | 'delete';

export interface GroupChange {
  action: GroupAction;
  namespace: string;
  group: string;
  /** For updates: what differs, rule by rule. */
  differences: string[];
}

export interface RuleTarget {
  namespace: string;
  groups: Group[];
  /** The service whose groups these are; undefined for fleet-wide groups (never pruned). */
  owner?: string;
}

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** Seconds of a Prometheus duration (`1h30m`, `90s`), so `1h` and `60m` compare equal. */
function durationSeconds(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const text = String(v);
  let total = 0;
  let rest = text;
  while (rest.length) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/.exec(rest);
    if (!m) return Number.NaN;
    total += Number(m[1]) * UNITS[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}

const sortObject = (o: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries((o ?? {}) as Record<string, unknown>)
      .map(([k, v]): [string, string] => [k, String(v)])
      .sort((x, y) => x[0].localeCompare(y[0])),
  );

/** The parts of a rule that matter, in a fixed shape: what a ruler keeps of what we sent. */
function canonicalRule(r: Record<string, unknown>): Record<string, unknown> {
  const forSeconds = durationSeconds(r.for);
  const keep = durationSeconds(r.keep_firing_for);
  return {
    ...(r.record !== undefined ? { record: String(r.record) } : { alert: String(r.alert) }),
    expr: String(r.expr ?? '').trim(),
    ...(forSeconds ? { for: forSeconds } : {}),
    ...(keep ? { keep_firing_for: keep } : {}),
    labels: sortObject(r.labels),
    annotations: sortObject(r.annotations),
  };
}

/** Differences between the group we want and the one the ruler has, e.g. `rules[3].expr`. */
function groupDifferences(want: Group, have: Group): string[] {
  const out: string[] = [];
  const wi = durationSeconds(want.interval);
  const hi = durationSeconds(have.interval);
  if (wi !== hi) out.push(`interval: ${have.interval ?? '(default)'} → ${want.interval ?? '(default)'}`);
  const n = Math.max(want.rules.length, have.rules.length);
  for (let i = 0; i < n; i++) {
    const w = want.rules[i] ? canonicalRule(want.rules[i]!) : undefined;
    const h = have.rules[i] ? canonicalRule(have.rules[i]!) : undefined;
    if (!w) {
      out.push(`rules[${i}]: removed (${String(h!.record ?? h!.alert)})`);
      continue;
    }
    if (!h) {
      out.push(`rules[${i}]: added (${String(w.record ?? w.alert)})`);
      continue;
    }
    for (const k of new Set([...Object.keys(w), ...Object.keys(h)])) {
      if (JSON.stringify(w[k]) !== JSON.stringify(h[k])) out.push(`rules[${i}] (${String(w.record ?? w.alert)}).${k} differs`);
    }
  }
  return out;
}

/** Whether `service` owns a group found in a ruler (see the module comment). */
function ownedBy(group: Group, service: string): boolean {
  return (
    group.name.startsWith(`nthlayer-${service}-`) &&
    Array.isArray(group.rules) &&
    group.rules.length > 0 &&
    group.rules.every((r) => ((r.labels ?? {}) as Record<string, unknown>).service === service)
  );
}

/**
 * Makes the ruler hold the target groups: reads each namespace once, then (with `confirm`)
 * creates and updates what differs and, with `prune`, deletes what an owner no longer produces.
 */
export async function pushRuleGroups(
  client: RulerClient,
  targets: readonly RuleTarget[],
  opts: { confirm: boolean; prune: boolean },
): Promise<GroupChange[]> {
  const changes: GroupChange[] = [];
  const existing = new Map<string, Group[]>();
  for (const t of targets) if (!existing.has(t.namespace)) existing.set(t.namespace, await client.namespace(t.namespace));
  const wanted = new Set<string>();
  for (const t of targets) {
    const have = existing.get(t.namespace)!;
    for (const g of t.groups) {
      const key = `${t.namespace}\u0000${g.name}`;
      if (wanted.has(key)) continue; // the same fleet group from several services
      wanted.add(key);
      const old = have.find((h) => h.name === g.name);
      const differences = old ? groupDifferences(g, old) : [];
      const action: GroupAction = !old ? 'create' : differences.length ? 'update' : 'unchanged';
      changes.push({ action, namespace: t.namespace, group: g.name, differences });
      if (opts.confirm && action !== 'unchanged') await client.setGroup(t.namespace, g);
    }
  }
  if (opts.prune) {
    for (const t of targets) {
      if (!t.owner) continue;
      for (const h of existing.get(t.namespace)!) {
        const key = `${t.namespace}\u0000${h.name}`;
        if (wanted.has(key) || !ownedBy(h, t.owner)) continue;
        wanted.add(key);
        changes.push({ action: 'delete', namespace: t.namespace, group: h.name, differences: [] });
        if (opts.confirm) await client.deleteGroup(t.namespace, h.name);
      }
    }
  }
  return changes;
}
