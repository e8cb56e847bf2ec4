/**
 * Technology alert packs for `alerts.yaml`: one rule group per technology found in the service's
 * dependencies (plus its service-type group), filtered by tier, labelled for routing. The SLO
 * engine's alerts generator appends these groups after its own and writes the attribution header.
 */
import { technologyAlertLabels } from '../labels.ts';
import { GROUPS, dashboardUid } from '../../conventions.ts';
import type { ServiceModel, Tier } from '../../model/types.ts';
import { assertPromql } from '../../promql/parse.ts';
import { bindExpr } from '../../technologies/expr.ts';
import type { TechnologyId } from '../../technologies/ids.ts';
import { TECHNOLOGIES, serviceTechnology } from '../../technologies/registry.ts';
import { resolveMetrics } from '../../technologies/resolve.ts';
import { AWESOME_PROMETHEUS_ALERTS, type AlertSeverity, type AlertTemplate } from '../../technologies/types.ts';
import type { AlertingRule, RuleGroup } from '../rules.ts';

export const ALERT_PACK_ATTRIBUTION: string[] = [
  'Technology alert rules marked "source: awesome-prometheus-alerts" are adapted from',
  'awesome-prometheus-alerts (https://github.com/samber/awesome-prometheus-alerts),',
  '(c) Samuel Berthe and contributors, licensed under CC BY 4.0',
  '(https://creativecommons.org/licenses/by/4.0/). Changes: thresholds as ratios,',
  'zero-denominator guards, current exporter metric names, routing labels and annotations.',
];

/** Severities kept per tier (the original NthLayer's filter): low-tier services only page. */
export const TIER_SEVERITIES: Record<Tier, readonly AlertSeverity[]> = {
  critical: ['critical', 'warning', 'info'],
  high: ['critical', 'warning', 'info'],
  standard: ['critical', 'warning'],
  low: ['critical'],
};

function dashboardLink(model: ServiceModel): string {
  return model.dashboardUrl ?? `/d/${dashboardUid(model.name)}`;
}

function toRule(model: ServiceModel, tech: TechnologyId, a: AlertTemplate, expr: string): AlertingRule {
  return {
    alert: a.alert,
    expr,
    for: a.for,
    labels: technologyAlertLabels(model, tech, a.severity),
    annotations: {
      summary: a.summary,
      description: `${a.description}\n  VALUE = {{ $value }}\n  LABELS = {{ $labels }}`,
      ...(model.runbookUrl ? { runbook_url: `${model.runbookUrl}#${a.alert.toLowerCase()}` } : {}),
      dashboard_url: dashboardLink(model),
      ...(a.source === AWESOME_PROMETHEUS_ALERTS ? { source: AWESOME_PROMETHEUS_ALERTS } : {}),
    },
  };
}

/** One group of alert rules for a technology, or undefined when the tier filters every rule out. */
export function technologyAlertGroup(model: ServiceModel, tech: TechnologyId): RuleGroup | undefined {
  const template = TECHNOLOGIES[tech];
  const keep = TIER_SEVERITIES[model.tier] ?? TIER_SEVERITIES.critical;
  const { rename, relabel } = resolveMetrics(model, template);
  // Service-type rules read the service's own series; dependency rules watch the whole exporter.
  const scoped = tech === serviceTechnology(model.type);
  const rules = template.alerts.filter((a) => keep.includes(a.severity)).map((a) => {
    const expr = bindExpr(a.expr, { rename, relabel, ...(scoped ? { matchers: model.observability.selector } : {}) });
    assertPromql(expr);
    return toRule(model, tech, a, expr);
  });
  return rules.length === 0 ? undefined : { name: GROUPS.technology(model.name, tech), rules };
}

/** The service-type group first, then one group per dependency technology in canonical order. */
export function technologyAlertGroups(model: ServiceModel): RuleGroup[] {
  const techs: TechnologyId[] = [serviceTechnology(model.type), ...model.technologies];
  return techs.map((t) => technologyAlertGroup(model, t)).filter((g): g is RuleGroup => g !== undefined);
}
