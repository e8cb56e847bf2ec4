/**
 * `pagerduty-config.json`: team, schedules, escalation policy, service and (for `shared` and `sre`
 * support) a service event orchestration, as PagerDuty REST API v2 request bodies with stable
 * names. Produced when the spec has a `PagerDuty` resource. `apply --push-pagerduty` sends them.
 */
import { FILES, PAGERDUTY } from '../../conventions.ts';
import type { ServiceModel } from '../../model/types.ts';
import { parseDuration } from '../../units.ts';
import type { Artifact, Generator, GeneratorContext } from '../types.ts';
import { BUSINESS_HOURS, DEFAULT_AUTO_RESOLVE_TIMEOUT, ESCALATION_LEVELS, ROTATION, TIER_ON_CALL, type Urgency } from './tiers.ts';
import { isTimeZone, localTimestamp } from '../../time-zone.ts';
import type { EscalationStep, OrchestrationSummary, PagerDutyConfig, PagerDutyResource } from './types.ts';

export type { PagerDutyConfig, PagerDutyResource } from './types.ts';

/** Monday 1 January 2024, the hand-off every generated rotation counts its weeks from. */
const ROTATION_ANCHOR = `2024-01-01T${ROTATION.handoffTime}`;
const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const MAX_LEVELS = ESCALATION_LEVELS.length;

const ref = PAGERDUTY.ref;
const managedBy = (model: ServiceModel): string =>
  `Managed by NthLayer from the ${model.name} service spec; edit the spec, not this object.`;

/** Seconds from a number of seconds or a duration string; undefined (and a warning) when unreadable. */
function timeout(value: number | string | undefined, field: string, model: ServiceModel, ctx: GeneratorContext): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return Math.round(value);
  const s = parseDuration(value);
  if (s === undefined) {
    ctx.report({
      severity: 'warning',
      code: 'pagerduty/invalid-timeout',
      message: `PagerDuty ${field} "${value}" is neither seconds nor a duration; the default is used`,
      hint: 'write seconds (14400) or a duration (4h)',
    });
    return undefined;
  }
  return Math.round(s);
}

function businessHoursText(): string {
  return `${DAY_NAMES[BUSINESS_HOURS.days[0]! - 1]}-${DAY_NAMES[BUSINESS_HOURS.days.at(-1)! - 1]} ${BUSINESS_HOURS.start.slice(0, 5)}-${BUSINESS_HOURS.end.slice(0, 5)}`;
}

/** Whether the team itself is on call only in business hours (SRE or nobody covers the rest). */
function teamCoversBusinessHoursOnly(model: ServiceModel): boolean {
  return model.supportModel === 'shared' || model.supportModel === 'business_hours';
}

/** The user seeding each new rotation: the owner when it is an email address, else the API token's user. */
function seedUser(model: ServiceModel): string {
  return model.owner && model.owner.includes('@') ? model.owner : 'me';
}

