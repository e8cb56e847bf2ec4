/**
 * The one mapping from our tiers to on-call behaviour. The original NthLayer keyed its PagerDuty
 * defaults by critical/high/medium/low and silently sent `standard` to `medium`; here every
 * module that needs on-call defaults reads this table, keyed by the spec's own tier names.
 */
import type { Tier } from '../../model/types.ts';
import { seconds, type Seconds } from '../../units.ts';

/** PagerDuty Events API v2 severities, highest first. */
export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';
export type Urgency = 'high' | 'low';
/** The escalation levels, in order; a tier uses the first `escalationDelays.length` of them. */
export const ESCALATION_LEVELS = ['primary', 'secondary', 'manager'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export interface TierOnCall {
  /** Minutes each level has to acknowledge before the next one is paged (PagerDuty's per-rule delay). */
  escalationDelays: number[];
  /** How many times the whole policy repeats when nobody acknowledges. */
  numLoops: number;
  urgency: Urgency;
  /** PagerDuty severity of a page-tier alert (`severity="critical"` in Prometheus). */
  pageSeverity: PagerDutySeverity;
  /** PagerDuty severity of a ticket-tier alert (`severity="warning"`). */
  ticketSeverity: PagerDutySeverity;
  /** An acknowledged incident re-triggers after this long (null = never). */
  acknowledgementTimeout: Seconds | null;
  /** Alertmanager: how long to wait for more alerts of a new group before the first notification. */
  groupWait: Seconds;
  /** Alertmanager: how often an unresolved group is sent again. */
  repeatInterval: Seconds;
}

const MIN = 60;
const HOUR = 3600;

export const TIER_ON_CALL: Record<Tier, TierOnCall> = {
  critical: {
    escalationDelays: [5, 15, 30],
    numLoops: 3,
    urgency: 'high',
    pageSeverity: 'critical',
    ticketSeverity: 'warning',
    acknowledgementTimeout: seconds(30 * MIN),
    groupWait: seconds(10),
    repeatInterval: seconds(1 * HOUR),
  },
  high: {
    escalationDelays: [15, 30, 60],
    numLoops: 2,
    urgency: 'high',
    pageSeverity: 'error',
    ticketSeverity: 'warning',
    acknowledgementTimeout: seconds(30 * MIN),
    groupWait: seconds(30),
    repeatInterval: seconds(2 * HOUR),
  },
  standard: {
    escalationDelays: [30, 60],
    numLoops: 1,
    urgency: 'low',
    pageSeverity: 'warning',
    ticketSeverity: 'warning',
    acknowledgementTimeout: seconds(1 * HOUR),
    groupWait: seconds(1 * MIN),
    repeatInterval: seconds(4 * HOUR),
  },
  low: {
    escalationDelays: [60],
    numLoops: 0,
    urgency: 'low',
    pageSeverity: 'info',
    ticketSeverity: 'info',
    acknowledgementTimeout: null,
    groupWait: seconds(5 * MIN),
    repeatInterval: seconds(12 * HOUR),
  },
};

/** PagerDuty resolves incidents left open this long unless the spec says otherwise (its own default). */
export const DEFAULT_AUTO_RESOLVE_TIMEOUT = seconds(4 * HOUR);

/** Business hours for `shared` and `business_hours` support: Monday–Friday, 09:00–18:00 local time. */
export const BUSINESS_HOURS = { days: [1, 2, 3, 4, 5], start: '09:00:00', end: '18:00:00', durationSeconds: 9 * HOUR } as const;

/** Weekly rotation, handed off on Monday at 09:00 in the schedule's time zone. */
export const ROTATION = { turnLengthSeconds: 7 * 24 * HOUR, handoffDay: 'Monday', handoffTime: '09:00:00' } as const;
