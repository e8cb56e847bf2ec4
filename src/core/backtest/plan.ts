/**
 * What a backtest asks Prometheus for, per SLO: the raw series the generated recording rules read
 * (never the recorded series themselves, so nothing needs to be deployed), and how far back the
 * data must reach. Every expression comes from the rule generator (generators/slo/rules.ts), so a
 * backtest reads exactly what the rules would have computed:
 *
 *   events SLI    errors and total events per second over 5m (the recorded base rates), and over
 *                 each alert window the rules compute from raw data (≤ 1h)
 *   gauge SLI     one event per evaluation and the bad ones (what the rules record)
 *   ratio SLI     the error ratio over each alert window and over 5m (presence and budget)
 *
 * All series of an SLO travel in one query (`or` of `label_replace`d expressions), so one
 * request per time chunk answers them all.
 */
import { BASE_WINDOW, sloFacts } from '../budget/facts.ts';
import { baseEventExprs, rawErrorRatioExpr, rawEventRateExprs, windowMethod } from '../generators/slo/rules.ts';
import type { ServiceModel, SloModel } from '../model/types.ts';
import { quote } from '../promql/parse.ts';
import { formatDuration, seconds, type Seconds } from '../units.ts';

/** The label that tells the series of one backtest query apart. */
export const SERIES_LABEL = 'nthlayer_backtest';

export type SeriesRole = 'errors' | 'total' | 'ratio';

/** `errors:base` (per evaluation), `total:1800` (over a 30m window), `ratio:300` … */
export function seriesId(role: SeriesRole, window: Seconds | 'base'): string {
  return `${role}:${window}`;
}

export interface PlannedSeries {
  id: string;
  expr: string;
}

export interface SloBacktestPlan {
  slo: string;
  sliKind: SloModel['sli']['kind'];
  series: PlannedSeries[];
  /** Longest window any alert reads: the data must start this long before the first evaluation. */
  lookback: Seconds;
  /** Longest `for`: evaluations start this long before the period, so an alert pending at its start fires in it. */
  longestFor: Seconds;
}

export function backtestPlan(model: Pick<ServiceModel, 'alerts'>, slo: SloModel): SloBacktestPlan {
  // Every tier's windows and `for`, enabled or not: two specs that differ only in their alerting
  // (--compare, review links) then ask the very same query, and it is sent once.
  const facts = sloFacts(model, slo);
  const windows = [...new Set(facts.tiers.flatMap((t) => [t.longWindow, t.shortWindow]))].sort((a, b) => a - b);
  const series: PlannedSeries[] = [];
  const base = baseEventExprs(slo);
  if (base) {
    // Gauge SLIs may record one series per gauge series; summed, they are the same events.
    const one = (e: string): string => (slo.sli.kind === 'threshold' ? `sum(${e})` : e);
    series.push({ id: seriesId('errors', 'base'), expr: one(base.errors) }, { id: seriesId('total', 'base'), expr: one(base.total) });
    for (const w of windows) {
      if (windowMethod(slo, w) !== 'raw-events') continue;
      const raw = rawEventRateExprs(slo, formatDuration(w))!;
      series.push({ id: seriesId('errors', w), expr: raw.errors }, { id: seriesId('total', w), expr: raw.total });
    }
  } else {
    for (const w of [...new Set([BASE_WINDOW, ...windows])])
      series.push({ id: seriesId('ratio', w), expr: rawErrorRatioExpr(slo, formatDuration(w)) });
  }
  const fors = [...facts.tiers.map((t) => t.for), facts.noData.for];
  return {
    slo: slo.name,
    sliKind: slo.sli.kind,
    series,
    lookback: seconds(Math.max(BASE_WINDOW, ...windows)),
    longestFor: seconds(Math.max(0, ...fors)),
  };
}

/** One PromQL query returning every planned series, each labelled with its id. */
export function combinedQuery(plan: SloBacktestPlan): string {
  return plan.series.map((s) => `label_replace(${s.expr}, ${quote(SERIES_LABEL)}, ${quote(s.id)}, "", "")`).join(' or ');
}
