/**
 * Live error-budget status: per SLO the SLI over the window, budget remaining, burn rate over
 * each alert window, projected exhaustion and status, from a handful of instant queries. It
 * reads the recorded `slo:sli_error:ratio_rate<w>` series when the rules are deployed, and
 * computes the same ratios from raw data otherwise (one query per SLO for all windows).
 */
import {
  formatDuration,
  parseDuration,
  quote,
  rawErrorRatioExpr,
  rawEventRateExprs,
  rawPresenceExpr,
  RECORDS,
  seconds,
  type ServiceModel,
  sloBudget,
  type SloBudget,
  type SloModel,
  sloSelector,
  sloWindows,
} from '../core/index.ts';
import type { PromClient, PromError } from '../prom/client.ts';

export interface LiveBudget extends SloBudget {
  source: 'recorded' | 'raw';
}

export interface BudgetReport {
  budgets: LiveBudget[];
  requests: number;
}

const RATIO_PREFIX = 'slo:sli_error:ratio_rate';
/** The base series whose presence says the SLI's metrics exist now (zero traffic included). */
export const BASE_SERIES = [RECORDS.totalRate('5m'), RECORDS.errorRate('5m'), RECORDS.totalSamples, RECORDS.errorSamples];
const PRESENT = 'present';

/** Which recorded base series tell that an SLO's data is current: both event rates, or the ratio itself. */
export function currentFromRecorded(slo: SloModel, names: Set<string>): boolean {
  if (slo.sli.kind === 'events') return names.has(RECORDS.totalRate('5m')) && names.has(RECORDS.errorRate('5m'));
  if (slo.sli.kind === 'threshold') return names.has(RECORDS.totalSamples) && names.has(RECORDS.errorSamples);
  return names.has(RECORDS.sliError('5m'));
}

export async function collectBudgets(
  client: PromClient,
  model: ServiceModel,
  now: number,
): Promise<{ ok: true; report: BudgetReport } | { ok: false; error: PromError }> {
  const before = client.requestCount();
  const time = Math.floor(now / 1000);
  const ratios = new Map<string, Map<number, number>>();
  const seen = new Map<string, Set<string>>();
  const names = `${RATIO_PREFIX}.+|${BASE_SERIES.join('|')}`;
  const recorded = await client.query(`{__name__=~${quote(names)},service=${quote(model.name)}}`, time);
  if (!recorded.ok) return recorded;
  if (recorded.data.resultType === 'vector') {
    for (const s of recorded.data.result) {
      const name = String(s.metric.__name__);
      const slo = s.metric.slo;
      if (!slo) continue;
      seen.set(slo, (seen.get(slo) ?? new Set()).add(name));
      if (!name.startsWith(RATIO_PREFIX)) continue;
      const window = parseDuration(name.slice(RATIO_PREFIX.length));
      const value = Number(s.value[1]);
      if (window === undefined || !Number.isFinite(value)) continue;
      const m = ratios.get(slo) ?? new Map<number, number>();
      m.set(window, value);
      ratios.set(slo, m);
    }
  }
  const budgets: LiveBudget[] = [];
  for (const slo of model.slos) {
    let source: LiveBudget['source'] = 'recorded';
    let windows = ratios.get(slo.name);
    let current = currentFromRecorded(slo, seen.get(slo.name) ?? new Set());
    if (!windows || !windows.has(slo.window)) {
      source = 'raw';
      const list = sloWindows(model, slo);
      const expr = [
        ...list.map((w) => `label_replace(${rawErrorRatioExpr(slo, formatDuration(w))}, "window", "${w}", "", "")`),
        `label_replace(${rawPresenceExpr(slo)}, "window", "${PRESENT}", "", "")`,
      ].join(' or ');
      const r = await client.query(expr, time);
      if (!r.ok) return r;
      windows = new Map();
      current = false;
      if (r.data.resultType === 'vector') {
        for (const s of r.data.result) {
          if (s.metric.window === PRESENT) {
            current = true;
            continue;
          }
          const v = Number(s.value[1]);
          if (Number.isFinite(v)) windows.set(Number(s.metric.window), v);
        }
      }
    }
    const windowRatios: Record<number, number | undefined> = Object.fromEntries(windows);
    const windowErrorRatio = windows.get(slo.window);
    budgets.push({
      ...sloBudget(model, slo, { ...(windowErrorRatio !== undefined ? { windowErrorRatio } : {}), windowRatios, current }),
      source,
    });
  }
  return { ok: true, report: { budgets, requests: client.requestCount() - before } };
}

export interface BurnDownPoint {
  t: number;
  remaining: number;
}

/**
 * Budget remaining across the current window, for a chart: the recorded
 * slo:error_budget_remaining:ratio when the rules are deployed, else the cumulative error share
 * since the start of the window from two cheap range queries.
 */
export async function burnDown(
  client: PromClient,
  model: ServiceModel,
  slo: SloModel,
  now: number,
  points = 120,
): Promise<{ ok: true; points: BurnDownPoint[] } | { ok: false; error: PromError }> {
  const end = Math.floor(now / 1000);
  const start = end - slo.window;
  const step = Math.max(60, Math.floor(slo.window / points));
  const recorded = await client.queryRange(`${RECORDS.errorBudgetRemaining}${sloSelector(model, slo)}`, start, end, step);
  if (!recorded.ok) return recorded;
  if (recorded.data.resultType === 'matrix' && recorded.data.result[0] && recorded.data.result[0].values.length > 1) {
    return { ok: true, points: recorded.data.result[0].values.map(([t, v]) => ({ t, remaining: Number(v) })) };
  }
  const exprs = rawEventRateExprs(slo, formatDuration(seconds(step)));
  if (!exprs) return { ok: true, points: [] };
  const [errors, total] = await Promise.all([
    client.queryRange(exprs.errors, start, end, step),
    client.queryRange(exprs.total, start, end, step),
  ]);
  if (!errors.ok) return errors;
  if (!total.ok) return total;
  const series = (r: typeof errors.data) =>
    new Map(r.resultType === 'matrix' && r.result[0] ? r.result[0].values.map(([t, v]) => [t, Number(v)]) : []);
  const e = series(errors.data);
  const tot = series(total.data);
  let cumErrors = 0;
  let cumTotal = 0;
  const out: BurnDownPoint[] = [];
  for (const [t, v] of [...tot.entries()].sort((a, b) => a[0] - b[0])) {
    cumTotal += v * step;
    cumErrors += (e.get(t) ?? 0) * step;
    if (cumTotal > 0) out.push({ t, remaining: 1 - cumErrors / cumTotal / slo.errorBudget });
  }
  return { ok: true, points: out };
}
