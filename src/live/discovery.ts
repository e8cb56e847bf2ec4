/**
 * Discovery: which metrics a connected Prometheus has for a service, classified by exporter and
 * type (from metadata, else name suffixes), and each dashboard intent resolved to the first
 * candidate that exists — custom override, then the template's metric, then its alternatives —
 * or to guidance naming the exporter to install. Three requests whatever the number of metrics.
 */
import { type DependencyTechnology, exporterFor, formatMatchers, type ServiceModel, TECHNOLOGIES } from '../core/index.ts';
import type { PromClient, PromError } from '../prom/client.ts';
import { nameBatches } from './verify.ts';

export type MetricKind = 'counter' | 'gauge' | 'histogram' | 'summary' | 'unknown';

export interface DiscoveredMetric {
  metric: string;
  type: MetricKind;
  exporter: string;
  technology?: DependencyTechnology;
}

export interface IntentResolution {
  technology: DependencyTechnology;
  intent: string;
  /** The metric the dashboard should read, when one exists. */
  metric?: string;
  source: 'override' | 'default' | 'alternative' | 'missing';
  /** For a missing intent: what to install. */
  guidance?: string;
}

export interface DiscoveryReport {
  metrics: DiscoveredMetric[];
  intents: IntentResolution[];
  /** Overrides to apply so the dashboard reads the metrics that exist. */
  overrides: Record<string, string>;
  requests: number;
}

function typeFromName(name: string): MetricKind {
  if (/_bucket$/.test(name)) return 'histogram';
  if (/_(total|count|sum|created)$/.test(name)) return 'counter';
  return 'unknown';
}

export async function discover(
  client: PromClient,
  model: ServiceModel,
  now: number,
  lookbackSeconds = 3600,
): Promise<{ ok: true; report: DiscoveryReport } | { ok: false; error: PromError }> {
  const before = client.requestCount();
  const end = Math.floor(now / 1000);
  const start = end - lookbackSeconds;
  const names = new Set<string>();
  const own = await client.labelValues('__name__', [`{${formatMatchers(model.observability.selector)}}`], start, end);
  if (!own.ok) return own;
  own.data.forEach((n) => names.add(n));

  const techOf = new Map<string, DependencyTechnology>();
  for (const tech of model.technologies) {
    for (const m of Object.values(TECHNOLOGIES[tech].metrics)) for (const n of [m.metric, ...(m.alternatives ?? [])]) techOf.set(n, tech);
  }
  for (const v of Object.values(model.observability.metricOverrides)) techOf.set(v, techOf.get(v) ?? model.technologies[0]!);
  for (const matcher of nameBatches([...techOf.keys()])) {
    const r = await client.labelValues('__name__', [matcher], start, end);
    if (!r.ok) return r;
    r.data.forEach((n) => names.add(n));
  }

  const meta = await client.metadata();
  if (!meta.ok) return meta;
  const metrics: DiscoveredMetric[] = [...names].sort().map((metric) => {
    const base = metric.replace(/_(bucket|count|sum|total)$/, '');
    const declared = (meta.data[metric] ?? meta.data[base])?.[0]?.type as MetricKind | undefined;
    const technology = techOf.get(metric);
    return {
      metric,
      type: declared && declared !== 'unknown' ? declared : typeFromName(metric),
      exporter: technology ? TECHNOLOGIES[technology].exporter.name : exporterFor(metric),
      ...(technology ? { technology } : {}),
    };
  });

  const intents: IntentResolution[] = [];
  const overrides: Record<string, string> = {};
  for (const tech of model.technologies) {
    const t = TECHNOLOGIES[tech];
    for (const [intent, m] of Object.entries(t.metrics)) {
      const custom = model.observability.metricOverrides[`${tech}.${intent}`];
      if (custom && names.has(custom)) {
        intents.push({ technology: tech, intent, metric: custom, source: 'override' });
        continue;
      }
      if (names.has(m.metric)) {
        intents.push({ technology: tech, intent, metric: m.metric, source: 'default' });
        continue;
      }
      const alt = (m.alternatives ?? []).find((a) => names.has(a));
      if (alt) {
        intents.push({ technology: tech, intent, metric: alt, source: 'alternative' });
        overrides[`${tech}.${intent}`] = alt;
        continue;
      }
      intents.push({
        technology: tech,
        intent,
        source: 'missing',
        guidance: `install ${t.exporter.name} (${t.exporter.install}); docs: ${t.exporter.docs}`,
      });
    }
  }
  return { ok: true, report: { metrics, intents, overrides, requests: client.requestCount() - before } };
}