function pagerDutyConfig(model: ServiceModel, ctx: GeneratorContext): PagerDutyConfig {
  const spec = model.pagerduty ?? { name: 'pagerduty' };
  const tier = TIER_ON_CALL[model.tier];
  const notes: string[] = [];

  let timeZone = model.servicePagerDuty.timezone;
  if (!isTimeZone(timeZone)) {
    ctx.report({
      severity: 'warning',
      code: 'pagerduty/unknown-time-zone',
      message: `unknown time zone "${timeZone}" in service.pagerduty.timezone; schedules use UTC`,
      hint: 'use an IANA name such as Europe/London or America/New_York',
    });
    timeZone = 'UTC';
  }

  // PagerDuty takes whole minutes, at least one.
  let delays = (spec.escalation_delays ?? tier.escalationDelays).map((d) => Math.max(1, Math.round(d)));
  if (delays.length > MAX_LEVELS) {
    ctx.report({
      severity: 'warning',
      code: 'pagerduty/too-many-levels',
      message: `escalation_delays has ${delays.length} entries; NthLayer escalates through ${MAX_LEVELS} levels (${ESCALATION_LEVELS.join(', ')}) and ignores the rest`,
    });
    delays = delays.slice(0, MAX_LEVELS);
  }
  const urgency: Urgency = spec.urgency ?? model.servicePagerDuty.urgency ?? tier.urgency;
  const businessHoursOnly = teamCoversBusinessHoursOnly(model);
  const coverage = businessHoursOnly ? businessHoursText() : '24x7';

  const resources: PagerDutyResource[] = [];
  const existingPolicy = model.servicePagerDuty.escalationPolicy;
  const policyName = existingPolicy ?? spec.escalation_policy ?? PAGERDUTY.escalationPolicy(model.team);
  const existingSchedule = spec.schedule ?? model.servicePagerDuty.schedule;
  const steps: EscalationStep[] = [];
  let at = 0;
  delays.forEach((delay, i) => {
    const level = ESCALATION_LEVELS[i]!;
    const schedule = i === 0 && existingSchedule ? existingSchedule : PAGERDUTY.schedule(model.team, level);
    steps.push({ level, schedule, delayMinutes: delay, startsAtMinute: at });
    at += delay;
  });

  if (existingPolicy) {
    // The spec names a policy someone else owns: reference it, create nothing under it.
    notes.push(
      `Uses the existing escalation policy "${existingPolicy}" (service.pagerduty.escalation_policy); no schedules or policy are created.`,
    );
    resources.push({ kind: 'escalation_policy', name: existingPolicy, path: 'escalation_policies', lookupOnly: true });
  } else {
    const user = seedUser(model);
    resources.push({ kind: 'user', name: user, path: 'users', lookupOnly: true });
    resources.push({
      kind: 'team',
      name: PAGERDUTY.team(model.team),
      path: 'teams',
      body: { team: { type: 'team', name: PAGERDUTY.team(model.team), description: `Owns ${model.name}. ${managedBy(model)}` } },
    });
    const anchor = localTimestamp(timeZone, ROTATION_ANCHOR);
    for (const step of steps) {
      if (step.schedule === existingSchedule) {
        resources.push({ kind: 'schedule', name: step.schedule, path: 'schedules', lookupOnly: true });
        continue;
      }
      const restrictions = businessHoursOnly
        ? BUSINESS_HOURS.days.map((day) => ({
            type: 'weekly_restriction',
            start_day_of_week: day,
            start_time_of_day: BUSINESS_HOURS.start,
            duration_seconds: BUSINESS_HOURS.durationSeconds,
          }))
        : [];
      resources.push({
        kind: 'schedule',
        name: step.schedule,
        path: 'schedules',
        body: {
          schedule: {
            type: 'schedule',
            name: step.schedule,
            time_zone: timeZone,
            description: `${model.team} ${step.level} on-call (${coverage}, weekly hand-off ${ROTATION.handoffDay} ${ROTATION.handoffTime.slice(0, 5)}). ${managedBy(model)}`,
            schedule_layers: [
              {
                name: `${step.level} weekly rotation`,
                start: anchor,
                rotation_virtual_start: anchor,
                rotation_turn_length_seconds: ROTATION.turnLengthSeconds,
                users: [{ user: { id: ref('users', user), type: 'user_reference' } }],
                restrictions,
              },
            ],
          },
        },
      });
    }
    resources.push({
      kind: 'escalation_policy',
      name: policyName,
      path: 'escalation_policies',
      body: {
        escalation_policy: {
          type: 'escalation_policy',
          name: policyName,
          description: `${model.team} escalation for ${model.tier}-tier services. ${managedBy(model)}`,
          num_loops: tier.numLoops,
          on_call_handoff_notifications: 'if_has_services',
          escalation_rules: steps.map((s) => ({
            escalation_delay_in_minutes: s.delayMinutes,
            targets: [{ id: ref('schedules', s.schedule), type: 'schedule_reference' }],
          })),
          teams: [{ id: ref('teams', PAGERDUTY.team(model.team)), type: 'team_reference' }],
        },
      },
    });
  }

  const serviceName = PAGERDUTY.service(model.name);
  const serviceId = spec.service_id ?? model.servicePagerDuty.serviceId;
  const autoResolve =
    spec.auto_resolve === false
      ? null
      : (timeout(spec.auto_resolve_timeout, 'auto_resolve_timeout', model, ctx) ?? DEFAULT_AUTO_RESOLVE_TIMEOUT);
  const ackTimeout = timeout(spec.acknowledgement_timeout, 'acknowledgement_timeout', model, ctx) ?? tier.acknowledgementTimeout;
  // High urgency pages for page-tier alerts only: ticket-tier alerts arrive with a lower PagerDuty
  // severity, and severity-based urgency turns them into low-urgency incidents that wait for morning.
  const inHours = { type: 'constant', urgency: urgency === 'high' ? 'severity_based' : 'low' };
  const urgencyRule =
    model.supportModel === 'business_hours'
      ? { type: 'use_support_hours', during_support_hours: inHours, outside_support_hours: { type: 'constant', urgency: 'low' } }
      : inHours;
  resources.push({
    kind: 'service',
    name: serviceName,
    path: 'services',
    ...(serviceId ? { id: serviceId } : {}),
    body: {
      service: {
        type: 'service',
        name: serviceName,
        description: model.description ? `${model.description.replace(/[.\s]+$/, '')}. ${managedBy(model)}` : managedBy(model),
        escalation_policy: { id: ref('escalation_policies', policyName), type: 'escalation_policy_reference' },
        alert_creation: 'create_alerts_and_incidents',
        auto_resolve_timeout: autoResolve,
        acknowledgement_timeout: ackTimeout,
        incident_urgency_rule: urgencyRule,
        ...(model.supportModel === 'business_hours'
          ? {
              support_hours: {
                type: 'fixed_time_per_day',
                time_zone: timeZone,
                days_of_week: [...BUSINESS_HOURS.days],
                start_time: BUSINESS_HOURS.start,
                end_time: BUSINESS_HOURS.end,
              },
            }
          : {}),
      },
    },
  });

  const orchestration = orchestrationRules(model, timeZone);
  if (orchestration.length > 0) {
    const sreId = model.servicePagerDuty.sreEscalationPolicyId;
    if (!sreId) {
      notes.push(
        `No service.pagerduty.sre_escalation_policy_id: the SRE escalation policy is looked up by the name "${PAGERDUTY.sreEscalationPolicy}".`,
      );
      resources.push({ kind: 'escalation_policy', name: PAGERDUTY.sreEscalationPolicy, path: 'escalation_policies', lookupOnly: true });
    }
    const sre = sreId ?? ref('escalation_policies', PAGERDUTY.sreEscalationPolicy);
    resources.push({
      kind: 'event_orchestration',
      name: serviceName,
      path: 'event_orchestrations/services',
      body: {
        orchestration_path: {
          type: 'service',
          parent: { id: serviceId ?? ref('services', serviceName), type: 'service_reference' },
          sets: [
            {
              id: PAGERDUTY.orchestrationStartSet,
              rules: orchestration.map((r) => ({
                label: r.label,
                conditions: r.condition === 'always' ? [] : [{ expression: r.condition }],
                actions: { escalation_policy: sre },
              })),
            },
          ],
          catch_all: { actions: {} },
        },
      },
    });
  }

  if (urgency === 'high')
    notes.push('Urgency is severity-based: page-tier alerts open high-urgency incidents, ticket-tier alerts low-urgency ones.');
  if (businessHoursOnly) notes.push(`The team's schedules cover ${coverage} (${timeZone}).`);

  return {
    service: model.name,
    team: model.team,
    tier: model.tier,
    supportModel: model.supportModel,
    timeZone,
    coverage,
    escalation: { policy: policyName, steps, numLoops: existingPolicy ? 0 : tier.numLoops, cycleMinutes: at },
    urgency,
    severities: { page: tier.pageSeverity, ticket: tier.ticketSeverity },
    autoResolveTimeout: autoResolve,
    acknowledgementTimeout: ackTimeout,
    orchestration: orchestration.map((r) => ({
      ...r,
      escalationPolicy: model.servicePagerDuty.sreEscalationPolicyId ?? PAGERDUTY.sreEscalationPolicy,
    })),
    resources,
    notes,
  };
}

