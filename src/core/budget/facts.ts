/**
 * Every number derived from one SLO, computed here once: windows, per-tier factor, threshold,
 * `for` (tier setting > `kind: Alerts` for_duration > scaled default), severity, whether the tier
 * is on and why not, detection and exhaustion times, the no-data alert, budget minutes and status
 * bands. Rule generators, exports, the cost model, the dashboard, `slo show`, live budgets and the
 * studio read these facts instead of deriving their own copies.
 */
import type { BurnTierName, ServiceModel, SloModel } from '../model/types.ts';
import { clean, parseDuration, seconds, type Ratio, type Seconds } from '../units.ts';
import { burnRateTiers, tierImpossible } from './windows.ts';

/** Share of the budget consumed at which a status begins (the original NthLayer's table). */
export const STATUS_BANDS = { warning: 0.5, critical: 0.8, exhausted: 1 } as const;

/** Shortest window recorded for every SLO: the base of the long windows. */
export const BASE_WINDOW = seconds(5 * 60);

export type TierOff = 'alerting-disabled' | 'tier-disabled' | 'impossible';

export interface TierFacts {
  name: BurnTierName;
  kind: 'page' | 'ticket';
  severity: string;
  enabled: boolean;
  /** Why the tier generates no alert. */
  off?: TierOff;
  longWindow: Seconds;
  shortWindow: Seconds;
  /** Burn-rate multiple both windows must exceed. */
  factor: number;
  /** The same threshold as an error ratio: factor × error budget. */
  threshold: number;
  for: Seconds;
  forSource: 'tier' | 'alerts' | 'default';
  /** Share of the whole budget gone when the alert fires at exactly the threshold burn. */
  budgetConsumedAtFire: number;
  /** Time for the long window to reach the threshold in a 100 % outage (before `for`). */
  detectionTimeFullOutage: Seconds;
  /** detectionTimeFullOutage + `for`: when the page or ticket goes out in a 100 % outage. */
  firesAfterFullOutage: Seconds;
  /** Time until the whole budget is gone at the threshold burn rate. */
  exhaustionAtThreshold: Seconds;
  /** Extra labels the spec puts on this tier's alert. */
  labels: Record<string, string>;
}

export interface NoDataFacts {
  enabled: boolean;
  /**
   * How long the SLI may be missing before the alert fires. Derived like Pyrra's SLOMetricAbsent:
   * the time the fastest enabled tier needs to fire if absence meant 100 % errors.
   */
  for: Seconds;
  forSource: 'spec' | 'derived';
  severity: string;
  labels: Record<string, string>;
}

export interface SloFacts {
  slo: string;
  objectiveRatio: Ratio;
  objectivePercent: number;
  errorBudgetRatio: Ratio;
  window: Seconds;
  /** Minutes of full outage the budget allows over the window (99.9 % / 30d → 43.2). */
  budgetMinutes: number;
  /** Every window the recording rules record, shortest first: 5m, the tier windows, the SLO window. */
  windows: Seconds[];
  tiers: TierFacts[];
  noData: NoDataFacts;
  /** Budget-consumed shares at which the status turns warning, critical, exhausted. */
  statusBands: typeof STATUS_BANDS;
}

/** `kind: Alerts` for_duration: the `for` of every page or ticket tier that sets none itself. */
function alertsForOverrides(model: Pick<ServiceModel, 'alerts'>): { page?: Seconds; ticket?: Seconds } {
  const d = model.alerts?.for_duration;
  const page = d?.page ? parseDuration(d.page) : undefined;
  const ticket = d?.ticket ? parseDuration(d.ticket) : undefined;
  return { ...(page !== undefined ? { page } : {}), ...(ticket !== undefined ? { ticket } : {}) };
}

const cache = new WeakMap<SloModel, { alerts: unknown; facts: SloFacts }>();

export function sloFacts(model: Pick<ServiceModel, 'alerts'>, slo: SloModel): SloFacts {
  const hit = cache.get(slo);
  if (hit && hit.alerts === model.alerts) return hit.facts;
  const facts = computeFacts(model, slo);
  cache.set(slo, { alerts: model.alerts, facts });
  return facts;
}

