/**
 * The SRE Workbook's multi-window, multi-burn-rate tiers as a data table. Factors are computed
 * from the SLO window, never hard-coded: factor = budget fraction × SLO window / long window
 * (30d gives 14.4, 6, 3, 1; 28d gives 13.44, 5.6, 2.8, 0.9333…). Short windows are 1/12 of the
 * long ones, as the Workbook recommends.
 */
import type { BurnTierName } from '../model/types.ts';
import { clean, seconds, type Seconds } from '../units.ts';

export interface BurnRateTier {
  name: BurnTierName;
  /** page tiers wake someone up; ticket tiers open a ticket. */
  kind: 'page' | 'ticket';
  /** Default severity label. */
  severity: 'critical' | 'warning';
  longWindow: Seconds;
  shortWindow: Seconds;
  /** Share of the whole window's budget burnt in the long window when the alert fires (0.02 = 2 %). */
  budgetFraction: number;
  /** Burn-rate threshold: the error ratio must exceed factor × error budget in both windows. */
  factor: number;
}

const HOUR = 3600;

export const WORKBOOK_TIERS: readonly Omit<BurnRateTier, 'factor'>[] = [
  { name: 'page_fast', kind: 'page', severity: 'critical', longWindow: seconds(1 * HOUR), shortWindow: seconds(5 * 60), budgetFraction: 0.02 },
  { name: 'page_slow', kind: 'page', severity: 'critical', longWindow: seconds(6 * HOUR), shortWindow: seconds(30 * 60), budgetFraction: 0.05 },
  { name: 'ticket_fast', kind: 'ticket', severity: 'warning', longWindow: seconds(24 * HOUR), shortWindow: seconds(2 * HOUR), budgetFraction: 0.1 },
  { name: 'ticket_slow', kind: 'ticket', severity: 'warning', longWindow: seconds(72 * HOUR), shortWindow: seconds(6 * HOUR), budgetFraction: 0.1 },
];

/** Default `for` per tier (Pyrra's values for a 28–30 day window); the spec can override each. */
export const DEFAULT_FOR: Record<BurnTierName, Seconds> = {
  page_fast: seconds(2 * 60),
  page_slow: seconds(15 * 60),
  ticket_fast: seconds(60 * 60),
  ticket_slow: seconds(180 * 60),
};

/** The four tiers with their burn-rate factors for an SLO window. */
export function burnRateTiers(window: Seconds): BurnRateTier[] {
  return WORKBOOK_TIERS.map((t) => ({ ...t, factor: burnFactor(t.budgetFraction, window, t.longWindow) }));
}

export function burnFactor(budgetFraction: number, window: Seconds, longWindow: Seconds): number {
  return clean((budgetFraction * window) / longWindow);
}

/** Every window an SLO's rules need: the alert windows, shortest first, without duplicates. */
export function alertWindows(): Seconds[] {
  const all = WORKBOOK_TIERS.flatMap((t) => [t.shortWindow, t.longWindow]);
  return [...new Set(all)].sort((a, b) => a - b).map((s) => seconds(s));
}
