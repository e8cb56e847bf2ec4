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
/** One point a minute over the last hour, in minutes relative to "now" (no clock read). */
export function sampleSeries(key: string, names: readonly string[], unit: string, title: string): SamplePoint[] {
  const { base, spread } = sampleScale(unit, title);
  const walks = names.map((n, i) => ({ name: n, rnd: seeded(hash(`${key}:${n}:${i}`)), level: 0 }));
  const out: SamplePoint[] = [];
  for (let i = 0; i < SAMPLE_POINTS; i++) {
    const point: SamplePoint = { t: i - SAMPLE_POINTS + 1 };
    walks.forEach((w, j) => {
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
