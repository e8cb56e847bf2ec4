/**
 * Building NthLayer indicators from foreign queries. Events become `success_ratio`; a good/total
 * pair over a classic histogram becomes the latency form (`histogram` + `threshold_ms`); a raw
 * ratio becomes `ratio_query`, or a gauge threshold when it is one in disguise.
 */
import { formatMatchers } from '../promql/parse.ts';
import type { SpecPath } from '../spec/diagnostics.ts';
import { formatNumber } from '../units.ts';
import type { Reader } from './documents.ts';
import { secondsToMs } from './drafts.ts';
import { classicHistogram, convertWindowQuery, gaugeThreshold, goodFromDifference } from './promql.ts';

/** Converts one query for NthLayer, reporting its problems at the field; undefined when unusable. */
export function readQuery(r: Reader, query: string, path: SpecPath, placeholderExpected: boolean): string | undefined {
  const c = convertWindowQuery(query, { placeholderExpected });
  for (const p of c.problems) r.reportIn(path, p.from, p.to, p.severity, p.code, p.message, p.hint);
  return c.query === undefined ? undefined : tidy(c.query);
}

/** Trailing blank lines of block scalars dropped; a multi-line query keeps its layout. */
export function tidy(query: string): string {
  const t = query.replace(/\s+$/, '');
  return t.includes('\n') ? `${t}\n` : t;
}

export interface EventQueries {
  total: string;
  error?: string;
  good?: string;
}

/**
 * `{type, success_ratio: {…}}`, or the latency form when the pair reads a classic histogram.
 * `at` is where notes about the reading are reported.
 */
export function eventsIndicator(r: Reader, q: EventQueries, at: SpecPath, type?: string): Record<string, unknown> {
  let good = q.good;
  if (q.error !== undefined && good === undefined) {
    const g = goodFromDifference(q.error, q.total);
    if (g !== undefined) {
      good = tidy(g);
      r.report(
        at,
        'info',
        'import/good-from-difference',
        'the error query is the total minus a good query, so it is imported as good_query: NthLayer then counts errors even when no request succeeds',
      );
    }
  }
  if (good !== undefined) {
    const h = classicHistogram(good, q.total);
    if (h && formatNumber(Number(h.le)) === h.le) {
      const thresholdMs = secondsToMs(Number(h.le));
      r.report(
        at,
        'info',
        'import/latency-histogram',
        `read as a latency SLI: requests within ${h.le}s in the histogram ${h.histogram} (threshold_ms: ${formatNumber(thresholdMs)})`,
      );
      return { type: 'latency', threshold_ms: thresholdMs, histogram: h.histogram, selector: `{${formatMatchers(h.matchers)}}` };
    }
    return { type: type ?? 'availability', success_ratio: { good_query: good, total_query: q.total } };
  }
  return { type: type ?? 'availability', success_ratio: { error_query: q.error, total_query: q.total } };
}

/** A raw error-ratio query: `ratio_query`, or `metric` + `threshold` for a bad-minutes ratio. */
export function ratioIndicator(r: Reader, errorRatio: string, at: SpecPath): Record<string, unknown> {
  const g = gaugeThreshold(errorRatio);
  if (g) {
    r.report(
      at,
      'info',
      'import/gauge-threshold',
      `read as a gauge SLI: a minute is bad when ${g.metric.replace(/\s+/g, ' ')} is above ${formatNumber(g.threshold)}`,
    );
    return { metric: g.metric, threshold: g.threshold };
  }
  return { ratio_query: errorRatio };
}
