/**
 * The SRE Workbook's multi-window, multi-burn-rate tiers as a data table, and how they scale with
 * the SLO window. The table is the Workbook's 30-day one; 28- and 30-day SLOs use its windows
 * unchanged (1h/5m, 6h/30m, 1d/2h, 3d/6h). Any other SLO window scales the long and short windows
 * (and the default `for`) in proportion, as the Workbook's budget-consumed formulation and Pyrra
 * do, so each tier still fires after the same share of the budget is gone:
 *
 *   long = Workbook long × window / 30d     short = Workbook short × window / 30d
 *   (whole minutes, never under 5m: the shortest window rate() reads reliably at common scrape
 *   intervals, and the base window every SLO records)
 *   factor = budget fraction × window / long, never below 1
 *
 * A factor below 1 would fire while the budget lasts the whole window (a 28d window's Workbook
 * ticket_slow factor is 0.9333…), so it is raised to 1: that tier then fires at exactly the
 * sustainable rate. A tier whose threshold (factor × error budget) is 1 or more can never fire.
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
  /** Share of the whole window's budget the Workbook burns in the long window when the alert fires (0.02 = 2 %). */
  budgetFraction: number;
  /** Burn-rate threshold: the error ratio must exceed factor × error budget in both windows. */
  factor: number;
  /** Default `for`, scaled with the window like the windows are. */
  defaultFor: Seconds;
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;
/** The window the Workbook's table is written for. */
const WORKBOOK_WINDOW = seconds(30 * DAY);

interface WorkbookTier {
  name: BurnTierName;
  kind: 'page' | 'ticket';
  severity: 'critical' | 'warning';
  longWindow: Seconds;
  shortWindow: Seconds;
  budgetFraction: number;
  /** Pyrra's `for` values for a 28–30 day window. */
  for: Seconds;
}

export const WORKBOOK_TIERS: readonly WorkbookTier[] = [
  {
    name: 'page_fast',
    kind: 'page',
    severity: 'critical',
    longWindow: seconds(1 * HOUR),
    shortWindow: seconds(5 * MINUTE),
    budgetFraction: 0.02,
    for: seconds(2 * MINUTE),
  },
  {
    name: 'page_slow',
    kind: 'page',
    severity: 'critical',
    longWindow: seconds(6 * HOUR),
    shortWindow: seconds(30 * MINUTE),
    budgetFraction: 0.05,
    for: seconds(15 * MINUTE),
  },
  {
    name: 'ticket_fast',
    kind: 'ticket',
    severity: 'warning',
    longWindow: seconds(24 * HOUR),
    shortWindow: seconds(2 * HOUR),
    budgetFraction: 0.1,
    for: seconds(60 * MINUTE),
  },
  {
    name: 'ticket_slow',
    kind: 'ticket',
    severity: 'warning',
    longWindow: seconds(72 * HOUR),
    shortWindow: seconds(6 * HOUR),
    budgetFraction: 0.1,
    for: seconds(180 * MINUTE),
  },
];

/** 28 and 30 days use the Workbook's windows as they are. */
export function usesWorkbookWindows(window: Seconds): boolean {
  return window >= 28 * DAY && window <= 30 * DAY;
}

/** The shortest window a scaled tier uses. */
const MIN_TIER_WINDOW = seconds(5 * MINUTE);

const wholeMinutes = (s: number, min: number): Seconds => seconds(Math.max(min, Math.round(s / MINUTE) * MINUTE));

/** The four tiers for an SLO window: windows, factor and default `for`. */
export function burnRateTiers(window: Seconds): BurnRateTier[] {
  const scale = usesWorkbookWindows(window) ? 1 : window / WORKBOOK_WINDOW;
  return WORKBOOK_TIERS.map((t) => {
    const longWindow = scale === 1 ? t.longWindow : wholeMinutes(t.longWindow * scale, MIN_TIER_WINDOW);
    const shortWindow = scale === 1 ? t.shortWindow : seconds(Math.min(longWindow, wholeMinutes(t.shortWindow * scale, MIN_TIER_WINDOW)));
    const defaultFor = scale === 1 ? t.for : wholeMinutes(t.for * scale, MINUTE);
    return {
      name: t.name,
      kind: t.kind,
      severity: t.severity,
      budgetFraction: t.budgetFraction,
      longWindow,
      shortWindow,
      defaultFor,
      factor: burnFactor(t.budgetFraction, window, longWindow),
    };
  });
}

/** budget fraction × window / long window, never below 1. */
function burnFactor(budgetFraction: number, window: Seconds, longWindow: Seconds): number {
  return Math.max(1, clean((budgetFraction * window) / longWindow));
}

/** True when a tier can never fire: its error-ratio threshold is 1 (100 % errors) or more. */
export function tierImpossible(factor: number, errorBudget: number): boolean {
  return clean(factor * errorBudget) >= 1;
}
