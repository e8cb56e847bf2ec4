/**
 * Technology alert packs. The service-type group watches the service's own series (its
 * Observability selector). Each dependency gets its own group, every rule scoped to the series
 * the dependency's selector picks (see technologies/scope.ts) and labelled for the declaring
 * service's routing plus `dependency`. Rules that watch a whole exporter cannot belong to one
 * service: they go, without routing labels, to one fleet-wide file per technology whose bytes
 * are the same whichever service writes it.
 */
import { technologyAlertLabels } from '../labels.ts';
import { GROUPS, LABELS, dashboardLink } from '../../conventions.ts';
import type { DependencyModel, ServiceModel, Tier } from '../../model/types.ts';
import { assertPromql } from '../../promql/parse.ts';
import { bindExpr, keptLabels } from '../../technologies/expr.ts';
import type { DependencyTechnology } from '../../technologies/ids.ts';
import { TECHNOLOGIES, serviceTechnology } from '../../technologies/registry.ts';
import { resolveMetrics } from '../../technologies/resolve.ts';
import { dependencyFacts, fleetAlertNames, planDependencyAlerts } from '../../technologies/scope.ts';
import { AWESOME_PROMETHEUS_ALERTS, type AlertSeverity, type AlertTemplate } from '../../technologies/types.ts';
import { memo } from '../../memo.ts';
import type { AlertingRule, RuleGroup } from '../rules.ts';

export const ALERT_PACK_ATTRIBUTION: string[] = [
  'Technology alert rules marked "source: awesome-prometheus-alerts" are adapted from',
  'awesome-prometheus-alerts (https://github.com/samber/awesome-prometheus-alerts),',
  '(c) Samuel Berthe and contributors, licensed under CC BY 4.0',
  '(https://creativecommons.org/licenses/by/4.0/). Changes: thresholds as ratios,',
  'zero-denominator guards, current exporter metric names, per-dependency scoping,',
  'routing labels and annotations.',
];

/** Severities kept per tier (the original NthLayer's filter): low-tier services only page. */
export const TIER_SEVERITIES: Record<Tier, readonly AlertSeverity[]> = {
  critical: ['critical', 'warning', 'info'],
  high: ['critical', 'warning', 'info'],
  standard: ['critical', 'warning'],
  low: ['critical'],
};

/** Labels our rules set; a result series carrying one of them from the exporter would be overwritten. */
const OWN_LABELS = [
  LABELS.service,
  LABELS.team,
  LABELS.tier,
  LABELS.severity,
  LABELS.routing,
  LABELS.technology,
  LABELS.dependency,
  LABELS.scope,
];

/**
 * Keeps an exporter label our rule labels would overwrite (Traefik's `service`): when the result
 * is grouped by it, it is copied to `exported_<label>` first, so two of the exporter's objects
 * failing at once stay two alerts instead of an evaluation error.
 */
function preserveExporterLabels(expr: string, annotations: Record<string, string>): { expr: string; annotations: Record<string, string> } {
  const kept = keptLabels(expr);
  const clashing = kept ? OWN_LABELS.filter((l) => kept.has(l)) : [];
  if (clashing.length === 0) return { expr, annotations };
  let out = expr;
  for (const l of clashing) out = `label_replace(${out}, "exported_${l}", "$1", "${l}", "(.*)")`;
  const rewritten = Object.fromEntries(
    Object.entries(annotations).map(([k, v]) => [
      k,
      clashing.reduce(
        (t, l) => t.replaceAll(`$labels.${l} `, `$labels.exported_${l} `).replaceAll(`$labels.${l}}`, `$labels.exported_${l}}`),
        v,
      ),
    ]),
  );
  return { expr: out, annotations: rewritten };
}

function annotationsOf(model: ServiceModel | undefined, a: AlertTemplate): Record<string, string> {
  return {
    summary: a.summary,
    description: `${a.description}\n  VALUE = {{ $value }}\n  LABELS = {{ $labels }}`,
    ...(model?.runbookUrl ? { runbook_url: `${model.runbookUrl}#${a.alert.toLowerCase()}` } : {}),
    ...(model ? { dashboard_url: dashboardLink(model) } : {}),
    ...(a.source === AWESOME_PROMETHEUS_ALERTS ? { source: AWESOME_PROMETHEUS_ALERTS } : {}),
  };
}

