/**
 * SLI normalisation: whatever indicator style the user wrote (a ratio `query`, `success_ratio`,
 * `success_rate`, flat good/total/error queries, a `latency_query` with `threshold_ms`, a gauge
 * with a `threshold`, or nothing at all) becomes one {@link Sli}. Queries are understood by
 * walking their PromQL parse tree; a query we cannot turn into events is reported, not guessed.
 */
import type { SyntaxNode } from '@lezer/common';
import {
  children,
  formatSelector,
  nodeText,
  parseLabelMatchers,
  parsePromql,
  readVectorSelector,
  unwrap,
  type LabelMatcher,
} from '../promql/parse.ts';
import { toWindowTemplate } from '../promql/windows.ts';
import type { IndicatorSpec, SloSpec } from '../spec/schema.ts';
import { formatNumber, seconds, type Seconds } from '../units.ts';
import type { EventsSli, IndicatorType, LatencyHistogram, ServiceType, Sli, WindowedQuery } from './types.ts';

export interface SliProblem {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  hint?: string;
  /** Path inside the SLO spec where the problem is, e.g. ['indicator', 'query']. */
  at: (string | number)[];
}

export interface SliResult {
  sli?: Sli;
  indicatorType: IndicatorType;
  problems: SliProblem[];
}

/** Default metrics per service type, used when an SLO has no query (reference §3.1). */
const DEFAULT_SLI_METRICS: Record<
  'http' | 'worker' | 'stream' | 'batch',
  { counter: string; errorMatcher: LabelMatcher; histogram: string }
> = {
  http: {
    counter: 'http_requests_total',
    errorMatcher: { name: 'status', op: '=~', value: '5..' },
    histogram: 'http_request_duration_seconds',
  },
  worker: {
    counter: 'jobs_processed_total',
    errorMatcher: { name: 'status', op: '=', value: 'failed' },
    histogram: 'job_duration_seconds',
  },
  stream: {
    counter: 'events_processed_total',
    errorMatcher: { name: 'status', op: '=', value: 'error' },
    histogram: 'event_processing_duration_seconds',
  },
  batch: {
    counter: 'pipeline_runs_total',
    errorMatcher: { name: 'status', op: '=', value: 'failed' },
    histogram: 'pipeline_duration_seconds',
  },
};

function defaultMetricsFor(type: ServiceType): (typeof DEFAULT_SLI_METRICS)['http'] {
  if (type === 'worker') return DEFAULT_SLI_METRICS.worker;
  if (type === 'stream') return DEFAULT_SLI_METRICS.stream;
  if (type === 'batch') return DEFAULT_SLI_METRICS.batch;
  return DEFAULT_SLI_METRICS.http;
}

/** The `le` label value Prometheus writes for a bucket boundary in seconds. */
export function leValue(threshold: Seconds): string {
  return formatNumber(threshold);
}

export interface SliContext {
  serviceType: ServiceType;
  /** Matchers that identify the service's series (default `service="<name>"`). */
  selector: LabelMatcher[];
}

