/**
 * The backtest engine: replays an SLO's generated alerts over history, evaluation by evaluation,
 * as Prometheus would have fired them. Pure: the samples come in (see plan.ts for which), the
 * episodes come out.
 *
 * What it reproduces, from the same definitions the rule generator uses:
 *   - each window's error ratio as the recording rules compute it (windowMethod): from the raw
 *     series for short windows, Σ errors / Σ total of the recorded base series for long ones
 *     (no sample when the window saw no traffic), the user's ratio query for ratio SLIs
 *   - each tier's condition (alertConditions: every clause must hold) and its `for`, with
 *     Prometheus's alert state machine: pending from the first evaluation the condition holds,
 *     firing once it has held for `for`, resolved at the first evaluation it does not
 *   - the no-data alert: the base series absent for its `for`
 *   - Alertmanager's inhibition: a tier is muted while a faster tier of the same SLO fires; an
 *     episode notifies when some part of it is not muted
 * Evaluations are one step apart (the rules' 1m at --step 1m). Range windows include their start
 * sample, as Prometheus 2 does (`rangeIncludesStart: false` for Prometheus 3's left-open ranges).
 */
import {
  alertConditions,
  eventsRange,
  type BurnAlertCondition,
  type ConditionClause,
  type Notification,
} from '../budget/alert-conditions.ts';
import { BASE_WINDOW, sloFacts } from '../budget/facts.ts';
import { windowMethod } from '../generators/slo/rules.ts';
import type { BurnTierName, ServiceModel, SloModel } from '../model/types.ts';
import type { Seconds } from '../units.ts';
import { backtestPlan, seriesId } from './plan.ts';

/** Samples on a regular grid: value i is at `start + i × step` (Unix seconds); NaN = no sample. */
export interface BacktestData {
  start: number;
  step: number;
  length: number;
  /** By planned series id (plan.ts); a missing id means that series never had a sample. */
  series: Map<string, Float64Array>;
}

export interface BacktestOptions {
  /** First and last evaluation of the period (Unix seconds, on the data's grid). */
  from: number;
  to: number;
  /** Range selectors include a sample exactly at their start (Prometheus 2); default true. */
  rangeIncludesStart?: boolean;
}

export type EpisodeTier = BurnTierName | 'no_data';

export interface BacktestEpisode {
  tier: EpisodeTier;
  severity: string;
  notification: Notification;
  /** First evaluation the alert fired at (Unix seconds). */
  start: number;
  /** First evaluation it no longer fired at; undefined while it still fires at the end of the period. */
  end?: number;
  /** Highest long-window burn rate while it fired (the alert's $value); none for no-data. */
  peakBurn?: number;
  /** When the burn (or the gap in the data) that led to the alert began, when one can be told. */
  burnStart?: number;
  /** Whether Alertmanager sends it: some part of it is not muted by a faster tier. */
  notified: boolean;
  /** The faster tiers that muted it for all or part of its span. */
  mutedBy: BurnTierName[];
}

export interface TierSeries {
  tier: BurnTierName;
  factor: number;
  longWindow: Seconds;
  shortWindow: Seconds;
  /** Burn rate (error ratio / budget) per evaluation; NaN where the window has no sample. */
  longBurn: Float64Array;
  shortBurn: Float64Array;
}

export interface SloBacktest {
  slo: string;
  status: 'ok' | 'no_data';
  /** Said instead of counts when there was no data. */
  message?: string;
  episodes: BacktestEpisode[];
  /** Notified pages and tickets that began in the period; undefined without data. */
  pages?: number;
  tickets?: number;
  /** Budget left at the end of the period: 1 − its errors / (budget × one window's events at its traffic). */
  budgetRemaining?: number;
  /** Share of the period's evaluations that had SLI data. */
  coverage: number;
  /** The evaluations of the period, for charts: times and values per index. */
  chart: {
    times: Float64Array;
    tiers: TierSeries[];
    /** Budget remaining after each evaluation (NaN before the first traffic). */
    budget: Float64Array;
  };
}

interface Grid {
  data: BacktestData;
  inclusive: boolean;
}

const get = (d: BacktestData, id: string): Float64Array => d.series.get(id) ?? new Float64Array(d.length).fill(NaN);
const present = (v: number | undefined): v is number => v !== undefined && !Number.isNaN(v);

/** Prefix sums of the values and of the sample counts, for O(1) window sums. */
function prefix(values: Float64Array): { sum: Float64Array; count: Uint32Array } {
  const sum = new Float64Array(values.length + 1);
  const count = new Uint32Array(values.length + 1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const ok = !Number.isNaN(v);
    sum[i + 1] = sum[i]! + (ok ? v : 0);
    count[i + 1] = count[i]! + (ok ? 1 : 0);
  }
  return { sum, count };
}

