/**
 * Every file, group, record, alert and label name NthLayer emits. Generators and tests both read
 * these, so a rename happens in one place.
 */
import { fnv1a64 } from './hash.ts';
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
  /** Only with `apply --format argo-rollouts`. */
  argoAnalysisTemplate: 'argo-analysis-template.yaml',
} as const;

/** Fleet-wide files live beside the service folders, one per technology: `_fleet/kubernetes-alerts.yaml`. */
export const FLEET_DIR = '_fleet';
export const fleetAlertsFile = (tech: string): string => `${tech}-alerts.yaml`;

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
  /** The dependency a technology alert watches. */
  dependency: 'dependency',
  /** `fleet` on rules that watch a whole exporter and belong to no one service. */
  scope: 'scope',
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
  /** Service-health series (one per service). */
  health: {
    rate: 'service:requests:rate5m',
    errorRatio: 'service:request_errors:ratio_rate5m',
    p95: 'service:request_duration_seconds:p95',
    p99: 'service:request_duration_seconds:p99',
  },
} as const;

export const GROUPS = {
  sloRecordings: (service: string) => `nthlayer-${service}-slo-recordings`,
  sloWindows: (service: string) => `nthlayer-${service}-slo-windows`,
  sloMeta: (service: string) => `nthlayer-${service}-slo-meta`,
  sloAlerts: (service: string) => `nthlayer-${service}-slo-alerts`,
  health: (service: string) => `nthlayer-${service}-health`,
  technology: (service: string, tech: string) => `nthlayer-${service}-${tech}`,
  /** One group per dependency: `nthlayer-order-api-postgresql-orders-db`. */
  dependency: (service: string, tech: string, dependency: string) => `nthlayer-${service}-${tech}-${dependency}`,
  /** Fleet-wide rules of a technology, the same for every service. */
  fleet: (tech: string) => `nthlayer-fleet-${tech}`,
  /** Error-budget rules of `kind: Alerts`. */
  budgetAlerts: (service: string) => `nthlayer-${service}-budget-alerts`,
  /** Loki ruler group of the service's own logs, by its service-type technology. */
  logs: (service: string, tech: string) => `nthlayer-${service}-${tech}-logs`,
  /** Loki ruler group of one dependency's logs. */
  dependencyLogs: (service: string, tech: string, dependency: string) => `nthlayer-${service}-${tech}-${dependency}-logs`,
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

/** Argo Rollouts names (`apply --format argo-rollouts`). */
export const ARGO = {
  analysisTemplate: (service: string) => `nthlayer-${service}-deploy-gate`,
  /** The Rollout passes the Prometheus (or Mimir/Thanos query) address as this argument. */
  addressArg: 'prometheus-address',
  budgetMetric: (slo: string) => `${slo}-error-budget`,
  pageBurnMetric: (slo: string) => `${slo}-page-burn`,
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
  // Every alert of an SLO asks for the same name: remembered by the parts.
  const key = parts.join('\u0000');
  let name = pascalNames.get(key);
  if (name === undefined) {
    name = parts
      .flatMap((p) => p.split(/[^A-Za-z0-9]+/))
      .filter(Boolean)
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join('');
    if (pascalNames.size >= 10_000) pascalNames.clear();
    pascalNames.set(key, name);
  }
  return name;
}

const pascalNames = new Map<string, string>();

/** Grafana's limit on a dashboard uid. */
const DASHBOARD_UID_MAX = 40;

/**
 * The dashboard's uid: `nthlayer-<service>`, or for names too long for Grafana's 40 characters a
 * prefix of it plus a hash of the whole name, so two long names never share a uid.
 */
export function dashboardUid(service: string): string {
  const uid = `nthlayer-${service}`;
  if (uid.length <= DASHBOARD_UID_MAX) return uid;
  const hash = fnv1a64(service).slice(0, 8);
  return `${uid.slice(0, DASHBOARD_UID_MAX - hash.length - 1)}-${hash}`;
}

let lastLink: { name: string; link: string } | undefined;

/** Where alerts link to: the spec's dashboard_url, else the generated dashboard by uid. */
export function dashboardLink(service: { name: string; dashboardUrl?: string }): string {
  if (service.dashboardUrl !== undefined) return service.dashboardUrl;
  // Every alert of the service carries it: one string, not one per alert.
  if (lastLink?.name !== service.name) lastLink = { name: service.name, link: `/d/${dashboardUid(service.name)}` };
  return lastLink.link;
}