export function normaliseSli(spec: SloSpec, ctx: SliContext): SliResult {
  const problems: SliProblem[] = [];
  const [indicator, base] = spec.indicator
    ? [spec.indicator, ['indicator'] as (string | number)[]]
    : spec.indicators?.[0]
      ? [spec.indicators[0], ['indicators', 0] as (string | number)[]]
      : [undefined, [] as (string | number)[]];
  const thresholdMs = spec.threshold_ms ?? spec.latency_threshold ?? indicator?.threshold_ms;
  const declaredType = indicator?.type;

  const windowed = (query: string, at: (string | number)[]): WindowedQuery | undefined => {
    const t = toWindowTemplate(query);
    if (t.errors.length > 0) return undefined; // the syntax error is reported by the spec checks
    if (t.ranges === 0) {
      problems.push({
        severity: 'error',
        code: 'sli/no-range',
        at,
        message: 'the query has no range selector like [5m], so its window cannot be rewritten for each alert window',
        hint: 'count events with rate(metric[5m]) or increase(metric[5m]) over raw counters, not recorded rates',
      });
      return undefined;
    }
    return { template: t.template, original: query };
  };

  // 1. Explicit event pairs win over everything else (they are the most precise form).
  const pairs: { value: IndicatorSpec | NonNullable<IndicatorSpec['success_ratio']>; at: (string | number)[] }[] = [];
  if (indicator?.success_ratio) pairs.push({ value: indicator.success_ratio, at: [...base, 'success_ratio'] });
  if (indicator?.success_rate) pairs.push({ value: indicator.success_rate, at: [...base, 'success_rate'] });
  if (indicator && (indicator.total_query || indicator.good_query || indicator.error_query)) pairs.push({ value: indicator, at: base });
  if (pairs.length > 0) {
    const { value, at } = pairs[0]!;
    if (!value.total_query) {
      problems.push({
        severity: 'error',
        code: 'sli/missing-total',
        at,
        message: 'an event SLI needs `total_query`',
        hint: 'add total_query: the PromQL counting all events',
      });
      return { indicatorType: declaredType ?? 'availability', problems };
    }
    if (!value.good_query && !value.error_query) {
      problems.push({
        severity: 'error',
        code: 'sli/missing-good-or-error',
        at,
        message: 'an event SLI needs `good_query` or `error_query` next to `total_query`',
        hint: 'add good_query (successful events) or error_query (failed events)',
      });
      return { indicatorType: declaredType ?? 'availability', problems };
    }
    if (indicator?.query && pairs[0]!.at !== base) {
      problems.push({
        severity: 'info',
        code: 'sli/query-ignored',
        at: [...base, 'query'],
        message: `\`query\` is ignored because \`${String(at[at.length - 1])}\` gives the events explicitly`,
      });
    }
    const total = windowed(value.total_query, [...at, 'total_query']);
    const good = value.good_query ? windowed(value.good_query, [...at, 'good_query']) : undefined;
    const bad = value.error_query ? windowed(value.error_query, [...at, 'error_query']) : undefined;
    if (!total || (!good && !bad)) return { indicatorType: declaredType ?? 'availability', problems };
    return {
      sli: { kind: 'events', total, ...(good ? { good } : { bad: bad! }) },
      indicatorType: declaredType ?? 'availability',
      problems,
    };
  }

  if (indicator?.ratio_query) {
    const q = windowed(indicator.ratio_query, [...base, 'ratio_query']);
    return { ...(q ? { sli: { kind: 'ratio', errorRatio: q } } : {}), indicatorType: declaredType ?? 'error_rate', problems };
  }

  // 2. Gauge with threshold (custom SLIs such as consumer lag).
  if (indicator?.metric !== undefined) {
    if (indicator.threshold === undefined) {
      problems.push({
        severity: 'error',
        code: 'sli/missing-threshold',
        at: [...base, 'metric'],
        message: 'a gauge SLI (`metric`) needs a `threshold`',
        hint: 'add threshold: the highest good value of the metric',
      });
      return { indicatorType: declaredType ?? 'custom', problems };
    }
    const parsed = parsePromql(indicator.metric);
    if (parsed.errors.length > 0) return { indicatorType: declaredType ?? 'custom', problems };
    return {
      sli: { kind: 'threshold', query: indicator.metric.trim(), threshold: indicator.threshold },
      indicatorType: declaredType ?? 'custom',
      problems,
    };
  }

  // 3. Latency: a histogram and a threshold.
  const isLatency =
    declaredType === 'latency' ||
    indicator?.latency_query !== undefined ||
    (thresholdMs !== undefined && declaredType === undefined && !indicator?.query);
  if (isLatency) {
    if (thresholdMs === undefined) {
      problems.push({
        severity: 'error',
        code: 'sli/latency-without-threshold',
        at: base.length ? base : ['indicator'],
        message: 'a latency SLI needs `threshold_ms`',
        hint: 'add threshold_ms: the latency a request must beat to count as good, e.g. 500',
      });
      return { indicatorType: 'latency', problems };
    }
    const threshold = seconds(thresholdMs / 1000);
    const thresholdAt =
      spec.threshold_ms !== undefined
        ? ['threshold_ms']
        : spec.latency_threshold !== undefined
          ? ['latency_threshold']
          : [...base, 'threshold_ms'];
    const native = indicator?.native_histogram === true;
    const query = indicator?.latency_query ?? indicator?.query;
    const queryAt = indicator?.latency_query ? [...base, 'latency_query'] : [...base, 'query'];
    let histogram: { histogram: string; matchers: LabelMatcher[] } | undefined;
    if (query) {
      histogram = histogramOf(query, native);
      if (!histogram) {
        problems.push({
          severity: 'error',
          code: 'sli/no-histogram',
          at: queryAt,
          message: native
            ? 'cannot find the native histogram in the latency query'
            : 'cannot find a histogram (`…_bucket` series) in the latency query',
          hint: native
            ? 'write histogram_quantile(0.95, sum(rate(<histogram>{...}[5m]))) or set `histogram:`'
            : 'write histogram_quantile(0.95, rate(<name>_bucket{...}[5m])) or set `histogram:` to the base name',
        });
        return { indicatorType: 'latency', problems };
      }
    } else {
      const name = indicator?.histogram ?? defaultMetricsFor(ctx.serviceType).histogram;
      histogram = {
        histogram: name.replace(/_(bucket|count|sum)$/, ''),
        matchers: selectorOr(indicator?.selector, ctx.selector, [...base, 'selector'], problems),
      };
      problems.push({
        severity: 'info',
        code: 'sli/default-histogram',
        at: base.length ? base : [],
        message: `no latency query: using the ${native ? 'native histogram' : 'histogram'} ${formatSelector(native ? histogram.histogram : `${histogram.histogram}_bucket`, histogram.matchers)}`,
        hint: 'set latency_query or histogram: if your histogram has another name',
      });
    }
    if (!native) problems.push(...bucketProblems(threshold, indicator?.buckets, thresholdAt, [...base, 'buckets']));
    const percentile = parsePercentile(indicator?.percentile);
    const h: LatencyHistogram = {
      ...histogram,
      threshold,
      le: leValue(threshold),
      ...(percentile !== undefined ? { percentile } : {}),
      ...(native ? { native } : {}),
    };
    return { sli: latencySli(h), indicatorType: 'latency', problems };
  }

  // 4. A ratio query: good/total (or bad/total for error_rate).
  if (indicator?.query) {
    if (parsePromql(indicator.query).errors.length > 0) return { indicatorType: declaredType ?? 'availability', problems };
    const r = splitRatio(indicator.query);
    if (!r) {
      problems.push({
        severity: 'error',
        code: 'sli/not-a-ratio',
        at: [...base, 'query'],
        message: 'cannot read this query as events: expected good / total (e.g. sum(rate(ok[5m])) / sum(rate(all[5m])))',
        hint: 'split it into success_ratio: {good_query, total_query}, or use ratio_query for an error ratio',
      });
      return { indicatorType: declaredType ?? 'availability', problems };
    }
    if (r.percent) {
      problems.push({
        severity: 'info',
        code: 'sli/percent-scale',
        at: [...base, 'query'],
        message: 'the query is scaled by 100; the SLI is read as a ratio of the two event counts',
      });
    }
    const numeratorIsBad = (declaredType === 'error_rate') !== r.inverted;
    const num = windowed(r.numerator, [...base, 'query']);
    const den = windowed(r.denominator, [...base, 'query']);
    if (!num || !den) return { indicatorType: declaredType ?? 'availability', problems };
    const sli: EventsSli = { kind: 'events', total: den, ...(numeratorIsBad ? { bad: num } : { good: num }) };
    return { sli, indicatorType: declaredType ?? 'availability', problems };
  }

  // 5. Nothing given: the default metrics for the service type.
  const d = defaultMetricsFor(ctx.serviceType);
  const matchers = selectorOr(indicator?.selector, ctx.selector, [...base, 'selector'], problems);
  const total = `sum(rate(${formatSelector(d.counter, matchers)}[5m]))`;
  const bad = `sum(rate(${formatSelector(d.counter, [...matchers, d.errorMatcher])}[5m]))`;
  problems.push({
    severity: 'info',
    code: 'sli/default-events',
    at: base.length ? base : [],
    message: `no SLI query: using ${d.counter} with ${d.errorMatcher.name}${d.errorMatcher.op}"${d.errorMatcher.value}" as errors`,
    hint: 'add indicator.query or success_ratio if your metrics differ',
  });
  return {
    sli: {
      kind: 'events',
      total: { template: toWindowTemplate(total).template, original: total },
      bad: { template: toWindowTemplate(bad).template, original: bad },
    },
    indicatorType: declaredType ?? 'availability',
    problems,
  };
}