function computeFacts(model: Pick<ServiceModel, 'alerts'>, slo: SloModel): SloFacts {
  const overrides = alertsForOverrides(model);
  const E = slo.errorBudget;
  const tiers: TierFacts[] = burnRateTiers(slo.window).map((t) => {
    const cfg = slo.alerting.tiers[t.name];
    const off: TierOff | undefined = !slo.alerting.enabled
      ? 'alerting-disabled'
      : !cfg.enabled
        ? 'tier-disabled'
        : tierImpossible(t.factor, E)
          ? 'impossible'
          : undefined;
    const forSource: TierFacts['forSource'] = cfg.for !== undefined ? 'tier' : overrides[t.kind] !== undefined ? 'alerts' : 'default';
    const forSeconds = cfg.for ?? overrides[t.kind] ?? t.defaultFor;
    const detection = seconds(clean(t.factor * E * t.longWindow));
    return {
      name: t.name,
      kind: t.kind,
      severity: cfg.severity ?? t.severity,
      enabled: off === undefined,
      ...(off ? { off } : {}),
      longWindow: t.longWindow,
      shortWindow: t.shortWindow,
      factor: t.factor,
      threshold: clean(t.factor * E),
      for: forSeconds,
      forSource,
      budgetConsumedAtFire: clean((t.factor * t.longWindow) / slo.window),
      detectionTimeFullOutage: detection,
      firesAfterFullOutage: seconds(clean(detection + forSeconds)),
      exhaustionAtThreshold: seconds(clean(slo.window / t.factor)),
      labels: { ...cfg.labels },
    };
  });
  const windows = [...new Set<number>([BASE_WINDOW, ...tiers.flatMap((t) => [t.shortWindow, t.longWindow]), slo.window])]
    .sort((a, b) => a - b)
    .map((s) => seconds(s));
  return {
    slo: slo.name,
    objectiveRatio: slo.objective,
    objectivePercent: slo.objectivePercent,
    errorBudgetRatio: E,
    window: slo.window,
    budgetMinutes: clean((slo.window / 60) * E),
    windows,
    tiers,
    noData: noDataFacts(slo, tiers),
    statusBands: STATUS_BANDS,
  };
}

function noDataFacts(slo: SloModel, tiers: TierFacts[]): NoDataFacts {
  const spec = slo.alerting.noData;
  const fastest = tiers.find((t) => t.enabled && t.kind === 'page') ?? tiers.find((t) => t.enabled) ?? tiers[0]!;
  const derived = seconds(Math.max(60, Math.round(fastest.firesAfterFullOutage / 60) * 60));
  return {
    enabled: slo.alerting.enabled && spec.enabled,
    for: spec.for ?? derived,
    forSource: spec.for !== undefined ? 'spec' : 'derived',
    severity: spec.severity ?? fastest.severity,
    labels: { ...spec.labels },
  };
}

/** A tier's facts for JSON outputs: every number named with its unit. */
export interface TierFactsJson {
  name: BurnTierName;
  kind: 'page' | 'ticket';
  severity: string;
  enabled: boolean;
  off: TierOff | null;
  longWindowSeconds: number;
  shortWindowSeconds: number;
  factor: number;
  thresholdRatio: number;
  forSeconds: number;
  forSource: TierFacts['forSource'];
  budgetConsumedAtFireRatio: number;
  detectionTimeFullOutageSeconds: number;
  firesAfterFullOutageSeconds: number;
  exhaustionAtThresholdSeconds: number;
}

export interface SloFactsJson {
  slo: string;
  objectiveRatio: number;
  objectivePercent: number;
  errorBudgetRatio: number;
  windowSeconds: number;
  budgetMinutes: number;
  recordedWindowsSeconds: number[];
  tiers: TierFactsJson[];
  noData: { enabled: boolean; forSeconds: number; forSource: NoDataFacts['forSource']; severity: string };
  statusBandsConsumedRatio: { warning: number; critical: number; exhausted: number };
}

/** The JSON shape of an SLO's facts (`slo show --format json`, the studio's SLO view tests). */
export function sloFactsJson(f: SloFacts): SloFactsJson {
  return {
    slo: f.slo,
    objectiveRatio: f.objectiveRatio,
    objectivePercent: f.objectivePercent,
    errorBudgetRatio: f.errorBudgetRatio,
    windowSeconds: f.window,
    budgetMinutes: f.budgetMinutes,
    recordedWindowsSeconds: [...f.windows],
    tiers: f.tiers.map((t) => ({
      name: t.name,
      kind: t.kind,
      severity: t.severity,
      enabled: t.enabled,
      off: t.off ?? null,
      longWindowSeconds: t.longWindow,
      shortWindowSeconds: t.shortWindow,
      factor: t.factor,
      thresholdRatio: t.threshold,
      forSeconds: t.for,
      forSource: t.forSource,
      budgetConsumedAtFireRatio: t.budgetConsumedAtFire,
      detectionTimeFullOutageSeconds: t.detectionTimeFullOutage,
      firesAfterFullOutageSeconds: t.firesAfterFullOutage,
      exhaustionAtThresholdSeconds: t.exhaustionAtThreshold,
    })),
    noData: { enabled: f.noData.enabled, forSeconds: f.noData.for, forSource: f.noData.forSource, severity: f.noData.severity },
    statusBandsConsumedRatio: { ...f.statusBands },
  };
}
