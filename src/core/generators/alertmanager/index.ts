/**
 * `alertmanager.yaml`: routes this service's alerts to the team's PagerDuty service and
 * `routing="sre"` alerts to the SRE's, with tier-based grouping and repeat intervals, and
 * mutes an SLO's slower burn-rate tiers while a faster one fires. Severity mapping: critical pages
 * (the tier's page severity), warning opens a ticket (the tier's ticket severity), info goes to
 * no receiver at all. Produced when the PagerDuty resource has an `integration_key` (an Events
 * API v2 routing key).
 */
import { PAGE_SEVERITY, SILENT_SEVERITY, slowerTiers } from '../../budget/alert-conditions.ts';
import { ALERTMANAGER, FILES, GENERATOR_NAME, LABELS } from '../../conventions.ts';
import { BURN_TIERS } from '../../spec/schema.ts';
import type { ServiceModel } from '../../model/types.ts';
import { formatDuration, seconds } from '../../units.ts';
import { TIER_ON_CALL, type PagerDutySeverity } from '../pagerduty/tiers.ts';
import { literalTemplateText } from '../../templates/go-template.ts';
import type { Artifact, Generator } from '../types.ts';

/** Every burn-rate tier of one SLO shares an alert name, so severity keeps pages and tickets apart. */
const GROUP_BY = ['alertname', LABELS.service, LABELS.slo, LABELS.severity] as const;
const DEFAULT_TIMING = { groupWait: seconds(30), groupInterval: seconds(5 * 60), repeatInterval: seconds(4 * 3600) } as const;

const matcher = (name: string, value: string): string => `${name}=${JSON.stringify(value)}`;
const label = (name: string): string => `{{ .CommonLabels.${name} }}`;

function severityTemplate(page: PagerDutySeverity, ticket: PagerDutySeverity): string {
  if (page === ticket) return page;
  return `{{ if eq .CommonLabels.${LABELS.severity} "${PAGE_SEVERITY}" }}${page}{{ else }}${ticket}{{ end }}`;
}

function pagerDutyReceiver(model: ServiceModel, name: string, routingKey: string): Record<string, unknown> {
  const tier = TIER_ON_CALL[model.tier];
  return {
    name,
    pagerduty_configs: [
      {
        routing_key: routingKey,
        severity: severityTemplate(tier.pageSeverity, tier.ticketSeverity),
        class: label(LABELS.slo),
        // Every pagerduty_configs field is a template rendered per notification: spec text goes in
        // as literal text (the spec stage refuses braces too; this keeps the file safe on its own).
        component: literalTemplateText(model.name),
        group: literalTemplateText(model.team),
        description: `{{ if .CommonAnnotations.summary }}{{ .CommonAnnotations.summary }}{{ else }}{{ template "pagerduty.default.description" . }}{{ end }}`,
        // The PagerDuty event orchestration reads `routing` from the custom details.
        details: {
          [LABELS.service]: label(LABELS.service),
          [LABELS.slo]: label(LABELS.slo),
          [LABELS.team]: label(LABELS.team),
          [LABELS.tier]: label(LABELS.tier),
          [LABELS.routing]: label(LABELS.routing),
          [LABELS.burnTier]: label(LABELS.burnTier),
        },
        ...(model.runbookUrl ? { links: [{ href: literalTemplateText(model.runbookUrl), text: 'Runbook' }] } : {}),
      },
    ],
  };
}

function uniqueName(name: string, taken: readonly string[]): string {
  if (!taken.includes(name)) return name;
  let n = 2;
  while (taken.includes(`${name}-${n}`)) n++;
  return `${name}-${n}`;
}

/**
 * While a burn-rate tier fires, every slower tier of the same SLO is muted (alert-conditions.ts
 * says which: the backtest applies the same list). The tiers of one SLO share an alert name, so
 * `alertname`, `service` and `slo` must be equal; `burn_tier` tells the tiers apart whatever
 * severities the spec gives them.
 */
function inhibitRules(model: ServiceModel): Record<string, unknown>[] {
  const service = matcher(LABELS.service, model.name);
  return BURN_TIERS.filter((t) => slowerTiers(t).length > 0).map((t) => ({
    source_matchers: [matcher(LABELS.burnTier, t), service],
    target_matchers: [`${LABELS.burnTier}=~${JSON.stringify(slowerTiers(t).join('|'))}`, service],
    equal: ['alertname', LABELS.service, LABELS.slo],
  }));
}

export function alertmanagerConfig(model: ServiceModel): Record<string, unknown> | undefined {
  const pd = model.pagerduty;
  if (!pd?.integration_key) return undefined;
  const tier = TIER_ON_CALL[model.tier];
  // Receiver names must be unique (amtool refuses the file otherwise): a team called `sre` with
  // an SRE key of its own would share a name with the SRE receiver.
  const team = uniqueName(ALERTMANAGER.teamReceiver(model.team), [
    ALERTMANAGER.defaultReceiver,
    ...(pd.sre_integration_key ? [ALERTMANAGER.sreReceiver] : []),
  ]);
  const timing = { group_wait: formatDuration(tier.groupWait), repeat_interval: formatDuration(tier.repeatInterval) };
  const service = matcher(LABELS.service, model.name);
  // Info alerts (a restart, an expiring certificate weeks out) are for dashboards and the
  // Alertmanager UI: they never open a PagerDuty incident.
  const routes: Record<string, unknown>[] = [
    { receiver: ALERTMANAGER.defaultReceiver, matchers: [service, matcher(LABELS.severity, SILENT_SEVERITY)] },
  ];
  if (pd.sre_integration_key) {
    routes.push({ receiver: ALERTMANAGER.sreReceiver, matchers: [service, matcher(LABELS.routing, 'sre')], ...timing });
  }
  routes.push({ receiver: team, matchers: [service], ...timing });
  return {
    route: {
      receiver: ALERTMANAGER.defaultReceiver,
      group_by: [...GROUP_BY],
      group_wait: formatDuration(DEFAULT_TIMING.groupWait),
      group_interval: formatDuration(DEFAULT_TIMING.groupInterval),
      repeat_interval: formatDuration(DEFAULT_TIMING.repeatInterval),
      routes,
    },
    inhibit_rules: inhibitRules(model),
    receivers: [
      { name: ALERTMANAGER.defaultReceiver },
      pagerDutyReceiver(model, team, pd.integration_key),
      ...(pd.sre_integration_key ? [pagerDutyReceiver(model, ALERTMANAGER.sreReceiver, pd.sre_integration_key)] : []),
    ],
  };
}

export const alertmanagerGenerator: Generator = {
  id: 'alertmanager',
  generate(model): Artifact | undefined {
    const data = alertmanagerConfig(model);
    if (!data) return undefined;
    const receivers = (data.receivers as unknown[]).length - 1;
    return {
      file: FILES.alertmanager,
      format: 'yaml',
      data,
      header: [
        `Alertmanager routing for ${model.name}, generated by ${GENERATOR_NAME} from its service spec. Do not edit.`,
        'Contains PagerDuty routing keys: treat this file as a secret.',
      ],
      counts: { alertmanagerReceivers: receivers, alertmanagerRoutes: receivers },
    };
  },
};
