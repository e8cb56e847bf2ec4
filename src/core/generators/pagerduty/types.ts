/**
 * The shape of `pagerduty-config.json`: the PagerDuty REST API v2 request bodies NthLayer would
 * send, in the order they must be created, plus a readable summary of the escalation.
 *
 * IDs are not known until push time, so references between resources are written as
 * `ref:<collection>/<name>` (e.g. `ref:schedules/payments-primary`) wherever PagerDuty expects an
 * id; the push resolves each one by name.
 */
import type { SupportModel, Tier } from '../../model/types.ts';
import type { EscalationLevel, PagerDutySeverity, Urgency } from './tiers.ts';

export type PagerDutyKind = 'user' | 'team' | 'schedule' | 'escalation_policy' | 'service' | 'event_orchestration';

export interface PagerDutyResource {
  kind: PagerDutyKind;
  /** Stable name the resource is found by (for an orchestration: the service's name). */
  name: string;
  /** REST collection (`teams`, `schedules`, …); for an orchestration the service's collection path. */
  path: string;
  /** An id the spec gave (`service_id`): the resource is fetched by it instead of searched by name. */
  id?: string;
  /** Looked up only, never created or changed: an existing user, schedule or policy the spec refers to. */
  lookupOnly?: boolean;
  /** The request body, exactly as PagerDuty takes it (absent for lookup-only resources). */
  body?: Record<string, unknown>;
}

export interface EscalationStep {
  level: EscalationLevel;
  /** Schedule paged at this level. */
  schedule: string;
  /** Minutes this level has before the next one is paged. */
  delayMinutes: number;
  /** Minutes after the incident opened at which this level is first paged. */
  startsAtMinute: number;
}

export interface OrchestrationSummary {
  label: string;
  condition: string;
  escalationPolicy: string;
}

export interface PagerDutyConfig {
  service: string;
  team: string;
  tier: Tier;
  supportModel: SupportModel;
  timeZone: string;
  /** Who is on call when: `24x7` or `Mon-Fri 09:00-18:00`. */
  coverage: string;
  escalation: {
    policy: string;
    steps: EscalationStep[];
    numLoops: number;
    /** Minutes one pass through every level takes. */
    cycleMinutes: number;
  };
  urgency: Urgency;
  severities: { page: PagerDutySeverity; ticket: PagerDutySeverity };
  autoResolveTimeout: number | null;
  acknowledgementTimeout: number | null;
  orchestration: OrchestrationSummary[];
  resources: PagerDutyResource[];
  notes: string[];
}
