/**
 * `PolicyRules` (the seed's policies/): organisation rules a spec must follow, evaluated by
 * validate and shown at the line of the rule that failed. Three rule types, one small function each.
 */
import type { ServiceModel } from '../model/types.ts';
import type { PolicyRulesSpec } from '../spec/schema.ts';

type Rule = PolicyRulesSpec['rules'][number];

export interface PolicyViolation {
  rule: string;
  ruleIndex: number;
  severity: 'error' | 'warning';
  message: string;
  hint: string;
}

/** `ownership.*` names from the original's policy files, mapped onto our service fields. */
const FIELD_ALIASES: Record<string, string> = {
  'ownership.team': 'team',
  'ownership.runbook': 'runbookUrl',
  'ownership.slack': 'slackChannel',
  'ownership.email': 'email',
  'service.runbook_url': 'runbookUrl',
  'service.slack_channel': 'slackChannel',
  'service.description': 'description',
  'service.team': 'team',
  'service.owner': 'owner',
  'service.email': 'email',
  runbook_url: 'runbookUrl',
  slack_channel: 'slackChannel',
};

function fieldValue(model: ServiceModel, field: string): unknown {
  const key = FIELD_ALIASES[field] ?? field.replace(/^service\./, '');
  if (key.startsWith('metadata.')) return model.metadata[key.slice('metadata.'.length)];
  return (model as unknown as Record<string, unknown>)[key];
}

function requiredFields(model: ServiceModel, rule: Rule): string[] {
  const fields = Array.isArray(rule.params?.fields) ? (rule.params!.fields as unknown[]).map(String) : [];
  return fields
    .filter((f) => {
      const v = fieldValue(model, f);
      return v === undefined || v === null || v === '';
    })
    .map((f) => `required field \`${f}\` is not set`);
}

function tierConstraint(model: ServiceModel, rule: Rule): string[] {
  const p = rule.params ?? {};
  if (typeof p.tier === 'string' && p.tier !== model.tier) return [];
  const out: string[] = [];
  const minSlos = typeof p.min_slos === 'number' ? p.min_slos : undefined;
  if (minSlos !== undefined && model.slos.length < minSlos)
    out.push(`${model.tier}-tier services need at least ${minSlos} SLO(s); this one has ${model.slos.length}`);
  if (p.require_deployment_gates === true && !model.deploymentGate) out.push(`${model.tier}-tier services need a DeploymentGate resource`);
  if (p.require_pagerduty === true && !model.pagerduty) out.push(`${model.tier}-tier services need a PagerDuty resource`);
  if (p.require_dependencies === true && model.dependencies.length === 0)
    out.push(`${model.tier}-tier services need a Dependencies resource`);
  if (p.require_ownership === true && !model.runbookUrl) out.push(`${model.tier}-tier services need a runbook_url`);
  return out;
}

function dependencyRule(model: ServiceModel, rule: Rule): string[] {
  if (rule.params?.require_critical_deps_have_slo !== true) return [];
  return model.dependencies
    .filter((d) => d.criticality === 'critical' && d.sla === undefined && d.extra.slo === undefined)
    .map((d) => `critical dependency \`${d.name}\` declares no sla or slo`);
}

const CHECKS: Record<Rule['type'], (m: ServiceModel, r: Rule) => string[]> = {
  required_fields: requiredFields,
  tier_constraint: tierConstraint,
  dependency_rule: dependencyRule,
};

const HINTS: Record<Rule['type'], string> = {
  required_fields: 'add the field to the service block',
  tier_constraint: 'add the missing resources, or change the tier if it is wrong',
  dependency_rule: 'add sla: <percent> (or slo:) to the dependency',
};

export function evaluatePolicies(model: ServiceModel, rules: Rule[]): PolicyViolation[] {
  return rules.flatMap((rule, ruleIndex) =>
    CHECKS[rule.type](model, rule).map((message) => ({
      rule: rule.name,
      ruleIndex,
      severity: rule.severity ?? 'error',
      message: `policy ${rule.name}: ${message}`,
      hint: rule.description ? `${HINTS[rule.type]} (${rule.description})` : HINTS[rule.type],
    })),
  );
}