/** Rules by content (memo.ts): the same rule objects come back while nothing they say changes, so the output check and the renderer remember them. */
const rulesByContent = memo<AlertingRule>(10_000);

function toRule(a: AlertTemplate, expr: string, labels: Record<string, string>, annotations: Record<string, string>): AlertingRule {
  return rulesByContent.get(JSON.stringify([a.alert, a.for, expr, labels, annotations]), () => {
    const kept = preserveExporterLabels(expr, annotations);
    assertPromql(kept.expr);
    return { alert: a.alert, expr: kept.expr, for: a.for, labels, annotations: kept.annotations };
  });
}

/** The service-type group: the service's own series, e.g. HttpHighErrorRatio on its requests. */
function serviceAlertGroup(model: ServiceModel): RuleGroup | undefined {
  const tech = serviceTechnology(model.type);
  const template = TECHNOLOGIES[tech];
  const keep = TIER_SEVERITIES[model.tier] ?? TIER_SEVERITIES.critical;
  const { rename, relabel } = resolveMetrics(model, template);
  const rules = template.alerts
    .filter((a) => keep.includes(a.severity))
    .map((a) =>
      toRule(
        a,
        bindExpr(a.expr, { rename, relabel, matchers: model.observability.selector }),
        technologyAlertLabels(model, tech, a.severity),
        annotationsOf(model, a),
      ),
    );
  return rules.length === 0 ? undefined : { name: GROUPS.technology(model.name, tech), rules };
}

/** The group of one dependency: its technology's rules that its selector scopes. */
function dependencyAlertGroup(model: ServiceModel, dep: DependencyModel, index: number): RuleGroup | undefined {
  if (!dep.technology) return undefined;
  const template = TECHNOLOGIES[dep.technology];
  const keep = TIER_SEVERITIES[model.tier] ?? TIER_SEVERITIES.critical;
  const { rename, relabel } = resolveMetrics(model, template);
  const plan = planDependencyAlerts(template, dependencyFacts(model.name, dep), dep.selector);
  const rules = plan.scoped
    .filter((r) => keep.includes(r.template.severity))
    .map((r) =>
      toRule(
        r.template,
        bindExpr(r.expr, { rename, relabel }),
        { ...technologyAlertLabels(model, dep.technology!, r.template.severity), [LABELS.dependency]: dep.name },
        annotationsOf(model, r.template),
      ),
    );
  if (rules.length === 0) return undefined;
  const name = GROUPS.dependency(model.name, dep.technology, dep.name.replace(/[^A-Za-z0-9_-]+/g, '_'));
  return { name: index > 0 ? `${name}-${index + 1}` : name, rules };
}

/** The service-type group first, then one group per dependency with a technology, in spec order. */
export function technologyAlertGroups(model: ServiceModel): RuleGroup[] {
  const seen = new Map<string, number>();
  const groups: (RuleGroup | undefined)[] = [serviceAlertGroup(model)];
  for (const dep of model.dependencies) {
    if (!dep.technology) continue;
    const key = `${dep.technology}/${dep.name}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    groups.push(dependencyAlertGroup(model, dep, n));
  }
  return groups.filter((g): g is RuleGroup => g !== undefined);
}

/** The fleet-wide group of a technology: its rules that no dependency selector can scope by default. */
export function fleetAlertGroup(tech: DependencyTechnology): RuleGroup | undefined {
  const template = TECHNOLOGIES[tech];
  const names = new Set(fleetAlertNames(template));
  const rules = template.alerts
    .filter((a) => names.has(a.alert))
    .map((a) =>
      toRule(a, a.expr, { [LABELS.severity]: a.severity, [LABELS.technology]: tech, [LABELS.scope]: 'fleet' }, annotationsOf(undefined, a)),
    );
  return rules.length === 0 ? undefined : { name: GROUPS.fleet(tech), rules };
}

/** Technologies of the service whose fleet-wide rules some dependency leaves to the fleet file. */
export function fleetTechnologies(model: ServiceModel): DependencyTechnology[] {
  const out = new Set<DependencyTechnology>();
  for (const dep of model.dependencies) {
    if (!dep.technology) continue;
    if (planDependencyAlerts(TECHNOLOGIES[dep.technology], dependencyFacts(model.name, dep), dep.selector).fleet.length > 0)
      out.add(dep.technology);
  }
  return [...out].sort();
}