function parsePercentile(p: number | string | undefined): number | undefined {
  if (p === undefined) return undefined;
  const n = typeof p === 'number' ? p : Number(String(p).replace(/^p/i, ''));
  return Number.isFinite(n) ? n : undefined;
}

/** The indicator's own `selector`, or the service's; an unreadable one is reported, never replaced silently. */
function selectorOr(text: string | undefined, fallback: LabelMatcher[], at: (string | number)[], problems: SliProblem[]): LabelMatcher[] {
  if (text === undefined) return fallback;
  const found = parseLabelMatchers(text);
  if (found) return found;
  problems.push({
    severity: 'error',
    code: 'sli/bad-selector',
    at,
    message: `\`selector\` is not a valid set of label matchers: ${text.trim()}`,
    hint: 'write it like {job="checkout",namespace="prod"}',
  });
  return fallback;
}

/**
 * Bucket boundaries (seconds) of the Prometheus client libraries' default histograms: Go and
 * Java (0.005 … 10) plus the Python client's extra 0.075, 0.75 and 7.5.
 */
const DEFAULT_CLIENT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** A latency threshold must be a bucket boundary, or no series counts the requests within it. */
function bucketProblems(
  threshold: Seconds,
  declared: number[] | undefined,
  at: (string | number)[],
  bucketsAt: (string | number)[],
): SliProblem[] {
  const buckets = declared ?? DEFAULT_CLIENT_BUCKETS;
  if (buckets.some((b) => Math.abs(b - threshold) < 1e-9)) return [];
  const nearest = [...buckets].sort((a, b) => Math.abs(a - threshold) - Math.abs(b - threshold))[0]!;
  const ms = (s: number): string => `${formatNumber(s * 1000)}ms`;
  if (declared) {
    return [
      {
        severity: 'error',
        code: 'sli/threshold-not-a-bucket',
        at,
        message: `threshold ${ms(threshold)} is not one of the declared buckets (${declared.map(formatNumber).join(', ')} s): no series counts the requests faster than it`,
        hint: `use a bucket boundary, e.g. threshold_ms: ${formatNumber(nearest * 1000)}, or add ${formatNumber(threshold)} to the histogram's buckets`,
      },
    ];
  }
  return [
    {
      severity: 'warning',
      code: 'sli/threshold-not-a-default-bucket',
      at,
      message: `threshold ${ms(threshold)} is not a bucket of the Prometheus client libraries' default histograms: unless your histogram has an le="${leValue(threshold)}" bucket, the SLI has no data`,
      hint: `declare the histogram's buckets (${bucketsAt.join('.')}: [...]) when it has that bucket, or use threshold_ms: ${formatNumber(nearest * 1000)} (the nearest default), or native_histogram: true`,
    },
  ];
}

