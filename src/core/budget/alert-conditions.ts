/**
 * The alert conditions of one SLO as data: for every enabled burn-rate tier the clauses that must
 * all hold (each window's error ratio above factor × budget, and with `min_events` enough events
 * in the long window), how long (`for`), which slower tiers it silences while it fires, and the
 * no-data alert. This is the one definition of "when does this SLO alert": the rule generator
 * renders the clauses as PromQL (generators/slo/rules.ts), Alertmanager's inhibition is built from
 * `silences` (generators/alertmanager), and the backtest evaluates the same clauses on history
 * (core/backtest). Numbers come from {@link sloFacts}.
 */
import { objectMemo } from '../memo.ts';
import type { BurnTierName, ServiceModel, SloModel } from '../model/types.ts';
import { BURN_TIERS } from '../spec/schema.ts';
import { seconds, type Seconds } from '../units.ts';
import { BASE_WINDOW, sloFacts, type TierFacts } from './facts.ts';

/**
 * One condition an alert needs:
 *   burn        ratio over `window` / error budget > factor
 *   min-events  events in `window` ≥ min, counted from the recorded 5m event rate (see
 *               {@link eventsRange}), which a rule can read without knowing its own evaluation
 *               interval
 */
export type ConditionClause = { kind: 'burn'; window: Seconds; factor: number } | { kind: 'min-events'; window: Seconds; min: number };

/** Who hears about an alert, by its severity, as the generated Alertmanager routes send it. */
export type Notification = 'page' | 'ticket' | 'none';

export interface BurnAlertCondition {
  tier: TierFacts;
  /** All must hold at one evaluation for the alert to be active. */
  clauses: ConditionClause[];
  /** How long the clauses must hold before the alert fires. */
  for: Seconds;
  severity: string;
  notification: Notification;
  /** Slower tiers of the same SLO that Alertmanager mutes while this one fires. */
  silences: BurnTierName[];
}

export interface NoDataCondition {
  /** Fires when the SLI's base series are absent for `for`. */
  for: Seconds;
  severity: string;
  notification: Notification;
}

export interface SloAlertConditions {
  slo: string;
  /** Enabled tiers only, fastest first. */
  burn: BurnAlertCondition[];
  noData?: NoDataCondition;
}

/** Severity `critical` pages, `info` reaches no receiver, anything else opens a ticket (alertmanager.yaml). */
export const PAGE_SEVERITY = 'critical';
export const SILENT_SEVERITY = 'info';

function notificationOf(severity: string): Notification {
  if (severity === PAGE_SEVERITY) return 'page';
  if (severity === SILENT_SEVERITY) return 'none';
  return 'ticket';
}

/**
 * The tiers a firing tier silences: every slower one. A 14.4× page says all a 6× page or a ticket
 * would; they add noise, not news. Tiers are ordered fastest first (BURN_TIERS).
 */
export function slowerTiers(tier: BurnTierName): BurnTierName[] {
  return BURN_TIERS.slice(BURN_TIERS.indexOf(tier) + 1);
}

/**
 * The range of 5m event-rate samples whose 5-minute windows tile a window of `window` seconds:
 * the samples of its last `window − 5m`. Their mean × `window` is the events in the window, with
 * none of the traffic from before it (a plain mean over `window` would count up to 5 minutes of
 * earlier traffic: a busy evening would let the first hour of a quiet night page). 0 means the
 * one latest sample (a 5m window).
 */
export function eventsRange(window: Seconds): Seconds {
  return seconds(Math.max(0, window - BASE_WINDOW));
}

/** The low-traffic guard of an SLO, when it has one and its SLI counts events. */
function minEventsOf(slo: SloModel): number | undefined {
  return slo.sli.kind === 'events' ? slo.alerting.minEvents : undefined;
}

/** By SLO object while the service's alert settings are the same (all a condition reads besides the SLO). */
const conditions = objectMemo<SloModel, SloAlertConditions>();

export function alertConditions(model: Pick<ServiceModel, 'alerts'>, slo: SloModel): SloAlertConditions {
  return conditions.get(slo, [model.alerts], () => alertConditionsFresh(model, slo));
}

function alertConditionsFresh(model: Pick<ServiceModel, 'alerts'>, slo: SloModel): SloAlertConditions {
  const facts = sloFacts(model, slo);
  const minEvents = minEventsOf(slo);
  const burn = facts.tiers
    .filter((t) => t.enabled)
    .map((tier): BurnAlertCondition => ({
      tier,
      clauses: [
        { kind: 'burn', window: tier.longWindow, factor: tier.factor },
        { kind: 'burn', window: tier.shortWindow, factor: tier.factor },
        ...(minEvents !== undefined ? [{ kind: 'min-events' as const, window: tier.longWindow, min: minEvents }] : []),
      ],
      for: tier.for,
      severity: tier.severity,
      notification: notificationOf(tier.severity),
      silences: slowerTiers(tier.name),
    }));
  const nd = facts.noData;
  return {
    slo: slo.name,
    burn,
    ...(nd.enabled ? { noData: { for: nd.for, severity: nd.severity, notification: notificationOf(nd.severity) } } : {}),
  };
}
