/**
 * Synthetic request traffic whose error ratios are known by construction, minute by minute, as
 * two counters (`code="200"` and `code="500"`): written both as promtool `input_series` (absent
 * minutes as a stale marker, then missing samples) and as OpenMetrics text for a real
 * Prometheus (absent minutes have no sample). The same decimal strings go to both.
 */
import { formatNumber } from '../../src/core/units.ts';

export interface TrafficPart {
  minutes: number;
  perMinute: number;
  errorShare: number;
  /** The metrics vanish (a crashed exporter): no samples at all. */
  absent?: boolean;
}

export interface Traffic {
  minutes: number;
  /** Counter values per minute (index 0 … minutes), undefined where absent. */
  good: (string | undefined)[];
  bad: (string | undefined)[];
}

export function buildTraffic(parts: TrafficPart[]): Traffic {
  const good: (string | undefined)[] = ['0'];
  const bad: (string | undefined)[] = ['0'];
  let g = 0;
  let b = 0;
  for (const p of parts) {
    for (let i = 0; i < p.minutes; i++) {
      if (p.absent) {
        good.push(undefined);
        bad.push(undefined);
        continue;
      }
      g += p.perMinute * (1 - p.errorShare);
      b += p.perMinute * p.errorShare;
      good.push(formatNumber(Number(g.toFixed(6))));
      bad.push(formatNumber(Number(b.toFixed(6))));
    }
  }
  return { minutes: good.length - 1, good, bad };
}

/** Minute offsets of each part's start, by index. */
export function partStarts(parts: TrafficPart[]): number[] {
  const out: number[] = [];
  let m = 0;
  for (const p of parts) {
    out.push(m);
    m += p.minutes;
  }
  return out;
}

function promtoolValues(values: (string | undefined)[]): string {
  const out: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== undefined) out.push(v);
    else out.push(values[i - 1] === undefined && i > 0 ? '_' : 'stale');
  }
  return out.join(' ');
}

export function promtoolSeries(t: Traffic, metric = 'http_requests_total', labels = 'service="svc"'): { series: string; values: string }[] {
  return [
    { series: `${metric}{${labels},code="200"}`, values: promtoolValues(t.good) },
    { series: `${metric}{${labels},code="500"}`, values: promtoolValues(t.bad) },
  ];
}

/** OpenMetrics text (timestamps in seconds from `startSeconds`), ending in `# EOF`. Several services may share it. */
export function trafficOpenMetrics(
  series: { traffic: Traffic; labels: string }[],
  startSeconds: number,
  metric = 'http_requests_total',
): string {
  const lines = [`# TYPE ${metric.replace(/_total$/, '')} counter`];
  for (const { traffic, labels } of series) {
    for (const [code, values] of [
      ['200', traffic.good],
      ['500', traffic.bad],
    ] as const) {
      values.forEach((v, m) => {
        if (v !== undefined) lines.push(`${metric}{${labels},code="${code}"} ${v} ${startSeconds + m * 60}`);
      });
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}