/**
 * Builds the event pair of a latency SLI: good = requests in the bucket at the threshold. A
 * missing bucket leaves good without data (never zero), so the SLI has no sample and the no-data
 * alert speaks instead of every request counting as slow. Native histograms count good events
 * with histogram_fraction, at any threshold.
 */
function latencySli(h: LatencyHistogram): EventsSli {
  let good: string;
  let total: string;
  if (h.native) {
    const rate = `sum(rate(${formatSelector(h.histogram, h.matchers)}[5m]))`;
    total = `histogram_count(${rate})`;
    good = `histogram_fraction(0, ${formatNumber(h.threshold)}, ${rate}) * histogram_count(${rate})`;
  } else {
    const leMatcher: LabelMatcher = Number.isInteger(Number(h.le))
      ? { name: 'le', op: '=~', value: `${h.le}(\\.0)?` } // Prometheus 3 writes integer buckets as "1.0"
      : { name: 'le', op: '=', value: h.le };
    good = `sum(rate(${formatSelector(`${h.histogram}_bucket`, [...h.matchers, leMatcher])}[5m]))`;
    total = `sum(rate(${formatSelector(`${h.histogram}_count`, h.matchers)}[5m]))`;
  }
  return {
    kind: 'events',
    good: { template: toWindowTemplate(good).template, original: good },
    total: { template: toWindowTemplate(total).template, original: total },
    latency: h,
  };
}

