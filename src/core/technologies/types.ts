/**
 * The shape of a technology template: a data table of the exporter it expects, the metrics it
 * reads (one per intent), dashboard panels, Prometheus alerts and Loki log patterns. Expressions
 * are written with the exporter's real metric names; generators rename them (user overrides) and
 * scope them (dashboard variables) by walking the parsed PromQL, never by editing text.
 */
import type { LabelMatcher } from '../promql/parse.ts';
import type { TechnologyId } from './ids.ts';

/**
 * How a metric behaves, which decides how it may be queried: counters (and histogram buckets,
 * `_count`, `_sum`) only inside rate/irate/increase; gauges never inside them.
 */
export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricIntent {
  /** The exporter's documented name, used unless the spec overrides the intent. */
  metric: string;
  type: MetricType;
  help: string;
  /** Other names the same signal goes by (older exporter versions, other exporters). */
  alternatives?: string[];
  /**
   * Labels naming the object a series describes (`topic`, `queue`, `namespace` …). A dependency
   * selector's matcher on such a label is added only to the metrics that carry it; a matcher on a
   * label no metric declares (`job`, `instance`) is a target label and is added to every metric.
   */
  labels?: readonly string[];
}

/** Grafana panel kinds we draw. */
export type PanelKind = 'timeseries' | 'stat' | 'gauge';

export type ThresholdColor = 'green' | 'yellow' | 'orange' | 'red' | 'blue';

export interface ThresholdStep {
  color: ThresholdColor;
  /** Omitted on the first (base) step. */
  value?: number;
  /**
   * What crossing the step means (`warning`, `critical`, `objective` …), as Perses names its
   * steps. The studio shows it; Grafana's thresholds carry colour and value only.
   */
  name?: string;
}

/**
 * What a panel's values say about health, which decides where a healthy service's values sit:
 * above the green step (`higher-is-better`: hit ratios, an SLI), below the first warning step
 * (`lower-is-better`: utilisation, latency, lag), at zero (`bad-events`: deadlocks, restarts), or
 * anywhere (`volume`: traffic, sizes, counts).
 */
export type PanelRole = 'higher-is-better' | 'lower-is-better' | 'bad-events' | 'volume';

export interface PanelQuery {
  expr: string;
  legend?: string;
  /** `limit`: a configured bound (max_connections, a quota, a resource limit) drawn beside the measure. */
  role?: 'limit';
}

export interface PanelTemplate {
  title: string;
  description: string;
  kind: PanelKind;
  /** A Grafana unit id (`percentunit`, `s`, `bytes`, `reqps`, `ops`, `short` …). */
  unit: string;
  queries: PanelQuery[];
  /** Colour steps, base first. */
  thresholds?: ThresholdStep[];
  /** Set when the thresholds alone do not say it (see {@link panelRole}). */
  role?: PanelRole;
  min?: number;
  max?: number;
}

export type AlertSeverity = 'critical' | 'warning' | 'info';

export const AWESOME_PROMETHEUS_ALERTS = 'awesome-prometheus-alerts';

export interface AlertTemplate {
  alert: string;
  expr: string;
  /** Prometheus duration; at least `1m` so a single bad scrape never pages. */
  for: string;
  severity: AlertSeverity;
  summary: string;
  description: string;
  /** Where the rule comes from: adapted from awesome-prometheus-alerts (CC BY 4.0) or our own. */
  source: typeof AWESOME_PROMETHEUS_ALERTS | 'nthlayer';
  /**
   * For rules that need a fact about the dependency (the broker count a Kafka cluster should
   * have): the expression for that dependency, or a reason it cannot be built.
   */
  build?: (dependency: DependencyFacts) => { expr: string } | { missing: string; hint: string };
}

/** What a template may read about one dependency when it builds a rule or a default selector. */
export interface DependencyFacts {
  name: string;
  /** The service that declares the dependency. */
  service: string;
  namespace?: string;
  brokers?: number;
}

/**
 * Which series are a dependency's own when the spec gives no `selector`: label matchers derived
 * from the dependency's (and the service's) name, and the same rule in words for the docs.
 */
export interface DependencyScope {
  default: (dependency: DependencyFacts) => LabelMatcher[];
  describe: string;
}

