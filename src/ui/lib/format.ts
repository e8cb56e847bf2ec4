/**
 * Numbers as the studio shows them: objectives and budgets exactly as the core computed them
 * (99.95%, 0.05%), other ratios and rates rounded the way a person reads them (0.47%, 0.93×),
 * spans in human units, and counts with the right plural.
 */
import { countLabel as coreCountLabel, formatNumber, humanDuration, seconds } from '../../core/index.ts';

/** An objective or error budget exactly: 0.9995 → `99.95%`, 0.0005 → `0.05%`. */
export function exactPercent(ratio: number): string {
  return `${formatNumber(ratio * 100)}%`;
}

/**
 * A measured or derived ratio rounded for reading: 2 significant digits below 1 % (0.004667 →
 * `0.47%`), 2 decimals below 10 % (`2.14%`), 1 decimal above (`14.4%`, `99.9%`).
 */
export function percent(ratio: number): string {
  const p = ratio * 100;
  if (!Number.isFinite(p)) return '—';
  const a = Math.abs(p);
  const rounded = a === 0 ? 0 : a < 1 ? Number(p.toPrecision(2)) : a < 10 ? Number(p.toFixed(2)) : Number(p.toFixed(1));
  return `${formatNumber(rounded)}%`;
}

/** An SLI near 100 %: as many decimals as its error ratio needs for two significant digits (`99.952%`). */
export function sliPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  const err = (1 - ratio) * 100;
  if (err <= 0) return '100%';
  return `${formatNumber(100 - Number(err.toPrecision(2)))}%`;
}

/** A burn rate or factor: `14.4×`, `0.93×`, `1×`. */
export function burn(x: number): string {
  if (!Number.isFinite(x)) return '—';
  return `${formatNumber(Number(x.toFixed(Math.abs(x) < 10 ? 2 : 1)))}×`;
}

export function human(secs: number): string {
  return humanDuration(seconds(secs));
}

/** Minutes to one decimal: `21.6 min`, `432 min`. */
export function minutes(mins: number): string {
  return `${formatNumber(Math.round(mins * 10) / 10)} min`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${formatNumber(Number((n / 1024).toFixed(1)))} KiB`;
  return `${formatNumber(Number((n / 1024 / 1024).toFixed(2)))} MiB`;
}

/** `1 metric`, `3 metrics`; `plural(2, 'query', 'queries')`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `page_fast` → `Page fast`. */
export function tierLabel(name: string): string {
  const s = name.replace(/_/g, ' ');
  return s[0]!.toUpperCase() + s.slice(1);
}

const labels = new Map<string, string>();
/**
 * The core's `countLabel`, remembered per key: the plan table asks for the same few keys on every
 * preview, and each call builds its regular expressions anew.
 */
export function countLabel(key: string): string {
  let label = labels.get(key);
  if (label === undefined) {
    label = coreCountLabel(key);
    labels.set(key, label);
  }
  return label;
}