/** Index of the first sample a window ending at sample i reads. */
function windowStart(g: Grid, i: number, window: Seconds): number {
  const k = window / g.data.step;
  const lo = g.inclusive ? i - Math.floor(k) : i - Math.ceil(k) + 1;
  return Math.max(0, lo);
}

/** Σ errors / Σ total over each window, no sample without errors samples or without traffic (sum_over_time(a) / (sum_over_time(b) > 0)). */
function summedRatio(g: Grid, errors: Float64Array, total: Float64Array, window: Seconds): Float64Array {
  const e = prefix(errors);
  const t = prefix(total);
  const out = new Float64Array(g.data.length);
  for (let i = 0; i < out.length; i++) {
    const lo = windowStart(g, i, window);
    const te = t.sum[i + 1]! - t.sum[lo]!;
    const ne = e.count[i + 1]! - e.count[lo]!;
    const nt = t.count[i + 1]! - t.count[lo]!;
    out[i] = ne > 0 && nt > 0 && te > 0 ? (e.sum[i + 1]! - e.sum[lo]!) / te : NaN;
  }
  return out;
}

/** errors / total where total > 0, sample by sample. */
function pointRatio(errors: Float64Array, total: Float64Array): Float64Array {
  const out = new Float64Array(errors.length);
  for (let i = 0; i < out.length; i++) {
    const e = errors[i]!;
    const t = total[i]!;
    out[i] = !Number.isNaN(e) && !Number.isNaN(t) && t > 0 ? e / t : NaN;
  }
  return out;
}

/** The error ratio over a window at every evaluation, computed the way the recording rules do. */
function windowRatio(g: Grid, slo: SloModel, window: Seconds): Float64Array {
  const d = g.data;
  switch (windowMethod(slo, window)) {
    case 'base-ratio':
      return pointRatio(get(d, seriesId('errors', 'base')), get(d, seriesId('total', 'base')));
    case 'raw-events':
      return pointRatio(get(d, seriesId('errors', window)), get(d, seriesId('total', window)));
    case 'sum-recorded':
      return summedRatio(g, get(d, seriesId('errors', 'base')), get(d, seriesId('total', 'base')), window);
    case 'raw-ratio':
    case 'mean-recorded-ratio':
      return get(d, seriesId('ratio', window));
  }
}

/** Events in the window, as the min-events clause counts them (eventsRange). */
function windowEvents(g: Grid, window: Seconds): Float64Array {
  const total = get(g.data, seriesId('total', 'base'));
  const range = eventsRange(window);
  if (range === 0) return total.map((v) => v * window);
  const t = prefix(total);
  const out = new Float64Array(g.data.length);
  for (let i = 0; i < out.length; i++) {
    const lo = windowStart(g, i, range);
    const n = t.count[i + 1]! - t.count[lo]!;
    out[i] = n > 0 ? ((t.sum[i + 1]! - t.sum[lo]!) / n) * window : NaN;
  }
  return out;
}

/** Whether the SLI's base series exist at each evaluation (what the no-data alert's absent() reads). */
function presence(g: Grid, slo: SloModel): Uint8Array {
  const out = new Uint8Array(g.data.length);
  if (slo.sli.kind === 'ratio') {
    const r = get(g.data, seriesId('ratio', BASE_WINDOW));
    for (let i = 0; i < out.length; i++) out[i] = Number.isNaN(r[i]!) ? 0 : 1;
    return out;
  }
  const e = get(g.data, seriesId('errors', 'base'));
  const t = get(g.data, seriesId('total', 'base'));
  for (let i = 0; i < out.length; i++) out[i] = Number.isNaN(e[i]!) || Number.isNaN(t[i]!) ? 0 : 1;
  return out;
}

interface Span {
  start: number;
  /** Index of the first evaluation after it; undefined while it lasts to the end. */
  end?: number;
  /** Index where the condition began to hold (pending). */
  activeAt: number;
}

/**
 * Prometheus's alert state machine over evaluations `first`..`last`: pending at the first
 * evaluation the condition holds, firing once (now − activeAt) ≥ for, resolved (and forgotten)
 * at the first evaluation it does not hold.
 */
function fire(active: (i: number) => boolean, first: number, last: number, forSteps: number): Span[] {
  const spans: Span[] = [];
  let activeAt = -1;
  let firing: Span | undefined;
  for (let i = first; i <= last; i++) {
    if (!active(i)) {
      if (firing) firing.end = i;
      firing = undefined;
      activeAt = -1;
      continue;
    }
    if (activeAt < 0) activeAt = i;
    if (!firing && i - activeAt >= forSteps) {
      firing = { start: i, activeAt };
      spans.push(firing);
    }
  }
  return spans;
}

