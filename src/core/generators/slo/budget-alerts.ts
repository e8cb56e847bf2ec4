/**
 * Error-budget alert rules of `kind: Alerts` (the original NthLayer's budget alert pipeline),
 * written as Prometheus alerts over the SLO recording rules:
 *
 *   budget_threshold   share of the budget consumed:  1 - slo:error_budget_remaining:ratio >= t
 *   burn_rate          multiple of the sustainable rate over the page_fast tier's windows
 *                      (1h and 5m for 28-30 day SLOs), both above t
 *   budget_exhaustion  hours until the budget is gone at the long-window burn rate < t
 *                      (an exhausted budget counts as 0 hours)
 *
 * `auto_rules: true` adds the service tier's default rules for every SLO; a rule the spec writes
 * with the same name replaces the default one.
 */
import { sloFacts } from '../../budget/facts.ts';
import { LABELS, RECORDS, dashboardLink, pascalCase } from '../../conventions.ts';
import type { ServiceModel, SloModel, Tier } from '../../model/types.ts';
import type { AlertsSpec } from '../../spec/schema.ts';
import { formatDuration, formatNumber, parseDuration, seconds } from '../../units.ts';
import type { AlertingRule } from '../rules.ts';
import { sloSelector } from './rules.ts';

export type BudgetRule = NonNullable<AlertsSpec['rules']>[number];

/** The original's TIER_DEFAULT_RULES: one copy per SLO when `auto_rules` is on. */
const TIER_DEFAULT_BUDGET_RULES: Record<Tier, BudgetRule[]> = {
  critical: [
    { name: 'budget-warning', type: 'budget_threshold', threshold: 0.5, severity: 'warning' },
    { name: 'budget-critical', type: 'budget_threshold', threshold: 0.75, severity: 'critical' },
    { name: 'burn-rate-warning', type: 'burn_rate', threshold: 2, severity: 'warning' },
    { name: 'budget-exhaustion', type: 'budget_exhaustion', threshold: 12, severity: 'critical' },
  ],
  high: [
    { name: 'budget-warning', type: 'budget_threshold', threshold: 0.65, severity: 'warning' },
    { name: 'budget-critical', type: 'budget_threshold', threshold: 0.85, severity: 'critical' },
    { name: 'burn-rate-warning', type: 'burn_rate', threshold: 3, severity: 'warning' },
    { name: 'budget-exhaustion', type: 'budget_exhaustion', threshold: 6, severity: 'critical' },
  ],
  standard: [
    { name: 'budget-warning', type: 'budget_threshold', threshold: 0.8, severity: 'warning' },
    { name: 'budget-critical', type: 'budget_threshold', threshold: 0.95, severity: 'critical' },
    { name: 'burn-rate-warning', type: 'burn_rate', threshold: 5, severity: 'warning' },
  ],
  low: [{ name: 'budget-critical', type: 'budget_threshold', threshold: 0.95, severity: 'critical' }],
};

/** `for` when neither the rule's severity has a for_duration: budget shares move slowly, burn rates fast. */
const DEFAULT_FOR: Record<BudgetRule['type'], number> = { budget_threshold: 300, burn_rate: 300, budget_exhaustion: 900 };

/** `on_exhausted: [notify]` of a DeploymentGate: tell the team when a budget is gone. */
const EXHAUSTED_RULE: BudgetRule = { name: 'budget-exhausted', type: 'budget_threshold', threshold: 1, severity: 'warning' };

/**
 * The rules in force: the tier's defaults (with auto_rules) and the gate's budget-exhausted rule
 * (with on_exhausted: notify), replaced or extended by the spec's own.
 */
function budgetRules(model: ServiceModel): BudgetRule[] {
  const own = model.alerts?.rules ?? [];
  const defaults = [
    ...(model.alerts?.auto_rules ? TIER_DEFAULT_BUDGET_RULES[model.tier] : []),
    ...(model.deploymentGate?.on_exhausted?.includes('notify') ? [EXHAUSTED_RULE] : []),
  ].filter((d) => !own.some((r) => r.name === d.name));
  return [...defaults, ...own].filter((r) => r.enabled !== false);
}

