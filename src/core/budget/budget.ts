/**
 * Error-budget math (SRE Workbook ch. 5), shared by the CLI and the studio. Pure functions of
 * measured error ratios; the Prometheus queries that feed them live in the shells.
 *
 *   E = 1 − objective            budget as a ratio of events
 *   burn(w) = error_ratio(w) / E
 *   remaining = 1 − error_ratio(window) / E     (1 untouched, ≤ 0 exhausted)
 *   time to exhaustion at burn b = remaining × window / b
 */
import type { BurnTierName, ServiceModel, SloModel } from '../model/types.ts';
import { clean, seconds, type Ratio, type Seconds } from '../units.ts';
import { STATUS_BANDS, sloFacts } from './facts.ts';

export type BudgetStatus = 'healthy' | 'warning' | 'critical' | 'exhausted' | 'no_data';

export function burnRate(errorRatio: number, errorBudget: Ratio): number {
  return clean(errorRatio / errorBudget);
}

export function budgetRemaining(errorRatioOverWindow: number, errorBudget: Ratio): number {
  return clean(1 - errorRatioOverWindow / errorBudget);
}

export function statusOf(remaining: number | undefined): BudgetStatus {
  if (remaining === undefined || !Number.isFinite(remaining)) return 'no_data';
  const consumed = 1 - remaining;
  if (consumed >= STATUS_BANDS.exhausted) return 'exhausted';
  if (consumed >= STATUS_BANDS.critical) return 'critical';
  if (consumed >= STATUS_BANDS.warning) return 'warning';
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
  /**
   * False when the SLI's metrics are missing now: the long windows still hold the last values
   * they saw, but nothing current backs them, so the budget cannot be judged.
   */
  current?: boolean;
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
  /** Set when the window ratio exists but the SLI's metrics are gone now (status is no_data). */
  stale?: boolean;
  burnRates: { window: Seconds; burnRate?: number }[];
  /** Seconds until exhaustion at the 1h burn rate. */
  exhaustionIn?: Seconds;
}

export function sloBudget(model: Pick<ServiceModel, 'alerts'>, slo: SloModel, m: SloMeasurement): SloBudget {
  const facts = sloFacts(model, slo);
  const total = facts.budgetMinutes;
  const windows = [...new Set(facts.tiers.flatMap((t) => [t.shortWindow, t.longWindow]))].sort((a, b) => a - b);
  const burnRates = windows.map((w) => {
    const r = m.windowRatios?.[w];
    return { window: seconds(w), ...(r !== undefined ? { burnRate: burnRate(r, slo.errorBudget) } : {}) };
  });
  if (m.windowErrorRatio === undefined) {
    return { slo: slo.name, objective: slo.objective, budgetMinutes: total, status: 'no_data', burnRates };
  }
  const remaining = budgetRemaining(m.windowErrorRatio, slo.errorBudget);
  // Projected exhaustion at the page_fast tier's long-window burn (1h for 28-30 day windows).
  const fast = facts.tiers.find((t) => t.name === 'page_fast')!;
  const oneHour = burnRates.find((b) => b.window === fast.longWindow)?.burnRate;
  const exhaustion = oneHour !== undefined ? projectedExhaustion(remaining, oneHour, slo.window) : undefined;
  return {
    slo: slo.name,
    objective: slo.objective,
    sli: clean(1 - m.windowErrorRatio),
    budgetMinutes: total,
    consumedMinutes: clean(total * (1 - remaining)),
    remaining,
    status: m.current === false ? 'no_data' : statusOf(remaining),
    ...(m.current === false ? { stale: true } : {}),
    burnRates,
    ...(exhaustion !== undefined ? { exhaustionIn: exhaustion } : {}),
  };
}

/** One burn-rate tier measured now, Pyrra-style: both windows' burn against the tier's factor. */
export interface TierBurn {
  tier: BurnTierName;
  severity: string;
  enabled: boolean;
  factor: number;
  shortWindow: Seconds;
  longWindow: Seconds;
  shortBurn?: number;
  longBurn?: number;
  /** Both windows burn faster than the factor: the tier's alert condition holds (it fires after `for`). */
  exceeding: boolean;
  for: Seconds;
}

/** Each tier of an SLO against the burn rates measured per window (from {@link sloBudget}). */
export function tierBurns(model: Pick<ServiceModel, 'alerts'>, slo: SloModel, burnRates: SloBudget['burnRates']): TierBurn[] {
  const rate = (w: number): number | undefined => burnRates.find((b) => b.window === w)?.burnRate;
  return sloFacts(model, slo).tiers.map((t) => {
    const shortBurn = rate(t.shortWindow);
    const longBurn = rate(t.longWindow);
    return {
      tier: t.name,
      severity: t.severity,
      enabled: t.enabled,
      factor: t.factor,
      shortWindow: t.shortWindow,
      longWindow: t.longWindow,
      for: t.for,
      ...(shortBurn !== undefined ? { shortBurn } : {}),
      ...(longBurn !== undefined ? { longBurn } : {}),
      exceeding: shortBurn !== undefined && longBurn !== undefined && shortBurn > t.factor && longBurn > t.factor,
    };
  });
}
