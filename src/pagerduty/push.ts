/**
 * Makes PagerDuty match `pagerduty-config.json`, idempotently: every resource is looked up by its
 * stable name first, created when missing, updated only where a field we manage differs, and left
 * alone otherwise. Without `confirm` nothing is written and the result says what would change.
 *
 * Rotations belong to the team: an existing schedule keeps its users and start dates, only its
 * shape (time zone, turn length, restrictions) follows the spec.
 */
import { type PagerDutyConfig, type PagerDutyResource } from '../core/index.ts';
import { PagerDutyError, type Json, type PagerDutyClient } from './client.ts';

export type ChangeAction = 'create' | 'update' | 'unchanged' | 'found' | 'missing';

export interface Change {
  kind: PagerDutyResource['kind'];
  name: string;
  action: ChangeAction;
  id?: string;
  /** `num_loops: 2 → 3`, one line per differing field (updates only). */
  differences: string[];
}

export interface PushResult {
  changes: Change[];
  /** False on a dry run, or when a referenced resource is missing (then nothing is written). */
  applied: boolean;
}

export interface PushOptions {
  confirm: boolean;
}

const REF = /^ref:(.+)$/;
const PENDING = 'pending:';
const keyOf = (r: PagerDutyResource): string => `${r.path}/${r.name}`;

/** Replaces every `ref:<collection>/<name>` string with the id found or created for it. */
export function resolveRefs(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    const m = REF.exec(value);
    if (!m) return value;
    const id = ids.get(m[1]!);
    if (id === undefined) throw new Error(`unresolved PagerDuty reference ${value}`);
    return id;
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, ids));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, ids)]));
  return value;
}

function show(v: unknown): string {
  const s = v === undefined ? '(unset)' : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/**
 * Fields of `want` that `have` does not match. Fields PagerDuty adds (ids, self links, summaries)
 * are not ours and are ignored; arrays must match element by element.
 */
export function differences(want: unknown, have: unknown, path = ''): string[] {
  if (Array.isArray(want)) {
    if (!Array.isArray(have) || have.length !== want.length) return [`${path}: ${show(have)} → ${show(want)}`];
    return want.flatMap((w, i) => differences(w, have[i], `${path}[${i}]`));
  }
  if (want && typeof want === 'object') {
    if (!have || typeof have !== 'object' || Array.isArray(have)) return [`${path}: ${show(have)} → ${show(want)}`];
    return Object.entries(want).flatMap(([k, w]) => differences(w, (have as Json)[k], path ? `${path}.${k}` : k));
  }
  if (want === null && have === undefined) return [];
  return want === have ? [] : [`${path}: ${show(have)} → ${show(want)}`];
}

/** The desired schedule with the existing layers' ids, users and start dates kept. */
function keepRotation(want: Json, have: Json): Json {
  const oldLayers = Array.isArray(have.schedule_layers) ? (have.schedule_layers as Json[]) : [];
  const layers = (want.schedule_layers as Json[]).map((layer, i) => {
    const old = oldLayers[i];
    return old ? { ...layer, id: old.id, start: old.start, rotation_virtual_start: old.rotation_virtual_start, users: old.users } : layer;
  });
  return { ...want, schedule_layers: layers };
}

async function findByName(client: PagerDutyClient, r: PagerDutyResource): Promise<Json | undefined> {
  if (r.id) return (await client.get(`${r.path}/${encodeURIComponent(r.id)}`))[r.kind] as Json | undefined;
  if (r.kind === 'user') {
    if (r.name === 'me') return (await client.get('users/me')).user as Json | undefined;
    return (await client.list('users', { query: r.name })).find((u) => u.email === r.name);
  }
  // `query` matches substrings, so keep exact names only.
  const matches = (await client.list(r.path, { query: r.name })).filter((item) => item.name === r.name);
  if (matches.length > 1) {
    throw new PagerDutyError(
      'decode',
      `${matches.length} PagerDuty ${r.kind.replace('_', ' ')}s are named "${r.name}"; rename or delete all but one`,
    );
  }
  if (matches.length === 0) return undefined;
  return (await client.get(`${r.path}/${encodeURIComponent(String(matches[0]!.id))}`))[r.kind] as Json | undefined;
}

export async function pushPagerDuty(config: PagerDutyConfig, client: PagerDutyClient, options: PushOptions): Promise<PushResult> {
  const ids = new Map<string, string>();
  const changes: Change[] = [];

  // Everything we only refer to must exist before anything is written.
  for (const r of config.resources.filter((x) => x.lookupOnly)) {
    const found = await findByName(client, r);
    if (found?.id) ids.set(keyOf(r), String(found.id));
    changes.push({
      kind: r.kind,
      name: r.name,
      action: found?.id ? 'found' : 'missing',
      ...(found?.id ? { id: String(found.id) } : {}),
      differences: [],
    });
  }
  if (changes.some((c) => c.action === 'missing')) return { changes, applied: false };

  for (const r of config.resources.filter((x) => !x.lookupOnly)) {
    if (r.kind === 'event_orchestration') {
      changes.push(await reconcileOrchestration(r, client, ids, options));
      continue;
    }
    const singular = r.kind;
    const desired = resolveRefs(r.body, ids) as Json;
    const want = desired[singular] as Json;
    const existing = await findByName(client, r);
    if (!existing) {
      let id = `${PENDING}${keyOf(r)}`;
      if (options.confirm) {
        const created = (await client.post(r.path, { [singular]: want }))[singular] as Json | undefined;
        if (!created?.id) throw new PagerDutyError('decode', `POST ${r.path}: the answer has no ${singular}.id`);
        id = String(created.id);
      }
      ids.set(keyOf(r), id);
      changes.push({ kind: r.kind, name: r.name, action: 'create', ...(options.confirm ? { id } : {}), differences: [] });
      continue;
    }
    const id = String(existing.id);
    ids.set(keyOf(r), id);
    const target = r.kind === 'schedule' ? keepRotation(want, existing) : want;
    const diff = differences(target, existing);
    if (diff.length > 0 && options.confirm) await client.put(`${r.path}/${encodeURIComponent(id)}`, { [singular]: target });
    changes.push({ kind: r.kind, name: r.name, action: diff.length ? 'update' : 'unchanged', id, differences: diff });
  }
  return { changes, applied: options.confirm };
}

async function reconcileOrchestration(
  r: PagerDutyResource,
  client: PagerDutyClient,
  ids: Map<string, string>,
  options: PushOptions,
): Promise<Change> {
  const want = (resolveRefs(r.body, ids) as Json).orchestration_path as Json;
  const serviceId = String((want.parent as Json).id);
  if (serviceId.startsWith(PENDING)) {
    // Dry run for a service that does not exist yet: its orchestration will be set once it does.
    return { kind: r.kind, name: r.name, action: 'create', differences: [] };
  }
  const path = `${r.path}/${encodeURIComponent(serviceId)}`;
  const have = (await client.get(path)).orchestration_path as Json | undefined;
  const diff = differences(want, have);
  if (diff.length > 0 && options.confirm) await client.put(path, { orchestration_path: want });
  // Every service has an orchestration; one without rules is PagerDuty's empty default.
  const sets = Array.isArray(have?.sets) ? (have.sets as Json[]) : [];
  const empty = sets.every((set) => !Array.isArray(set.rules) || set.rules.length === 0);
  if (diff.length > 0 && empty) return { kind: r.kind, name: r.name, action: 'create', id: serviceId, differences: [] };
  return { kind: r.kind, name: r.name, action: diff.length ? 'update' : 'unchanged', id: serviceId, differences: diff };
}
