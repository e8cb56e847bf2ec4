/**
 * Which metrics a spec depends on, found by walking the parsed PromQL of its SLO queries and of
 * every generated rule and dashboard target (not by regex over text). Metrics our own rules
 * record (`slo:…`, and any `record:` name) are not requirements: they appear once rules load.
 */
import type { Bundle } from '../bundle.ts';
import type { ServiceModel } from '../model/types.ts';
import { formatSelector, parsePromql, vectorSelectors } from '../promql/parse.ts';
import { withWindow } from '../promql/windows.ts';
import { TECHNOLOGIES } from '../technologies/registry.ts';
import { scopeFor } from '../technologies/scope.ts';

export interface MetricRequirement {
  metric: string;
  /** SLO metrics and declared Observability metrics are required; dashboard and alert-pack metrics are optional. */
  required: boolean;
  /** Where the metric is used: `slo availability`, `dashboard`, `alerts.yaml`, `observability`. */
  sources: string[];
  /** Selectors of SLO queries that must match series of this service, e.g. http_requests_total{service="x"}. */
  selectors: string[];
}

function addQuery(
  acc: Map<string, MetricRequirement>,
  query: string,
  source: string,
  required: boolean,
  withSelectors: boolean,
  recorded: Set<string>,
): void {
  for (const s of vectorSelectors(parsePromql(query))) {
    if (!s.metric || recorded.has(s.metric) || s.metric.startsWith('slo:') || s.metric === 'ALERTS' || s.metric === 'ALERTS_FOR_STATE')
      continue;
    const r = acc.get(s.metric) ?? { metric: s.metric, required: false, sources: [], selectors: [] };
    r.required ||= required;
    if (!r.sources.includes(source)) r.sources.push(source);
    const sel = formatSelector(
      s.metric,
      s.matchers.filter((m) => !m.value.includes('$')),
    );
    if (withSelectors && !r.selectors.includes(sel)) r.selectors.push(sel);
    acc.set(s.metric, r);
  }
}

/** Every PromQL expression inside a generated artifact's data: rule `expr`s and dashboard target `expr`s. */
function expressionsOf(data: unknown): string[] {
  const out: string[] = [];
  const visit = (v: unknown, key: string | undefined): void => {
    if (typeof v === 'string') {
      if (key === 'expr') out.push(v);
    } else if (Array.isArray(v)) v.forEach((x) => visit(x, undefined));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  visit(data, undefined);
  return out;
}

function recordedNames(bundle: Bundle | undefined): Set<string> {
  const names = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.record === 'string') names.add(o.record);
      Object.values(o).forEach(visit);
    }
  };
  bundle?.artifacts.forEach((a) => visit(a.data));
  return names;
}

export function metricRequirements(model: ServiceModel, bundle?: Bundle): MetricRequirement[] {
  const acc = new Map<string, MetricRequirement>();
  const recorded = recordedNames(bundle);
  for (const slo of model.slos) {
    const source = `slo ${slo.name}`;
    const sli = slo.sli;
    if (sli.kind === 'events')
      for (const q of [sli.total, sli.good, sli.bad]) if (q) addQuery(acc, withWindow(q.template, '5m'), source, true, true, recorded);
    if (sli.kind === 'ratio') addQuery(acc, withWindow(sli.errorRatio.template, '5m'), source, true, true, recorded);
    if (sli.kind === 'threshold') addQuery(acc, sli.query, source, true, true, recorded);
  }
  for (const m of model.observability.declaredMetrics) {
    const r = acc.get(m) ?? { metric: m, required: true, sources: [], selectors: [] };
    r.required = true;
    if (!r.sources.includes('observability')) r.sources.push('observability');
    acc.set(m, r);
  }
  // Each dependency's selector must pick some series of its exporter, or its alerts watch nothing.
  for (const d of model.dependencies) {
    if (!d.technology) continue;
    const t = TECHNOLOGIES[d.technology];
    const metric = t.scope.by === 'instance' ? t.scope.metric : Object.values(t.metrics)[0]!.metric;
    const own = scopeFor(t, d.selector)(metric);
    const r = acc.get(metric) ?? { metric, required: false, sources: [], selectors: [] };
    const source = `dependency ${d.name}`;
    if (!r.sources.includes(source)) r.sources.push(source);
    const sel = formatSelector(metric, own);
    if (own.length > 0 && !r.selectors.includes(sel)) r.selectors.push(sel);
    acc.set(metric, r);
  }
  for (const a of bundle?.artifacts ?? []) {
    if (a.file !== 'dashboard.json' && a.file !== 'alerts.yaml') continue;
    for (const expr of expressionsOf(a.data))
      addQuery(acc, expr, a.file === 'dashboard.json' ? 'dashboard' : 'alerts', false, false, recorded);
  }
  return [...acc.values()].sort((x, y) => Number(y.required) - Number(x.required) || x.metric.localeCompare(y.metric));
}

/** The exporter that usually provides a metric, by its documented prefix. */
const EXPORTERS: [RegExp, string][] = [
  [/^(pg|postgres)_/, 'postgres_exporter'],
  [/^mysql_/, 'mysqld_exporter'],
  [/^mongodb_/, 'mongodb_exporter'],
  [/^redis_/, 'redis_exporter'],
  [/^elasticsearch_/, 'elasticsearch_exporter'],
  [/^kafka_/, 'kafka_exporter'],
  [/^rabbitmq_/, 'rabbitmq (prometheus plugin)'],
  [/^(gnatsd|nats)_/, 'prometheus-nats-exporter'],
  [/^pulsar_/, 'pulsar broker metrics'],
  [/^(kube|kubelet)_/, 'kube-state-metrics'],
  [/^container_/, 'cAdvisor (kubelet)'],
  [/^nginx_/, 'nginx-prometheus-exporter'],
  [/^haproxy_/, 'HAProxy built-in exporter'],
  [/^traefik_/, 'Traefik metrics'],
  [/^consul_/, 'consul_exporter'],
  [/^etcd_/, 'etcd metrics'],
  [/^(node)_/, 'node_exporter'],
  [/^(http|grpc)_/, 'the service itself (instrumentation library)'],
];

let byMetric: Map<string, string> | undefined;

/** The exporter documented for a metric in a technology template, else a guess by prefix. */
export function exporterFor(metric: string): string {
  if (!byMetric) {
    byMetric = new Map();
    for (const t of Object.values(TECHNOLOGIES)) {
      if (t.id === 'http' || t.id === 'worker' || t.id === 'stream') continue;
      for (const m of Object.values(t.metrics)) for (const n of [m.metric, ...(m.alternatives ?? [])]) byMetric.set(n, t.exporter.name);
    }
  }
  return byMetric.get(metric) ?? EXPORTERS.find(([re]) => re.test(metric))?.[1] ?? 'the service itself';
}