function ruleFor(model: ServiceModel, rule: BudgetRule, severity: string): string {
  const d = model.alerts?.for_duration;
  const text = severity === 'critical' ? d?.page : d?.ticket;
  const parsed = text ? parseDuration(text) : undefined;
  return formatDuration(parsed ?? seconds(DEFAULT_FOR[rule.type]));
}

function expression(model: ServiceModel, slo: SloModel, rule: BudgetRule): { expr: string } {
  const sel = sloSelector(model, slo);
  const budget = formatNumber(slo.errorBudget);
  const t = formatNumber(rule.threshold);
  const fast = sloFacts(model, slo).tiers.find((x) => x.name === 'page_fast')!;
  const long = RECORDS.sliError(formatDuration(fast.longWindow));
  const short = RECORDS.sliError(formatDuration(fast.shortWindow));
  switch (rule.type) {
    case 'budget_threshold':
      return { expr: `1 - ${RECORDS.errorBudgetRemaining}${sel} >= ${t}` };
    case 'burn_rate':
      return { expr: `${long}${sel} / ${budget} > ${t}\nand\n${short}${sel} / ${budget} > ${t}` };
    case 'budget_exhaustion': {
      const hours = formatNumber(slo.window / 3600);
      return { expr: `${RECORDS.errorBudgetRemaining}${sel} * ${hours} / (${long}${sel} / ${budget}) < ${t}` };
    }
  }
}

const VALUE: Record<BudgetRule['type'], string> = {
  budget_threshold: '{{ $value | humanizePercentage }} of the error budget is consumed',
  burn_rate: 'the error budget burns {{ $value | printf "%.1f" }}× faster than sustainable',
  budget_exhaustion: 'the error budget runs out in {{ $value | printf "%.1f" }} h at the current burn rate',
};

const LIMIT: Record<BudgetRule['type'], (t: number) => string> = {
  budget_threshold: (t) => `${formatNumber(t * 100)}% consumed`,
  burn_rate: (t) => `${formatNumber(t)}×`,
  budget_exhaustion: (t) => `${formatNumber(t)} h left`,
};

/** One alert per (rule, SLO it applies to). */
export function budgetAlerts(model: ServiceModel): AlertingRule[] {
  const out: AlertingRule[] = [];
  for (const rule of budgetRules(model)) {
    const slos = model.slos.filter((s) => (rule.slo ?? '*') === '*' || s.name === rule.slo);
    for (const slo of slos) {
      if (!slo.alerting.enabled) continue;
      const severity = rule.severity ?? 'warning';
      const { expr } = expression(model, slo, rule);
      out.push({
        alert: `${slo.alerting.name ?? pascalCase(model.name, slo.name)}${pascalCase(rule.name)}`,
        expr,
        for: ruleFor(model, rule, severity),
        labels: {
          ...model.labels,
          ...slo.labels,
          ...slo.alerting.labels,
          [LABELS.service]: model.name,
          [LABELS.slo]: slo.name,
          [LABELS.team]: model.team,
          [LABELS.tier]: model.tier,
          [LABELS.severity]: severity,
          [LABELS.routing]: model.supportModel,
          budget_rule: rule.name,
        },
        annotations: {
          summary: `${model.name} ${slo.name}: ${VALUE[rule.type]} (rule ${rule.name}: ${LIMIT[rule.type](rule.threshold)})`,
          description: `Error-budget rule ${rule.name} (${rule.type}, threshold ${formatNumber(rule.threshold)}) of the ${slo.name} SLO: ${VALUE[rule.type]}.`,
          ...(model.runbookUrl ? { runbook_url: model.runbookUrl } : {}),
          dashboard_url: dashboardLink(model),
        },
      });
    }
  }
  return out;
}
