/**
 * Measuring many services' budgets in a few requests: one query for every recorded SLO ratio,
 * then the missing ones computed from raw data in batched queries (each SLO's window ratio,
 * labelled with its service and SLO), never one request per SLO.
 */
import {
  formatDuration,
  parseDuration,
  rawErrorRatioExpr,
  rawPresenceExpr,
  regexLiteral,
  type ServiceModel,
  sloBudget,
  type SloBudget,
} from '../core/index.ts';
import { BASE_SERIES, currentFromRecorded } from './budget.ts';
import type { PromClient, PromError } from '../prom/client.ts';

const RATIO_PREFIX = 'slo:sli_error:ratio_rate';
const BATCH_CHARS = 40_000;

export async function collectPortfolioBudgets(
  client: PromClient,
  models: ServiceModel[],
  now: number,
): Promise<{ ok: true; budgets: Map<ServiceModel, SloBudget[]>; requests: number } | { ok: false; error: PromError }> {
  const before = client.requestCount();
  const time = Math.floor(now / 1000);
  const values = new Map<string, number>(); // `${service}\u0000${slo}` → window error ratio
  const seen = new Map<string, Set<string>>(); // `${service}\u0000${slo}` → recorded base series present now
  const key = (s: string, slo: string) => `${s}\u0000${slo}`;
  const names = [...new Set(models.map((m) => m.name))];
  if (names.length > 0) {
    const r = await client.query(
      `{__name__=~"${RATIO_PREFIX}.+|${BASE_SERIES.join('|')}",service=~"${names.map(regexLiteral).join('|')}"}`,
      time,
    );
    if (!r.ok) return r;
    if (r.data.resultType === 'vector') {
      for (const s of r.data.result) {
        const name = String(s.metric.__name__);
        const model = models.find((m) => m.name === s.metric.service);
        const slo = model?.slos.find((x) => x.name === s.metric.slo);
        if (!slo) continue;
        const k = key(model!.name, slo.name);
        seen.set(k, (seen.get(k) ?? new Set()).add(name));
        if (!name.startsWith(RATIO_PREFIX)) continue;
        const window = parseDuration(name.slice(RATIO_PREFIX.length));
        if (window === slo.window && Number.isFinite(Number(s.value[1]))) values.set(k, Number(s.value[1]));
      }
    }
  }
  const missing = models.flatMap((m) => m.slos.filter((s) => !values.has(key(m.name, s.name))).map((s) => ({ m, s })));
  const raw = new Map<(typeof missing)[number], number>();
  const present = new Set<(typeof missing)[number]>();
  let batch: string[] = [];
  let size = 0;
  const flush = async (): Promise<PromError | undefined> => {
    if (batch.length === 0) return undefined;
    const r = await client.query(batch.join(' or '), time);
    batch = [];
    size = 0;
    if (!r.ok) return r.error;
    if (r.data.resultType === 'vector') {
      for (const s of r.data.result) {
        const item = missing[Number(s.metric.nthlayer_item)];
        if (!item) continue;
        if (s.metric.nthlayer_what === 'present') present.add(item);
        else if (Number.isFinite(Number(s.value[1]))) raw.set(item, Number(s.value[1]));
      }
    }
    return undefined;
  };
  // Labelled by position, not by name: two spec files may describe services of the same name.
  for (const [i, { s }] of missing.entries()) {
    const item = (e: string, what: string) =>
      `label_replace(label_replace(${e}, "nthlayer_item", "${i}", "", ""), "nthlayer_what", "${what}", "", "")`;
    const expr = `${item(rawErrorRatioExpr(s, formatDuration(s.window)), 'ratio')} or ${item(rawPresenceExpr(s), 'present')}`;
    if (size + expr.length > BATCH_CHARS) {
      const e = await flush();
      if (e) return { ok: false, error: e };
    }
    batch.push(expr);
    size += expr.length;
  }
  const e = await flush();
  if (e) return { ok: false, error: e };
  const budgets = new Map<ServiceModel, SloBudget[]>();
  for (const m of models) {
    budgets.set(
      m,
      m.slos.map((s) => {
        const item = missing.find((x) => x.m === m && x.s === s);
        const v = item ? raw.get(item) : values.get(key(m.name, s.name));
        const current = item ? present.has(item) : currentFromRecorded(s, seen.get(key(m.name, s.name)) ?? new Set());
        return sloBudget(m, s, { ...(v !== undefined ? { windowErrorRatio: v } : {}), current });
      }),
    );
  }
  return { ok: true, budgets, requests: client.requestCount() - before };
}
