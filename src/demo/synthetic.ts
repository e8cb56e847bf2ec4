/**
 * Synthetic Prometheus data whose error ratios are known by construction, written as OpenMetrics
 * text for `promtool tsdb create-blocks-from openmetrics`. Used by `npm run demo` and the live
 * tests. Timestamps are in seconds (OpenMetrics); the text ends with `# EOF`.
 */

export interface SyntheticSeries {
  name: string;
  type: 'counter' | 'gauge';
  labels: Record<string, string>;
  /** Value at minute `m` (counters must not decrease). */
  valueAt: (minute: number) => number;
  /** Minutes between samples (default: the step given to openMetrics). */
  stepMinutes?: number;
}

function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/**
 * OpenMetrics text for `minutes` of samples ending at `endSeconds`: one a minute (or each series'
 * own step); with `recentMinutes`, only that last stretch is sampled that finely and everything
 * before it every `olderStepMinutes` (week-long windows need no one-minute detail, and the file
 * and the backfill shrink to a fraction).
 */
export function openMetrics(
  series: SyntheticSeries[],
  endSeconds: number,
  minutes: number,
  stepMinutes = 1,
  recent?: { recentMinutes: number; olderStepMinutes: number },
): string {
  const byName = new Map<string, SyntheticSeries[]>();
  for (const s of series) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const lines: string[] = [];
  const start = endSeconds - minutes * 60;
  for (const [name, list] of byName) {
    // OpenMetrics counters must end in _total; other monotonic series (histogram buckets) are
    // declared as gauges, which stores the same samples.
    const isCounter = list[0]!.type === 'counter' && name.endsWith('_total');
    lines.push(`# TYPE ${isCounter ? name.slice(0, -'_total'.length) : name} ${isCounter ? 'counter' : 'gauge'}`);
    for (const s of list) {
      const l = labelText(s.labels);
      const step = s.stepMinutes ?? stepMinutes;
      const fineFrom = recent ? minutes - recent.recentMinutes : 0;
      const coarse = recent ? Math.max(step, recent.olderStepMinutes) : step;
      for (let m = minutes % step; m <= minutes; m += m < fineFrom ? coarse : step)
        lines.push(`${name}${l} ${+s.valueAt(m).toFixed(6)} ${start + m * 60}`);
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

/** Cumulative count of a per-minute rate function (a counter that never decreases). */
export function counter(perMinute: (minute: number) => number): (minute: number) => number {
  const cache: number[] = [0];
  return (m) => {
    for (let i = cache.length; i <= m; i++) cache[i] = cache[i - 1]! + Math.max(0, perMinute(i - 1));
    return cache[m]!;
  };
}

export interface HttpServiceScenario {
  service: string;
  /** Counter name, e.g. http_requests_total. */
  requests: string;
  /** Label holding the status: `code` or `status`. */
  statusLabel: string;
  /** Requests a minute, constant or varying by minute (a daily rhythm makes charts move). */
  perMinute: number | ((minute: number) => number);
  /** Share of requests that fail (5xx) at minute m. */
  errorShare: (minute: number) => number;
  /** Histogram base name and the share of requests slower than each bucket boundary. */
  histogram?: { name: string; buckets: number[]; slowerThan: (le: number, minute: number) => number };
  extraLabels?: Record<string, string>;
}

export function httpService(s: HttpServiceScenario): SyntheticSeries[] {
  const base = { service: s.service, ...(s.extraLabels ?? {}) };
  const rate =
    typeof s.perMinute === 'number'
      ? (
          (n: number) => () =>
            n
        )(s.perMinute)
      : s.perMinute;
  const out: SyntheticSeries[] = [
    {
      name: s.requests,
      type: 'counter',
      labels: { ...base, [s.statusLabel]: '200' },
      valueAt: counter((m) => rate(m) * (1 - s.errorShare(m))),
    },
    { name: s.requests, type: 'counter', labels: { ...base, [s.statusLabel]: '500' }, valueAt: counter((m) => rate(m) * s.errorShare(m)) },
  ];
  if (s.histogram) {
    const h = s.histogram;
    for (const le of h.buckets) {
      out.push({
        name: `${h.name}_bucket`,
        type: 'counter',
        labels: { ...base, le: String(le) },
        valueAt: counter((m) => rate(m) * (1 - h.slowerThan(le, m))),
      });
    }
    out.push({ name: `${h.name}_bucket`, type: 'counter', labels: { ...base, le: '+Inf' }, valueAt: counter(rate) });
    out.push({ name: `${h.name}_count`, type: 'counter', labels: base, valueAt: counter(rate) });
  }
  return out;
}

/**
 * A series' value at a fractional minute: counters rise linearly within the minute, gauges take
 * the minute's value. What the live exporter serves between the backfilled samples' minutes.
 */
function valueBetween(s: SyntheticSeries, minute: number): number {
  const m = Math.floor(minute);
  const v = s.valueAt(m);
  if (s.type !== 'counter') return v;
  return v + (s.valueAt(m + 1) - v) * (minute - m);
}

/** Prometheus text exposition of the series at a fractional minute (what a scrape of the demo exporter returns). */
export function exposition(series: SyntheticSeries[], minute: number): string {
  const byName = new Map<string, SyntheticSeries[]>();
  for (const s of series) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const lines: string[] = [];
  for (const [name, list] of byName) {
    lines.push(`# TYPE ${name} ${list[0]!.type === 'counter' && name.endsWith('_total') ? 'counter' : 'untyped'}`);
    for (const s of list) lines.push(`${name}${labelText(s.labels)} ${+valueBetween(s, minute).toFixed(6)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function gauge(name: string, labels: Record<string, string>, valueAt: (minute: number) => number): SyntheticSeries {
  return { name, type: 'gauge', labels, valueAt };
}