function clauseHolds(
  c: ConditionClause,
  ratios: Map<Seconds, Float64Array>,
  events: Map<Seconds, Float64Array>,
  budget: number,
  i: number,
): boolean {
  if (c.kind === 'burn') {
    const r = ratios.get(c.window)![i];
    return present(r) && r / budget > c.factor;
  }
  const n = events.get(c.window)![i];
  return present(n) && n >= c.min;
}

export function backtestSlo(model: Pick<ServiceModel, 'alerts'>, slo: SloModel, data: BacktestData, options: BacktestOptions): SloBacktest {
  const g: Grid = { data, inclusive: options.rangeIncludesStart ?? true };
  const { step } = data;
  const plan = backtestPlan(model, slo);
  const conditions = alertConditions(model, slo);
  const facts = sloFacts(model, slo);
  const budget = slo.errorBudget;
  const index = (t: number): number => Math.round((t - data.start) / step);
  const fromIdx = Math.max(0, index(options.from));
  const toIdx = Math.min(data.length - 1, index(options.to));

  const windows = [...new Set([BASE_WINDOW, ...conditions.burn.flatMap((c) => c.clauses.map((k) => k.window))])];
  const ratios = new Map(windows.map((w) => [w, windowRatio(g, slo, w)] as const));
  const events = new Map(
    conditions.burn
      .flatMap((c) => c.clauses)
      .filter((c) => c.kind === 'min-events')
      .map((c) => [c.window, windowEvents(g, c.window)] as const),
  );
  const here = presence(g, slo);

  let covered = 0;
  for (let i = fromIdx; i <= toIdx; i++) covered += here[i]!;
  const evaluations = Math.max(0, toIdx - fromIdx + 1);
  const coverage = evaluations ? covered / evaluations : 0;
  const times = new Float64Array(evaluations);
  for (let i = 0; i < evaluations; i++) times[i] = data.start + (fromIdx + i) * step;
  const slice = (a: Float64Array): Float64Array => a.slice(fromIdx, toIdx + 1);
  const tiers: TierSeries[] = facts.tiers
    .filter((t) => t.enabled)
    .map((t) => {
      const burn = (w: Seconds): Float64Array => slice(ratios.get(w)!).map((r) => r / budget);
      return {
        tier: t.name,
        factor: t.factor,
        longWindow: t.longWindow,
        shortWindow: t.shortWindow,
        longBurn: burn(t.longWindow),
        shortBurn: burn(t.shortWindow),
      };
    });
  const budgetSeries = budgetRemaining(g, slo, fromIdx, toIdx);

  if (covered === 0) {
    return {
      slo: slo.name,
      status: 'no_data',
      message: `no data in the period: the SLI's queries returned nothing between ${iso(options.from)} and ${iso(options.to)} (nthlayer verify checks its metrics)`,
      episodes: [],
      coverage: 0,
      chart: { times, tiers, budget: budgetSeries },
    };
  }

  // The rules start evaluating when the SLI's data first appears, or `for` before the period so
  // an alert pending at its start can fire in it.
  let first = Math.max(0, fromIdx - Math.ceil(plan.longestFor / step));
  while (first <= toIdx && !here[first]) first++;
  const stepsOf = (s: Seconds): number => Math.ceil(s / step - 1e-9);

  const burnSpans = conditions.burn.map((c) => ({
    condition: c,
    spans: fire((i) => c.clauses.every((k) => clauseHolds(k, ratios, events, budget, i)), first, toIdx, stepsOf(c.for)),
  }));
  const base = ratios.get(BASE_WINDOW)!;
  const episodes: BacktestEpisode[] = [];
  for (const { condition, spans } of burnSpans) {
    const long = ratios.get(condition.tier.longWindow)!;
    for (const s of spans) {
      const endIdx = s.end ?? toIdx + 1;
      if (endIdx <= fromIdx) continue;
      let peak = 0;
      for (let i = s.start; i < endIdx; i++) if (present(long[i]) && long[i]! / budget > peak) peak = long[i]! / budget;
      const muted = mutedParts(condition, s, endIdx, burnSpans);
      episodes.push({
        tier: condition.tier.name,
        severity: condition.severity,
        notification: condition.notification,
        start: data.start + s.start * step,
        ...(s.end !== undefined ? { end: data.start + s.end * step } : {}),
        peakBurn: peak,
        ...optional(
          'burnStart',
          burnStartOf(base, budget, s.activeAt, s.start, condition.tier.longWindow / step),
          (i) => data.start + i * step,
        ),
        notified: muted.notified,
        mutedBy: muted.by,
      });
    }
  }
  if (conditions.noData) {
    const nd = conditions.noData;
    for (const s of fire((i) => !here[i], first, toIdx, stepsOf(nd.for))) {
      if ((s.end ?? toIdx + 1) <= fromIdx) continue;
      episodes.push({
        tier: 'no_data',
        severity: nd.severity,
        notification: nd.notification,
        start: data.start + s.start * step,
        ...(s.end !== undefined ? { end: data.start + s.end * step } : {}),
        burnStart: data.start + s.activeAt * step,
        notified: true,
        mutedBy: [],
      });
    }
  }
  episodes.sort((a, b) => a.start - b.start || TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier));
  const inPeriod = episodes.filter((e) => e.notified && e.start >= options.from);
  const final = budgetSeries[budgetSeries.length - 1];
  return {
    slo: slo.name,
    status: 'ok',
    episodes,
    pages: inPeriod.filter((e) => e.notification === 'page').length,
    tickets: inPeriod.filter((e) => e.notification === 'ticket').length,
    ...(final !== undefined && !Number.isNaN(final) ? { budgetRemaining: final } : {}),
    coverage,
    chart: { times, tiers, budget: budgetSeries },
  };
}

