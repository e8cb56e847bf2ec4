/**
 * The deploy gate: from each SLO's measured budget, the tier defaults or a `DeploymentGate`
 * resource (thresholds, conditions, team exceptions, on_exhausted), decide approved / warning /
 * blocked, and say which SLO decided it and why. Time is a parameter; nothing reads the clock.
 */
import type { ServiceModel, Tier } from '../model/types.ts';
import { formatNumber } from '../units.ts';
import { zoneParts } from '../time-zone.ts';
import type { SloBudget } from './budget.ts';
import { evaluateCondition, parseCondition, type ConditionContext } from './condition.ts';

export type GateDecision = 'approved' | 'warning' | 'blocked' | 'no_data';

/** Percent of budget remaining below which a deploy warns / is blocked, per tier. */
const TIER_GATE_DEFAULTS: Record<Tier, { warning: number; blocking: number | null }> = {
  critical: { warning: 20, blocking: 10 },
  high: { warning: 20, blocking: 5 },
  standard: { warning: 20, blocking: null },
  low: { warning: 30, blocking: null },
};

export interface GateInput {
  model: ServiceModel;
  budgets: SloBudget[];
  /** Milliseconds since the epoch; the CLI passes the current time, tests a fixed one. */
  now: number;
  /** The team asking to deploy, for exceptions. */
  team?: string;
}

export interface GateResult {
  decision: GateDecision;
  /** Whether the deploy may go ahead: false when blocked or when no data fails it closed. */
  allowed: boolean;
  /** Budget remaining (percent) of the SLO that decided it. */
  remainingPercent?: number;
  slo?: string;
  thresholds: { warning: number; blocking: number | null; source: string };
  condition?: string;
  exception?: string;
  message: string;
  /** Conditions that could not be parsed (also reported by validate). */
  problems: string[];
}

/** Calendar parts of `now` in a time zone, for conditions like business hours. */
export function timeParts(
  now: number,
  timeZone: string,
): { hour: number; minute: number; dayOfWeek: number; date: string; year: number; month: number; day: number } {
  // A zone the runtime does not know is read as UTC.
  const parts = zoneParts(timeZone, now) ?? zoneParts('UTC', now)!;
  const dayOfWeek = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday ?? 'Mon');
  return {
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    dayOfWeek,
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    date: `${parts.year}-${parts.month}-${parts.day}`,
  };
}

export interface GateThresholds {
  /** Percent of budget remaining below which a deploy warns. */
  warning: number;
  /** Percent of budget remaining below which a deploy is blocked; null: the gate never blocks on the budget. */
  blocking: number | null;
  source: string;
}

/** The gate's base thresholds: the DeploymentGate's, else the tier's defaults (before any condition). */
export function gateThresholds(model: Pick<ServiceModel, 'deploymentGate' | 'tier'>): GateThresholds {
  const gate = model.deploymentGate;
  const defaults = TIER_GATE_DEFAULTS[model.tier];
  return {
    warning: gate?.thresholds?.warning ?? defaults.warning,
    blocking: gate?.thresholds?.blocking !== undefined ? gate.thresholds.blocking : defaults.blocking,
    source: gate ? `DeploymentGate ${gate.name}` : `tier ${model.tier} defaults`,
  };
}

/** Whether budget left (percent) is past the blocking line: below the threshold, or exhausted while deploys freeze. */
function budgetBlocks(remainingPercent: number, blocking: number | null, model: Pick<ServiceModel, 'deploymentGate'>): boolean {
  return (
    (blocking !== null && remainingPercent < blocking) ||
    (remainingPercent <= 0 && model.deploymentGate?.on_exhausted?.includes('freeze_deploys') === true)
  );
}

