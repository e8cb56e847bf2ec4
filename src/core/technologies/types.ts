/**
 * The shape of a technology template: a data table of the exporter it expects, the metrics it
 * reads (one per intent), dashboard panels, Prometheus alerts and Loki log patterns. Expressions
 * are written with the exporter's real metric names; generators rename them (user overrides) and
 * scope them (dashboard variables) by walking the parsed PromQL, never by editing text.
 */
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
}

/** Grafana panel kinds we draw. */
export type PanelKind = 'timeseries' | 'stat' | 'gauge';

export type ThresholdColor = 'green' | 'yellow' | 'orange' | 'red' | 'blue';

export interface ThresholdStep {
  color: ThresholdColor;
  /** Omitted on the first (base) step. */
  value?: number;
}

export interface PanelQuery {
  expr: string;
  legend?: string;
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
}

export interface LogPattern {
  /** PascalCase suffix of the alert name. */
  name: string;
  /** LogQL pipeline stages after the stream selector, e.g. `|= "FATAL"`. */
  pipeline: string;
  severity: Exclude<AlertSeverity, 'info'>;
  /** Fire when more than `threshold` matching lines arrive within `window`. */
  threshold: number;
  window: string;
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
}

export const counter = (metric: string, help: string, alternatives?: string[]): MetricIntent => ({ metric, type: 'counter', help, ...(alternatives ? { alternatives } : {}) });
export const gauge = (metric: string, help: string, alternatives?: string[]): MetricIntent => ({ metric, type: 'gauge', help, ...(alternatives ? { alternatives } : {}) });
export const histogram = (metric: string, help: string, alternatives?: string[]): MetricIntent => ({ metric, type: 'histogram', help, ...(alternatives ? { alternatives } : {}) });

/** Common threshold ladders. */
export const RISING: ThresholdStep[] = [{ color: 'green' }, { color: 'yellow', value: 0.7 }, { color: 'red', value: 0.85 }];
export const FALLING_RATIO: ThresholdStep[] = [{ color: 'red' }, { color: 'yellow', value: 0.9 }, { color: 'green', value: 0.99 }];
export const ANY_IS_BAD: ThresholdStep[] = [{ color: 'green' }, { color: 'red', value: 1 }];
