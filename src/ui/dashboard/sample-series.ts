/**
 * Sample series for charts while no Prometheus is connected: deterministic (seeded by the panel
 * and query), smooth, and always labelled as samples where they are drawn.
 */
import { sampleScale } from './units.ts';

export interface SamplePoint {
  t: number;
  [series: string]: number;
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

export const SAMPLE_POINTS = 60;

/** Legends that name a setting rather than a measurement: drawn as a flat line. */
const SETTING = /(^|[^a-z])(objective|target|threshold|limit|max(imum)?)([^a-z]|$)/i;

/**
 * One point a minute over the last hour, in minutes relative to "now" (no clock read). `objective`
 * (a ratio between 0.5 and 1, e.g. an SLI panel's threshold) makes a ratio series sit mostly just
 * above it, as a healthy SLI does, and a series named like a setting ("objective",
 * "max_connections") a flat line.
 */
export function sampleSeries(key: string, names: readonly string[], unit: string, title: string, objective?: number): SamplePoint[] {
  const ratio = unit === 'percentunit' && objective !== undefined && objective > 0.5 && objective < 1;
  const { base, spread } = ratio
    ? { base: objective + (1 - objective) * 0.55, spread: (1 - objective) * 0.35 }
    : sampleScale(unit, title);
  const walks = names.map((n, i) => ({ name: n, rnd: seeded(hash(`${key}:${n}:${i}`)), level: 0, flat: SETTING.test(n) }));
  const out: SamplePoint[] = [];
  for (let i = 0; i < SAMPLE_POINTS; i++) {
    const point: SamplePoint = { t: i - SAMPLE_POINTS + 1 };
    walks.forEach((w, j) => {
      if (w.flat) {
        point[w.name] = ratio ? objective : base + 2 * spread;
        return;
      }
      w.level = 0.8 * w.level + 0.2 * (w.rnd() * 2 - 1);
      // Later series sit a little below the first, as a second quantile or instance would.
      const v = base - j * spread * 0.5 + spread * (w.level + 0.3 * Math.sin((i + j * 7) / 6));
      point[w.name] = unit === 'percentunit' ? Math.min(1, Math.max(0, v)) : Math.max(0, v);
    });
    out.push(point);
  }
  return out;
}

/** The last value of the first series: what a stat or gauge shows. */
export function sampleValue(key: string, unit: string, title: string): number {
  const s = sampleSeries(key, ['v'], unit, title);
  return s[s.length - 1]?.v ?? 0;
}
