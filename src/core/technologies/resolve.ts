/**
 * Which metric each intent of a template reads for one service: the template default, replaced by
 * what the service's SLOs already read (service-type templates only), replaced by the user's
 * `Observability.metrics` overrides. Returns the renames for bindExpr plus the overrides that
 * could not be used, for the generator to report.
 */
import type { ServiceModel } from '../model/types.ts';
import { parsePromql, vectorSelectors } from '../promql/parse.ts';
import { resolveTechnology, type TechnologyId } from './ids.ts';
import { TECHNOLOGIES } from './registry.ts';
import type { TechnologyTemplate } from './types.ts';

export interface OverrideProblem {
  key: string;
  value: string;
  message: string;
  hint: string;
}

export interface ResolvedMetrics {
  /** default metric name → metric name to use. */
  rename: Map<string, string>;
  /** label name → label name (the status-code label of request counters). */
  relabel: Map<string, string>;
}

/** The intent of a service-type template that counts events, and the one that times them. */
const SERVICE_INTENTS: Partial<Record<TechnologyId, { events: string; duration: string; statusLabel?: string }>> = {
  http: { events: 'requests', duration: 'duration', statusLabel: 'code' },
  worker: { events: 'jobs', duration: 'duration' },
  stream: { events: 'events', duration: 'duration' },
};

/** True when `text` is exactly one metric name (what an override must be). */
function isMetricName(text: string): boolean {
  const parsed = parsePromql(text);
  if (parsed.errors.length > 0) return false;
  const sels = vectorSelectors(parsed);
  return sels.length === 1 && sels[0]!.metric === text.trim() && sels[0]!.matchers.length === 0;
}

/** Splits `postgresql.connections` / `pg.connections` / `http.requests` into a technology and an intent. */
function parseKey(key: string): { tech?: TechnologyId; intent: string } {
  const dot = key.indexOf('.');
  const prefix = key.slice(0, dot).trim().toLowerCase();
  const intent = key.slice(dot + 1).trim();
  const tech = (prefix in TECHNOLOGIES ? prefix : resolveTechnology(prefix)) as TechnologyId | undefined;
  return { ...(tech ? { tech } : {}), intent };
}

/** Every `Observability.metrics` override that names no known intent or is not a metric name. */
export function overrideProblems(model: ServiceModel): OverrideProblem[] {
  const problems: OverrideProblem[] = [];
  for (const [key, value] of Object.entries(model.observability.metricOverrides)) {
    const { tech, intent } = parseKey(key);
    if (!tech) {
      problems.push({
        key,
        value,
        message: `\`metrics.${key}\`: "${key.split('.')[0]}" is not a technology NthLayer has templates for`,
        hint: `use one of ${Object.keys(TECHNOLOGIES).join(', ')}`,
      });
    } else if (!(intent in TECHNOLOGIES[tech].metrics)) {
      problems.push({
        key,
        value,
        message: `\`metrics.${key}\`: ${tech} has no intent "${intent}"`,
        hint: `known intents: ${Object.keys(TECHNOLOGIES[tech].metrics).join(', ')}`,
      });
    } else if (!isMetricName(value)) {
      problems.push({
        key,
        value,
        message: `\`metrics.${key}\`: "${value}" is not a Prometheus metric name`,
        hint: 'write a bare metric name such as pg_stat_activity_count, without labels or functions',
      });
    }
  }
  return problems;
}

/** Metric the first events-based SLO counts with, and its latency histogram (if any). */
function sloMetrics(model: ServiceModel): { events?: string; bucket?: string; statusLabel?: string } {
  const out: { events?: string; bucket?: string; statusLabel?: string } = {};
  for (const slo of model.slos) {
    if (slo.sli.kind !== 'events') continue;
    if (slo.sli.latency && !out.bucket) out.bucket = `${slo.sli.latency.histogram}_bucket`;
    if (slo.sli.latency || out.events) continue;
    const total = vectorSelectors(parsePromql(slo.sli.total.original))[0];
    if (!total?.metric) continue;
    out.events = total.metric;
    for (const q of [slo.sli.bad, slo.sli.good]) {
      if (!q) continue;
      for (const s of vectorSelectors(parsePromql(q.original))) {
        const m =
          s.metric === total.metric
            ? s.matchers.find(
                (x) =>
                  /5/.test(x.value) && (x.name === 'code' || x.name === 'status' || x.name === 'status_code' || x.name === 'http_status'),
              )
            : undefined;
        if (m) out.statusLabel = m.name;
      }
    }
  }
  return out;
}

export function resolveMetrics(model: ServiceModel, template: TechnologyTemplate): ResolvedMetrics {
  const rename = new Map<string, string>();
  const relabel = new Map<string, string>();
  const service = SERVICE_INTENTS[template.id];
  if (service) {
    const fromSlos = sloMetrics(model);
    const events = template.metrics[service.events]!;
    const duration = template.metrics[service.duration]!;
    if (fromSlos.events && fromSlos.events !== events.metric) rename.set(events.metric, fromSlos.events);
    if (fromSlos.bucket && fromSlos.bucket !== duration.metric) rename.set(duration.metric, fromSlos.bucket);
    if (service.statusLabel && fromSlos.statusLabel && fromSlos.statusLabel !== service.statusLabel)
      relabel.set(service.statusLabel, fromSlos.statusLabel);
  }
  for (const [key, value] of Object.entries(model.observability.metricOverrides)) {
    const { tech, intent } = parseKey(key);
    if (tech !== template.id) continue;
    const m = template.metrics[intent];
    if (m && isMetricName(value)) rename.set(m.metric, value.trim());
  }
  return { rename, relabel };
}