export interface LogPattern {
  /** PascalCase suffix of the alert name. */
  name: string;
  /** LogQL pipeline stages after the stream selector, e.g. `|= "FATAL"`. */
  pipeline: string;
  /** critical only for a sustained rate (at least one line a minute); rarer lines open a ticket. */
  severity: Exclude<AlertSeverity, 'info'>;
  /**
   * Fire while more than this many matching lines a minute arrive, averaged over `window`: above
   * one line per window, so a single log line never alerts.
   */
  perMinute: number;
  window: string;
  /** At least 5m: the rate must hold, not spike once. */
  for: string;
  summary: string;
}

export interface Exporter {
  name: string;
  /** Where its metric names are documented. */
  docs: string;
  /** Default metrics port. */
  port?: number;
  /** How to install it (shown in panel descriptions). */
  install?: string;
}

/**
 * How dependency panels are scoped on the dashboard: by an instance picker filled from a metric
 * every exporter target exposes, or by the dashboard's namespace (cluster-level technologies).
 */
export type PanelScope = { by: 'instance'; metric: string } | { by: 'namespace' };

/**
 * Where a technology's logs live when the spec says nothing: by default the dependency's own
 * streams (`{app=~"<dependency names>"}`); cluster-level technologies read a shared stream and
 * keep only the lines that mention the service.
 */
export interface LogStream {
  selector: string;
  mentionsService: boolean;
}

export interface TechnologyTemplate {
  id: TechnologyId;
  title: string;
  exporter: Exporter;
  metrics: Record<string, MetricIntent>;
  scope: PanelScope;
  panels: PanelTemplate[];
  alerts: AlertTemplate[];
  logs: LogPattern[];
  logStream?: LogStream;
  /** Dependency technologies only: the default selector of a dependency's own series. */
  dependencyScope?: DependencyScope;
}

const intent =
  (type: MetricType) =>
  (metric: string, help: string, alternatives?: string[], labels?: readonly string[]): MetricIntent => ({
    metric,
    type,
    help,
    ...(alternatives?.length ? { alternatives } : {}),
    ...(labels?.length ? { labels } : {}),
  });
export const counter = intent('counter');
export const gauge = intent('gauge');
export const histogram = intent('histogram');

/** Escapes a literal for an RE2 regular expression inside a label matcher. */
export function regexLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `instance` of a host-like dependency: `ledger-db`, `ledger-db:9187`, `ledger-db.prod.svc:5432`, `redis://ledger-db:6379`. */
export function hostScope(what: string): DependencyScope {
  return {
    default: (d) => [{ name: 'instance', op: '=~', value: `(.+://)?${regexLiteral(d.name)}(-[0-9]+)?([.:/].*)?` }],
    describe: `{instance=~"(.+://)?<name>(-[0-9]+)?([.:/].*)?"}: the ${what} whose host is the dependency's name (or a numbered replica of it), on any port`,
  };
}

/** Common threshold ladders. */
export const RISING: ThresholdStep[] = [
  { color: 'green' },
  { color: 'yellow', value: 0.7, name: 'warning' },
  { color: 'red', value: 0.85, name: 'critical' },
];
export const FALLING_RATIO: ThresholdStep[] = [
  { color: 'red' },
  { color: 'yellow', value: 0.9, name: 'warning' },
  { color: 'green', value: 0.99, name: 'healthy' },
];
export const ANY_IS_BAD: ThresholdStep[] = [{ color: 'green' }, { color: 'red', value: 1, name: 'any' }];

/** A step's name: its own, else what its colour means (yellow and orange warn, red is critical). */
export function stepName(step: ThresholdStep): string {
  if (step.name) return step.name;
  return step.color === 'green' ? 'healthy' : step.color === 'red' ? 'critical' : step.color === 'blue' ? 'info' : 'warning';
}

/**
 * A panel's role from its threshold ladder when the template sets none: a green base with warning
 * steps above is lower-is-better (bad-events when the first warning is at one event or fewer), a
 * red base rising to green is higher-is-better, no ladder is volume.
 */
export function panelRole(p: Pick<PanelTemplate, 'role' | 'thresholds' | 'unit'>): PanelRole {
  if (p.role) return p.role;
  const steps = p.thresholds ?? [];
  const firstBad = steps.find((s) => s.value !== undefined && s.color !== 'green');
  if (steps.length < 2) return 'volume';
  if (steps[0]!.color === 'green' && firstBad) {
    const countLike = p.unit === 'short' || p.unit === 'none' || p.unit === '';
    return countLike && firstBad.value! <= 1 ? 'bad-events' : 'lower-is-better';
  }
  if (steps[0]!.color !== 'green' && steps.some((s) => s.color === 'green' && s.value !== undefined)) return 'higher-is-better';
  return 'volume';
}
