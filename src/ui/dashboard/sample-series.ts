/**
 * Sample series for charts while no Prometheus is connected: deterministic (seeded by the panel
 * and query), smooth, labelled as samples where they are drawn, and truthful about thresholds.
 * Where the values sit comes from the dashboard plan, never from a panel's title: a panel's role
 * and healthy range (its green band) put a healthy service's values inside the band, bad-event
 * panels near zero, a limit (an objective, max_connections) as a flat line, and a query over a
 * long window (the SLI over 30 days) far steadier than one over five minutes.
 */
import type { HealthyRange, PanelRole } from '../../core/index.ts';

export interface SamplePoint {
  t: number;
  [series: string]: number;
}

export interface SampleQuery {
  /** The series' name in the chart and legend. */
  name: string;
  /** A configured bound, drawn flat. */
  limit?: boolean;
  /** The range the query averages over, in seconds (default 5 minutes). */
  window?: number;
}

export interface SampleSpec {
  /** Seeds the generator: the same panel always shows the same sample. */
  key: string;
  unit: string;
  role?: PanelRole | undefined;
  healthy?: HealthyRange | undefined;
  queries: readonly SampleQuery[];
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Mulberry32: a tiny seeded generator, so the same panel always shows the same sample. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SAMPLE_POINTS = 60;
const BASE_WINDOW = 300;

/** A plausible level and spread for a panel with no green band, by its unit alone. */
function volumeScale(unit: string): { base: number; spread: number } {
  switch (unit) {
    case 'percentunit':
      return { base: 0.05, spread: 0.02 };
    case 'percent':
      return { base: 5, spread: 2 };
    case 's':
      return { base: 0.12, spread: 0.04 };
    case 'ms':
      return { base: 120, spread: 40 };
    case 'µs':
    case 'us':
      return { base: 120_000, spread: 40_000 };
    case 'bytes':
    case 'decbytes':
      return { base: 512 * 1024 ** 2, spread: 96 * 1024 ** 2 };
    case 'Bps':
    case 'binBps':
      return { base: 2 * 1024 ** 2, spread: 0.6 * 1024 ** 2 };
    case 'reqps':
    case 'ops':
    case 'rps':
    case 'wps':
      return { base: 120, spread: 30 };
    default:
      return { base: 40, spread: 10 };
  }
}

interface Level {
  /** Where the i-th measured series sits. */
  base: (i: number) => number;
  spread: number;
  lo: number;
  hi: number;
  /** Value of a limit series. */
  limit: number;
}

function levelFor(spec: SampleSpec): Level {
  const h = spec.healthy;
  const ratio = spec.unit === 'percentunit';
  if (h && spec.role === 'higher-is-better') {
    // Inside [min, max]: an SLI just above its objective, a hit ratio above 99 %, budget above half.
    const width = h.max - h.min;
    return {
      base: (i) => h.min + width * (0.62 - 0.08 * i),
      spread: width * 0.18,
      lo: h.min + width * 0.05,
      hi: h.max - (ratio ? 0 : width * 0.05),
      limit: h.min,
    };
  }
  if (h && spec.role === 'bad-events') {
    return { base: () => 0, spread: (h.max - h.min) * 0.15, lo: 0, hi: h.min + (h.max - h.min) * 0.3, limit: h.max };
  }
  if (h && spec.role === 'lower-is-better') {
    // Below the first warning step: latency, lag, utilisation, burn rate; later quantiles higher.
    const width = h.max - h.min;
    return {
      base: (i) => h.min + width * Math.min(0.3 + 0.15 * i, 0.7),
      spread: width * 0.1,
      lo: h.min,
      hi: h.min + width * 0.85,
      limit: h.max,
    };
  }
  const v = volumeScale(spec.unit);
  const top = ratio ? 1 : Number.POSITIVE_INFINITY;
  return { base: (i) => v.base * (1 + 0.4 * i), spread: v.spread, lo: 0, hi: top, limit: Math.min(top, v.base * 2.5) };
}

/**
 * One point per step over the `rangeSeconds` before `end` (epoch seconds; the caller's clock),
 * a column per query.
 */
export function sampleSeries(spec: SampleSpec, end: number, rangeSeconds = 3600, points = SAMPLE_POINTS): SamplePoint[] {
  const level = levelFor(spec);
  const step = rangeSeconds / (points - 1);
  let measured = 0;
  const walks = spec.queries.map((q, i) => {
    const rnd = seeded(hash(`${spec.key}:${q.name}:${i}`));
    // Averages over longer windows move less: about 1/√(window / 5m).
    const calm = Math.min(1, Math.max(0.03, Math.sqrt(BASE_WINDOW / Math.max(BASE_WINDOW, q.window ?? BASE_WINDOW))));
    return { q, rnd, calm, index: q.limit ? -1 : measured++, level: 0 };
  });
  const out: SamplePoint[] = [];
  for (let k = 0; k < points; k++) {
    const point: SamplePoint = { t: Math.round(end - rangeSeconds + k * step) };
    for (const w of walks) {
      if (w.q.limit) {
        point[w.q.name] = level.limit;
        continue;
      }
      w.level = 0.8 * w.level + 0.2 * (w.rnd() * 2 - 1);
      if (spec.role === 'bad-events') {
        // Mostly none; now and then a fraction of one, well under the first warning.
        const blip = w.rnd() > 0.92 ? w.rnd() * level.spread : 0;
        point[w.q.name] = Math.min(level.hi, blip);
        continue;
      }
      const wave = w.level + 0.3 * Math.sin((k + w.index * 7) / 6);
      const v = level.base(w.index) + level.spread * w.calm * wave;
      point[w.q.name] = Math.min(level.hi, Math.max(level.lo, v));
    }
    out.push(point);
  }
  return out;
}

/** What a stat or gauge shows: the last value of its first measured series. */
export function sampleValue(spec: SampleSpec, end: number): number {
  const first = spec.queries.find((q) => !q.limit) ?? spec.queries[0] ?? { name: 'value' };
  const s = sampleSeries({ ...spec, queries: [first] }, end);
  return s[s.length - 1]?.[first.name] ?? 0;
}