/**
 * Finds the histogram a latency query reads: the first `…_bucket` selector in the tree, or for a
 * native histogram the first selector of all.
 */
function histogramOf(query: string, native = false): { histogram: string; matchers: LabelMatcher[] } | undefined {
  const parsed = parsePromql(query);
  if (parsed.errors.length > 0) return undefined;
  let out: { histogram: string; matchers: LabelMatcher[] } | undefined;
  parsed.tree.iterate({
    enter: (n) => {
      if (out) return false;
      if (n.name === 'VectorSelector') {
        const s = readVectorSelector(parsed.text, n.node);
        if (native && s.metric) out = { histogram: s.metric, matchers: s.matchers };
        else if (s.metric.endsWith('_bucket')) {
          out = { histogram: s.metric.slice(0, -'_bucket'.length), matchers: s.matchers.filter((m) => m.name !== 'le') };
        }
      }
      return undefined;
    },
  });
  return out;
}

interface RatioParts {
  numerator: string;
  denominator: string;
  /** `1 - a/b`: the numerator counts the opposite of what the indicator type says. */
  inverted: boolean;
  /** The ratio was multiplied by 100. */
  percent: boolean;
}

/** Reads `a / b`, `(a / b) * 100`, `100 * a / b` and `1 - a / b` from the parse tree. */
function splitRatio(query: string): RatioParts | undefined {
  const parsed = parsePromql(query);
  if (parsed.errors.length > 0) return undefined;
  const text = parsed.text;
  let node = unwrap(parsed.tree.topNode);
  let inverted = false;
  let percent = false;
  for (let guard = 0; guard < 4; guard++) {
    if (node.name !== 'BinaryExpr') return undefined;
    const parts = binaryParts(node);
    if (!parts) return undefined;
    const { left, op, right } = parts;
    const l = unwrap(left);
    const r = unwrap(right);
    if (op === 'Mul' && isNumber(text, r, 100)) {
      percent = true;
      node = l;
      continue;
    }
    if (op === 'Mul' && isNumber(text, l, 100)) {
      percent = true;
      node = r;
      continue;
    }
    if (op === 'Sub' && isNumber(text, l, 1)) {
      inverted = !inverted;
      node = r;
      continue;
    }
    if (op === 'Div') {
      // `100 * a / b` parses as `(100 * a) / b`.
      let num = l;
      if (num.name === 'BinaryExpr') {
        const inner = binaryParts(num);
        if (inner && inner.op === 'Mul' && isNumber(text, unwrap(inner.left), 100)) {
          percent = true;
          num = unwrap(inner.right);
        }
      }
      return { numerator: nodeText(text, num).trim(), denominator: nodeText(text, r).trim(), inverted, percent };
    }
    return undefined;
  }
  return undefined;
}

function binaryParts(node: SyntaxNode): { left: SyntaxNode; op: string; right: SyntaxNode } | undefined {
  const kids = children(node).filter((c) => c.name !== 'BoolModifier' && c.name !== 'MatchingModifierClause');
  if (kids.length < 3) return undefined;
  return { left: kids[0]!, op: kids[1]!.name, right: kids[kids.length - 1]! };
}

function isNumber(text: string, node: SyntaxNode, value: number): boolean {
  return node.name === 'NumberDurationLiteral' && Number(nodeText(text, node)) === value;
}
