/**
 * The normalised model every generator reads. Spec types mirror what the user typed; these are
 * what it means: ratios not percents, seconds not strings, one SLI shape per SLO, aliases resolved.
 */
import type { PolicyRulesSpec } from '../spec/schema.ts';
import type { LabelMatcher } from '../promql/parse.ts';
import type { DependencyTechnology } from '../technologies/ids.ts';
import type { Percent, Ratio, Seconds } from '../units.ts';
import type {
  AlertsSpec,
  DeploymentGateSpec,
  PagerDutySpec,
  SERVICE_TYPES,
  SUPPORT_MODELS,
  TIERS,
  BURN_TIERS,
  CRITICALITIES,
  INDICATOR_TYPES,
} from '../spec/schema.ts';

export type Tier = (typeof TIERS)[number];
export type ServiceType = (typeof SERVICE_TYPES)[number];
export type SupportModel = (typeof SUPPORT_MODELS)[number];
export type BurnTierName = (typeof BURN_TIERS)[number];
export type Criticality = (typeof CRITICALITIES)[number];
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

/** A PromQL query whose range windows are `{{.window}}` placeholders (see promql/windows.ts). */
export interface WindowedQuery {
  template: string;
  /** The query as written (after `${var}` substitution), for display and verify. */
  original: string;
}

/** Event-based SLI: the error ratio over a window is bad/total, or (total − good)/total. */
export interface EventsSli {
  kind: 'events';
  good?: WindowedQuery;
  bad?: WindowedQuery;
  total: WindowedQuery;
  /** Set when the events come from a latency histogram (good = bucket at the threshold). */
  latency?: LatencyHistogram;
}

export interface LatencyHistogram {
  /** Base name: `http_request_duration_seconds` (the `_bucket` and `_count` series hang off it). */
  histogram: string;
  matchers: LabelMatcher[];
  threshold: Seconds;
  /** The bucket's `le` as Prometheus writes it (`0.5`, `1`). */
  le: string;
  percentile?: number;
  /** A native histogram: good events come from histogram_fraction, no bucket boundary needed. */
  native?: boolean;
}

/** A query that returns the error ratio directly (raw SLI). */
export interface RatioSli {
  kind: 'ratio';
  errorRatio: WindowedQuery;
}

/** A gauge that must stay at or below a threshold; the error ratio is the share of bad minutes. */
export interface ThresholdSli {
  kind: 'threshold';
  query: string;
  threshold: number;
}

export type Sli = EventsSli | RatioSli | ThresholdSli;

export interface BurnTierConfig {
  enabled: boolean;
  for?: Seconds;
  severity?: string;
  labels: Record<string, string>;
}

export interface NoDataConfig {
  enabled: boolean;
  for?: Seconds;
  severity?: string;
  labels: Record<string, string>;
}

export interface SloAlerting {
  enabled: boolean;
  noData: NoDataConfig;
  /** Low-traffic guard: events a tier's long window must hold before the tier may fire. */
  minEvents?: number;
  name?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  tiers: Record<BurnTierName, BurnTierConfig>;
}

export interface SloModel {
  name: string;
  objective: Ratio;
  objectivePercent: Percent;
  /** 1 − objective. */
  errorBudget: Ratio;
  window: Seconds;
  description?: string;
  indicatorType: IndicatorType;
  sli: Sli;
  labels: Record<string, string>;
  alerting: SloAlerting;
}

export type DependencyCategory =
  | 'services'
  | 'databases'
  | 'caches'
  | 'queues'
  | 'external_apis'
  | 'external_services'
  | 'orchestration'
  | 'infrastructure'
  | 'upstream'
  | 'downstream';

export interface DependencyModel {
  category: DependencyCategory;
  name: string;
  type?: string;
  technology?: DependencyTechnology;
  criticality: Criticality;
  sla?: Percent;
  /**
   * Label matchers that pick this dependency's own series: the spec's `selector`, or the
   * technology's default derived from the dependency's and the service's names.
   */
  selector: LabelMatcher[];
  selectorSource: 'spec' | 'default';
  /** LogQL stream selector of the dependency's logs (`log_selector`, default `{app="<name>"}`). */
  logSelector?: string;
  /** Kubernetes: the namespace the service runs in. */
  namespace?: string;
  /** Kafka: brokers the cluster should have. */
  brokers?: number;
  /** Any other fields the user wrote (instance, endpoint, topics …). */
  extra: Record<string, unknown>;
}

export interface ObservabilityModel {
  /** Metric names the service declares it exposes (verify treats them as optional). */
  declaredMetrics: string[];
  /** Dashboard intent → metric name (`postgresql.connections: my_pg_conns`). */
  metricOverrides: Record<string, string>;
  /** Label matchers that identify the service's own series. */
  selector: LabelMatcher[];
  scrapeInterval: Seconds;
  logs: { format?: string; level?: string; selector?: string };
}

export interface ServiceModel {
  name: string;
  team: string;
  tier: Tier;
  type: ServiceType;
  supportModel: SupportModel;
  language?: string;
  framework?: string;
  template?: string;
  description?: string;
  owner?: string;
  runbookUrl?: string;
  dashboardUrl?: string;
  slackChannel?: string;
  email?: string;
  labels: Record<string, string>;
  metadata: Record<string, unknown>;
  environment?: string;
  servicePagerDuty: {
    timezone: string;
    serviceId?: string;
    escalationPolicy?: string;
    sreEscalationPolicyId?: string;
    schedule?: string;
    urgency?: 'high' | 'low';
  };
  slos: SloModel[];
  dependencies: DependencyModel[];
  /** Technologies found in dependencies, in canonical order, without duplicates. */
  technologies: DependencyTechnology[];
  observability: ObservabilityModel;
  pagerduty?: { name: string } & PagerDutySpec;
  deploymentGate?: { name: string } & DeploymentGateSpec;
  policies: { resource: string; rules: NonNullable<PolicyRulesSpec['rules']> }[];
  alerts?: { name: string } & AlertsSpec;
}
