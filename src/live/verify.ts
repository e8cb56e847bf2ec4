/**
 * `verify` against a live Prometheus in a handful of requests, whatever the number of metrics:
 * one build-info call (reachability), batched `label/__name__/values` calls for metric names, and
 * one instant query that counts the series behind every SLO selector at once.
 * It tells "missing" from "unreachable": a failed request is an error, never an empty answer.
 */
import { exporterFor, formatSelector, type MetricRequirement, parsePromql, vectorSelectors } from '../core/index.ts';
import type { PromClient, PromError } from '../prom/client.ts';

export interface MissingBucket {
  /** The SLO selector that matched nothing, e.g. `…_bucket{service="x",le="0.2"}`. */
  selector: string;
  le: string;
  /** The `le` values the histogram does have for the same labels (empty when it has none). */
  available: string[];
}

export interface MetricCheck extends MetricRequirement {
  present: boolean;
  exporter: string;
  /** SLO selectors that match no series (the metric exists, but not for this service). */
  emptySelectors: string[];
  /** Latency SLOs whose threshold bucket does not exist: the SLI would have no data. */
  missingBuckets: MissingBucket[];
}

export interface VerifyReport {
  prometheusVersion: string;
  checks: MetricCheck[];
  missingRequired: MetricCheck[];
  missingOptional: MetricCheck[];
  requests: number;
}

const URL_BUDGET = 3000;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Metric names split into `{__name__=~"a|b|…"}` matchers that keep each request URL short. */
export function nameBatches(metrics: string[]): string[] {
  const batches: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const m of metrics) {
    const piece = escapeRegex(m).length + 1;
    if (current.length > 0 && length + piece > URL_BUDGET) {
      batches.push(current);
      current = [];
      length = 0;
    }
    current.push(escapeRegex(m));
    length += piece;
  }
  if (current.length > 0) batches.push(current);
  return batches.map((b) => `{__name__=~"${b.join('|')}"}`);
}

export async function verifyMetrics(
  client: PromClient,
  requirements: MetricRequirement[],
  opts: { now: number; lookbackSeconds?: number },
): Promise<{ ok: true; report: VerifyReport } | { ok: false; error: PromError }> {
  const before = client.requestCount();
  const info = await client.buildInfo();
  if (!info.ok) return info;
  const end = Math.floor(opts.now / 1000);
  const start = end - (opts.lookbackSeconds ?? 3600);

  const present = new Set<string>();
  for (const matcher of nameBatches(requirements.map((r) => r.metric))) {
    const r = await client.labelValues('__name__', [matcher], start, end);
    if (!r.ok) return r;
    for (const name of r.data) present.add(name);
  }

  const selectors = [...new Set(requirements.flatMap((r) => r.selectors))].filter((s) => present.has(s.split('{')[0]!));
  const emptySelectors = new Set<string>();
  if (selectors.length > 0) {
    const window = `${opts.lookbackSeconds ?? 3600}s`;
    const expr = selectors.map((s, i) => `label_replace(count(last_over_time(${s}[${window}])), "selector", "${i}", "", "")`).join(' or ');
    const r = await client.query(expr, end);
    if (!r.ok) return r;
    const found = new Set(r.data.resultType === 'vector' ? r.data.result.map((x) => Number(x.metric.selector)) : []);
    selectors.forEach((s, i) => {
      if (!found.has(i)) emptySelectors.add(s);
    });
  }

  // An empty selector with an `le` matcher is a threshold without its bucket: say which buckets exist.
  const buckets = new Map<string, MissingBucket>();
  for (const s of emptySelectors) {
    const sel = vectorSelectors(parsePromql(s))[0];
    const le = sel?.matchers.find((m) => m.name === 'le');
    if (!sel || !le) continue;
    const rest = formatSelector(
      sel.metric,
      sel.matchers.filter((m) => m.name !== 'le'),
    );
    const r = await client.labelValues('le', [rest], start, end);
    if (!r.ok) return r;
    const available = [...r.data].sort((a, b) => (Number(a) || Infinity) - (Number(b) || Infinity));
    buckets.set(s, { selector: s, le: le.value.replace('(\\.0)?', ''), available });
  }

  const checks: MetricCheck[] = requirements.map((r) => ({
    ...r,
    present: present.has(r.metric) && !r.selectors.some((s) => emptySelectors.has(s)),
    exporter: exporterFor(r.metric),
    emptySelectors: r.selectors.filter((s) => emptySelectors.has(s)),
    missingBuckets: r.selectors.flatMap((s) => (buckets.has(s) ? [buckets.get(s)!] : [])),
  }));
  return {
    ok: true,
    report: {
      prometheusVersion: info.data.version,
      checks,
      missingRequired: checks.filter((c) => c.required && !c.present),
      missingOptional: checks.filter((c) => !c.required && !c.present),
      requests: client.requestCount() - before,
    },
  };
}
