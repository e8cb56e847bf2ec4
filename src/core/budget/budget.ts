/**
 * Error-budget math (SRE Workbook ch. 5), shared by the CLI and the studio. Pure functions of
 * measured error ratios; the Prometheus queries that feed them live in the shells.
 *
 *   E = 1 − objective            budget as a ratio of events
 *   burn(w) = error_ratio(w) / E
 *   remaining = 1 − error_ratio(window) / E     (1 untouched, ≤ 0 exhausted)
 *   time to exhaustion at burn b = remaining × window / b
 */
import type { SloModel } from '../model/types.ts';
import { clean, seconds, type Ratio, type Seconds } from '../units.ts';
import { burnRateTiers, DEFAULT_FOR } from './windows.ts';

export type BudgetStatus = 'healthy' | 'warning' | 'critical' | 'exhausted' | 'no_data';

/** Share of the budget consumed at which the status changes (the original's table). */
export const STATUS_THRESHOLDS = { warning: 0.5, critical: 0.8, exhausted: 1 } as const;

/** Minutes of full outage the budget allows over the window (99.9 % / 30d → 43.2 min). */
export function budgetMinutes(slo: Pick<SloModel, 'errorBudget' | 'window'>): number {
  return clean((slo.window / 60) * slo.errorBudget);
}

export function burnRate(errorRatio: number, errorBudget: Ratio): number {
  return clean(errorRatio / errorBudget);
}

export function budgetRemaining(errorRatioOverWindow: number, errorBudget: Ratio): number {
  return clean(1 - errorRatioOverWindow / errorBudget);
}

export function statusOf(remaining: number | undefined): BudgetStatus {
  if (remaining === undefined || !Number.isFinite(remaining)) return 'no_data';
  const consumed = 1 - remaining;
  if (consumed >= STATUS_THRESHOLDS.exhausted) return 'exhausted';
  if (consumed >= STATUS_THRESHOLDS.critical) return 'critical';
  if (consumed >= STATUS_THRESHOLDS.warning) return 'warning';
  return 'healthy';
}

/** Seconds until the budget is gone if the current burn rate holds; undefined when not burning. */
export function projectedExhaustion(remaining: number, currentBurnRate: number, window: Seconds): Seconds | undefined {
  if (remaining <= 0) return seconds(0);
  if (!(currentBurnRate > 0)) return undefined;
  return seconds(clean((remaining * window) / currentBurnRate));
}

export interface SloMeasurement {
  /** Error ratio over the SLO window (0..1); undefined when there was no traffic. */
  windowErrorRatio?: number;
  /** Error ratio per alert window, keyed by seconds. */
  windowRatios?: Record<number, number | undefined>;
}

export interface SloBudget {
  slo: string;
  objective: Ratio;
  sli?: number;
  budgetMinutes: number;
  consumedMinutes?: number;
  remaining?: number;
  status: BudgetStatus;
  burnRates: { window: Seconds; burnRate?: number }[];
  /** Seconds until exhaustion at the 1h burn rate. */
  exhaustionIn?: Seconds;
}

export function sloBudget(slo: SloModel, m: SloMeasurement): SloBudget {
  const total = budgetMinutes(slo);
  const windows = [...new Set(burnRateTiers(slo.window).flatMap((t) => [t.shortWindow, t.longWindow]))].sort((a, b) => a - b);
  const burnRates = windows.map((w) => {
    const r = m.windowRatios?.[w];
    return { window: seconds(w), ...(r !== undefined ? { burnRate: burnRate(r, slo.errorBudget) } : {}) };
  });
  if (m.windowErrorRatio === undefined) {
    return { slo: slo.name, objective: slo.objective, budgetMinutes: total, status: 'no_data', burnRates };
  }
  const remaining = budgetRemaining(m.windowErrorRatio, slo.errorBudget);
  const oneHour = burnRates.find((b) => b.window === 3600)?.burnRate;
  const exhaustion = oneHour !== undefined ? projectedExhaustion(remaining, oneHour, slo.window) : undefined;
  return {
    slo: slo.name,
    objective: slo.objective,
    sli: clean(1 - m.windowErrorRatio),
    budgetMinutes: total,
    consumedMinutes: clean(total * (1 - remaining)),
    remaining,
    status: statusOf(remaining),
    burnRates,
    ...(exhaustion !== undefined ? { exhaustionIn: exhaustion } : {}),
  };
}

export interface TierTiming {
  name: string;
  factor: number;
  longWindow: Seconds;
  shortWindow: Seconds;
  /** Share of the whole budget gone when the alert fires at exactly the threshold burn. */
  budgetConsumedAtFire: number;
  /** Time to detect a 100 % outage (error ratio 1): the long window must reach factor × E. */
  detectionTimeFullOutage: Seconds;
  /** Time until the whole budget is gone at the threshold burn rate. */
  exhaustionAtThreshold: Seconds;
  /** How long the condition must hold before the alert fires (the spec's `for` or the default). */
  for: Seconds;
  enabled: boolean;
}

/** The numbers behind each burn-rate tier, for the SLO view and the docs. */
export function tierTimings(slo: Pick<SloModel, 'window' | 'errorBudget'> & Partial<Pick<SloModel, 'alerting'>>): TierTiming[] {
  return burnRateTiers(slo.window).map((t) => ({
    for: slo.alerting?.tiers[t.name].for ?? DEFAULT_FOR[t.name],
    enabled: (slo.alerting?.enabled ?? true) && (slo.alerting?.tiers[t.name].enabled ?? true),
    name: t.name,
    factor: t.factor,
    longWindow: t.longWindow,
    shortWindow: t.shortWindow,
    budgetConsumedAtFire: clean((t.factor * t.longWindow) / slo.window),
    detectionTimeFullOutage: seconds(clean(t.factor * slo.errorBudget * t.longWindow)),
    exhaustionAtThreshold: seconds(clean(slo.window / t.factor)),
  }));
}