/** Which events a service orchestration hands to the SRE escalation policy, by support model. */
function orchestrationRules(model: ServiceModel, timeZone: string): Omit<OrchestrationSummary, 'escalationPolicy'>[] {
  if (model.supportModel === 'sre') {
    return [{ label: 'SRE supports this service: every alert pages the SRE escalation policy', condition: 'always' }];
  }
  if (model.supportModel !== 'shared') return [];
  const days = BUSINESS_HOURS.days.map((d) => DAY_NAMES[d - 1]).join(',');
  return [
    { label: 'Alerts labelled routing=sre page the SRE escalation policy', condition: "event.custom_details.routing matches 'sre'" },
    {
      label: `Outside business hours (${businessHoursText()} ${timeZone}) the SRE escalation policy is paged`,
      condition: `not (now in ${days} ${BUSINESS_HOURS.start} to ${BUSINESS_HOURS.end} ${timeZone})`,
    },
  ];
}

export const pagerDutyGenerator: Generator = {
  id: 'pagerduty',
  generate(model, ctx): Artifact | undefined {
    if (!model.pagerduty) return undefined;
    const config = pagerDutyConfig(model, ctx);
    return {
      file: FILES.pagerduty,
      format: 'json',
      data: config,
      counts: {
        pagerdutyResources: config.resources.filter((r) => !r.lookupOnly).length,
        escalationLevels: config.escalation.steps.length,
      },
    };
  },
};
