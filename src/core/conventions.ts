/**
 * Every file, group, record, alert and label name NthLayer emits. Generators and tests both read
 * these, so a rename happens in one place.
 */
import packageJson from '../../package.json' with { type: 'json' };
import { formatDuration, type Seconds } from './units.ts';

export const GENERATOR_NAME = 'nthlayer';
/** The package's version (package.json is its one place): manifest.json and `nthlayer --version`. */
export const GENERATOR_VERSION: string = packageJson.version;

export const FILES = {
  recordingRules: 'recording-rules.yaml',
  alerts: 'alerts.yaml',
  dashboard: 'dashboard.json',
  loki: 'loki-alerts.yaml',
  pagerduty: 'pagerduty-config.json',
  alertmanager: 'alertmanager.yaml',
  openslo: 'slos.openslo.yaml',
  sloth: 'sloth.yaml',
  manifest: 'manifest.json',
} as const;

/** Path of a generated file inside the output directory: `payment-api/alerts.yaml`. */
export function outputPath(service: string, file: string): string {
  return `${service}/${file}`;
}

export const LABELS = {
  service: 'service',
  slo: 'slo',
  team: 'team',
  tier: 'tier',
  severity: 'severity',
  routing: 'routing',
  window: 'window',
  burnTier: 'burn_tier',
  environment: 'env',
  technology: 'technology',
} as const;

export const RECORDS = {
  /** Error ratio over a window: `slo:sli_error:ratio_rate1h`. */
  sliError: (window: Seconds | string) => `slo:sli_error:ratio_rate${typeof window === 'string' ? window : formatDuration(window)}`,
  objective: 'slo:objective:ratio',
  errorBudget: 'slo:error_budget:ratio',
  errorBudgetRemaining: 'slo:error_budget_remaining:ratio',
  windowSeconds: 'slo:window:seconds',
  /** Short-window event rates the long windows are built from. */
  totalRate: (window: string) => `slo:sli_total:rate${window}`,
  errorRate: (window: string) => `slo:sli_errors:rate${window}`,
  /** Gauge SLIs: one event per rule evaluation (1 = the gauge had a value), and the bad ones. */
  totalSamples: 'slo:sli_total:samples',
  errorSamples: 'slo:sli_errors:samples',
} as const;

export const GROUPS = {
  sloRecordings: (service: string) => `nthlayer-${service}-slo-recordings`,
  sloWindows: (service: string) => `nthlayer-${service}-slo-windows`,
  sloMeta: (service: string) => `nthlayer-${service}-slo-meta`,
  sloAlerts: (service: string) => `nthlayer-${service}-slo-alerts`,
  health: (service: string) => `nthlayer-${service}-health`,
  technology: (service: string, tech: string) => `nthlayer-${service}-${tech}`,
  /** Loki ruler groups: one per technology whose logs we watch. */
  logs: (service: string, tech: string) => `nthlayer-${service}-${tech}-logs`,
} as const;

/** Dashboard variable names (Grafana template variables). */
export const DASHBOARD_VARS = {
  datasource: 'datasource',
  service: 'service',
  namespace: 'namespace',
  /** Instance picker of a dependency technology's row: `postgresql_instance`. */
  instance: (tech: string) => `${tech}_instance`,
} as const;

/**
 * PagerDuty resource names. Stable on purpose: `apply --push-pagerduty` finds by name what an
 * earlier push created, so renaming one here creates a second copy in PagerDuty.
 */
export const PAGERDUTY = {
  team: (team: string) => team,
  schedule: (team: string, level: string) => `${team}-${level}`,
  escalationPolicy: (team: string) => `${team}-escalation`,
  service: (service: string) => service,
  /** The SRE team's policy, looked up (never created) when no `sre_escalation_policy_id` is given. */
  sreEscalationPolicy: 'sre-escalation',
  /** A service orchestration starts in the set with this id (PagerDuty's rule). */
  orchestrationStartSet: 'start',
  /** `ref:schedules/payments-primary`: an id resolved by name at push time. */
  ref: (collection: string, name: string) => `ref:${collection}/${name}`,
} as const;

/** Alertmanager receiver names. */
export const ALERTMANAGER = {
  teamReceiver: (team: string) => `${team}-pagerduty`,
  sreReceiver: 'sre-pagerduty',
  /** Root receiver with no integrations: alerts of other services pass through this file silently. */
  defaultReceiver: 'nthlayer-default',
} as const;

/** `payment-api` + `latency-p95` → `PaymentApiLatencyP95`. */
export function pascalCase(...parts: string[]): string {
  return parts
    .flatMap((p) => p.split(/[^A-Za-z0-9]+/))
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

export function dashboardUid(service: string): string {
  return `nthlayer-${service}`.slice(0, 40);
}