const TIER_ORDER: EpisodeTier[] = ['page_fast', 'page_slow', 'ticket_fast', 'ticket_slow', 'no_data'];

function optional<K extends string, T>(key: K, v: number | undefined, map: (v: number) => T): Partial<Record<K, T>> {
  return v === undefined ? {} : ({ [key]: map(v) } as Record<K, T>);
}

/**
 * Which faster tiers muted an episode, and whether some evaluation of it was not muted (then
 * Alertmanager sends it, when it stops being muted if not at once).
 */
function mutedParts(
  condition: BurnAlertCondition,
  s: Span,
  endIdx: number,
  all: { condition: BurnAlertCondition; spans: Span[] }[],
): { notified: boolean; by: BurnTierName[] } {
  const muters = all.filter((o) => o.condition.silences.includes(condition.tier.name));
  const by = new Set<BurnTierName>();
  let notified = false;
  for (let i = s.start; i < endIdx; i++) {
    let muted = false;
    for (const m of muters) {
      if (m.spans.some((o) => o.start <= i && (o.end === undefined || i < o.end))) {
        muted = true;
        by.add(m.condition.tier.name);
      }
    }
    if (!muted) notified = true;
  }
  return { notified, by: [...by] };
}

/**
 * The start of the burn behind an alert: walking back from when its condition began to hold, the
 * first evaluation of the unbroken stretch in which the 5m burn rate stayed above 1× (the budget
 * spent faster than it accrues). Undefined when no such stretch is found within the tier's long
 * window before it fired.
 */
function burnStartOf(base: Float64Array, budget: number, activeAt: number, fired: number, longSteps: number): number | undefined {
  const burning = (i: number): boolean => present(base[i]) && base[i]! / budget > 1;
  let j = activeAt;
  const floor = Math.max(0, fired - Math.ceil(longSteps));
  while (j >= floor && !burning(j)) j--;
  if (j < floor) return undefined;
  while (j - 1 >= 0 && burning(j - 1)) j--;
  return j;
}

/**
 * Budget remaining after each evaluation of the period: 1 − the errors so far / (budget × the
 * events one SLO window holds at the period's traffic). Request-weighted from the base event
 * rates (ratio SLIs: their 5m ratio, time-weighted). When the period is the SLO window this ends
 * at what slo:error_budget_remaining:ratio says at its end; a shorter period shows what its
 * errors alone took from a window's budget.
 */
function budgetRemaining(g: Grid, slo: SloModel, fromIdx: number, toIdx: number): Float64Array {
  const out = new Float64Array(Math.max(0, toIdx - fromIdx + 1)).fill(NaN);
  const ratio = slo.sli.kind === 'ratio';
  const errors = ratio ? get(g.data, seriesId('ratio', BASE_WINDOW)) : get(g.data, seriesId('errors', 'base'));
  const total = ratio ? undefined : get(g.data, seriesId('total', 'base'));
  const weight = (i: number): number => (total ? total[i]! : Number.isNaN(errors[i]!) ? NaN : 1);
  let all = 0;
  for (let i = fromIdx; i <= toIdx; i++) if (!Number.isNaN(weight(i))) all += weight(i);
  if (all <= 0) return out;
  const period = (toIdx - fromIdx + 1) * g.data.step;
  const windowEvents = all * (slo.window / period);
  let spent = 0;
  let seen = 0;
  for (let i = fromIdx; i <= toIdx; i++) {
    const w = weight(i);
    if (!Number.isNaN(w)) {
      seen += w;
      if (!Number.isNaN(errors[i]!)) spent += errors[i]!;
    }
    if (seen > 0) out[i - fromIdx] = 1 - spent / (slo.errorBudget * windowEvents);
  }
  return out;
}

/** RFC 3339 in UTC, whole seconds: 2026-11-14T10:12:00Z. */
export function iso(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace(/\.000Z$/, 'Z');
}