export function evaluateGate(input: GateInput): GateResult {
  const { model, budgets } = input;
  const gate = model.deploymentGate;
  let { warning, blocking, source } = gateThresholds(model);
  const problems: string[] = [];

  // No data fails closed: a missing SLI is never read as a healthy one.
  const measured = budgets.filter((b) => b.status !== 'no_data' && b.remaining !== undefined);
  const blind = budgets.filter((b) => b.status === 'no_data').map((b) => `${b.slo}${b.stale ? ' (its metrics stopped)' : ''}`);
  const failOpen = gate?.on_no_data === 'allow';
  if (blind.length > 0 && !failOpen) {
    return {
      decision: 'no_data',
      allowed: false,
      thresholds: { warning, blocking, source },
      problems,
      message: `Deploy blocked: cannot judge: no data for SLO ${blind.join(', ')}. Check the metrics with nthlayer verify, or set on_no_data: allow in the DeploymentGate to let deploys through without data.`,
    };
  }
  if (measured.length === 0) {
    return {
      decision: 'warning',
      allowed: true,
      thresholds: { warning, blocking, source },
      problems,
      message: `Deploy allowed without data (on_no_data: allow): no data for SLO ${blind.join(', ')}; the gate cannot judge it.`,
    };
  }
  const worst = measured.reduce((a, b) => (b.remaining! < a.remaining! ? b : a));
  const remainingPercent = Math.round(worst.remaining! * 10_000) / 100;

  const t = timeParts(input.now, model.servicePagerDuty.timezone);
  const downstream = model.dependencies.filter((d) => d.category === 'upstream');
  const ctx: ConditionContext = {
    vars: {
      hour: t.hour,
      minute: t.minute,
      weekday: t.dayOfWeek >= 1 && t.dayOfWeek <= 5,
      day_of_week: t.dayOfWeek,
      date: t.date,
      year: t.year,
      month: t.month,
      day: t.day,
      budget_remaining: remainingPercent,
      budget_consumed: 100 - remainingPercent,
      burn_rate: Math.max(0, ...measured.flatMap((b) => b.burnRates.map((r) => r.burnRate ?? 0))),
      tier: model.tier,
      environment: model.environment ?? '',
      env: model.environment ?? '',
      service: model.name,
      team: model.team,
      downstream_count: downstream.length,
      high_criticality_downstream: downstream.filter((d) => d.criticality === 'critical' || d.criticality === 'high').length,
    },
  };
  let matched: string | undefined;
  for (const c of gate?.conditions ?? []) {
    const parsed = parseCondition(c.when);
    if (!parsed.node) {
      problems.push(`condition ${c.name}: ${parsed.error!.message}`);
      continue;
    }
    if (evaluateCondition(parsed.node, ctx)) {
      matched = c.name;
      if (c.warning !== undefined) warning = c.warning;
      if (c.blocking !== undefined) blocking = c.blocking;
      source = `condition ${c.name}`;
      break;
    }
  }

  const thresholds = { warning, blocking, source };
  const exception = input.team ? gate?.exceptions?.find((e) => e.team === input.team) : undefined;
  const pct = `${formatNumber(remainingPercent)}%`;
  const why = `SLO ${worst.slo} has ${pct} of its error budget left`;
  let decision: GateDecision = 'approved';
  let message = `Deploy approved: ${why} (warning below ${warning}%${blocking !== null ? `, blocking below ${blocking}%` : ''}).`;
  const exhausted = worst.remaining! <= 0;
  if (budgetBlocks(remainingPercent, blocking, model)) {
    decision = 'blocked';
    message = exhausted
      ? `Deploy blocked: ${why}; the budget is exhausted${gate?.on_exhausted?.includes('freeze_deploys') ? ' and deploys are frozen' : ''}.`
      : `Deploy blocked: ${why}, below the blocking threshold of ${blocking}% (${source}).`;
  } else if (remainingPercent < warning || (exhausted && gate?.on_exhausted?.includes('require_approval'))) {
    decision = 'warning';
    message =
      exhausted && gate?.on_exhausted?.includes('require_approval')
        ? `Deploy needs approval: ${why}; the budget is exhausted.`
        : `Deploy allowed with a warning: ${why}, below the warning threshold of ${warning}% (${source}).`;
  }
  if (exception && decision !== 'approved') {
    if (exception.allow === 'always') {
      decision = 'approved';
      message = `Deploy approved by exception for team ${exception.team}: ${why}.`;
    } else if (decision === 'blocked') {
      decision = 'warning';
      message = `Deploy downgraded to a warning by exception for team ${exception.team}: ${why}.`;
    }
  }
  if (blind.length > 0) {
    if (decision === 'approved') decision = 'warning';
    message += ` No data for SLO ${blind.join(', ')}: allowed without it (on_no_data: allow).`;
  }
  return {
    decision,
    allowed: decision !== 'blocked',
    remainingPercent,
    slo: worst.slo,
    thresholds,
    ...(matched ? { condition: matched } : {}),
    ...(exception ? { exception: exception.team } : {}),
    message,
    problems,
  };
}

export interface SloGateVerdict {
  slo: string;
  /** This SLO is a reason the deploy is refused: past the blocking line, or without data while no data fails closed. */
  blocks: boolean;
  /** Below the warning line (the deploy may still go ahead). */
  warns: boolean;
  /** Budget left in percent, rounded like the gate's; undefined without data. */
  remainingPercent?: number;
}

/**
 * Each SLO's part in a gate decision, read from the decision itself so the two never disagree: an
 * SLO blocks only when the gate refused the deploy and this SLO is past the (condition-adjusted)
 * blocking line, or has no data while no data fails closed.
 */
export function sloGateVerdicts(
  model: Pick<ServiceModel, 'deploymentGate'>,
  gate: GateResult,
  budgets: readonly SloBudget[],
): SloGateVerdict[] {
  return budgets.map((b) => {
    if (b.status === 'no_data' || b.remaining === undefined) {
      return { slo: b.slo, blocks: gate.decision === 'no_data', warns: gate.decision !== 'no_data' };
    }
    const remainingPercent = Math.round(b.remaining * 10_000) / 100;
    return {
      slo: b.slo,
      blocks: !gate.allowed && budgetBlocks(remainingPercent, gate.thresholds.blocking, model),
      warns: remainingPercent < gate.thresholds.warning,
      remainingPercent,
    };
  });
}
