/** Formats a value the way Grafana does for the units our dashboards use; unknown units fall back to a number. */

function trim(n: number, decimals: number): string {
  return Number(n.toFixed(decimals)).toString();
}

function scaled(value: number, steps: readonly [number, string][], decimals: number): string {
  let [size, suffix] = steps[0]!;
  for (const [s, name] of steps) if (Math.abs(value) >= s) [size, suffix] = [s, name];
  return `${trim(value / size, decimals)} ${suffix}`.trim();
}

const TIME: [number, string][] = [[1e-9, 'ns'], [1e-6, 'µs'], [1e-3, 'ms'], [1, 's'], [60, 'min'], [3600, 'hour'], [86400, 'day']];
const BYTES: [number, string][] = [[1, 'B'], [1024, 'KiB'], [1024 ** 2, 'MiB'], [1024 ** 3, 'GiB'], [1024 ** 4, 'TiB']];
const SHORT: [number, string][] = [[1, ''], [1e3, 'K'], [1e6, 'Mil'], [1e9, 'Bil'], [1e12, 'Tri']];

export function formatValue(value: number, unit: string, decimals?: number): string {
  if (!Number.isFinite(value)) return String(value);
  const d = decimals ?? 2;
  switch (unit) {
    case 'percent': return `${trim(value, d)}%`;
    case 'percentunit': return `${trim(value * 100, d)}%`;
    case 's': return scaled(value, TIME, d);
    case 'ms': return scaled(value / 1000, TIME, d);
    case 'µs': case 'us': return scaled(value / 1e6, TIME, d);
    case 'ns': return scaled(value / 1e9, TIME, d);
    case 'bytes': case 'decbytes': return scaled(value, BYTES, d);
    case 'reqps': return `${scaled(value, SHORT, d)} req/s`.replace('  ', ' ');
    case 'ops': return `${scaled(value, SHORT, d)} ops/s`.replace('  ', ' ');
    case 'rps': return `${scaled(value, SHORT, d)} rd/s`.replace('  ', ' ');
    case 'wps': return `${scaled(value, SHORT, d)} wr/s`.replace('  ', ' ');
    case 'none': return trim(value, d);
    case 'short': case '': return scaled(value, SHORT, d);
    default:
      // Grafana's custom units: `suffix:x` / `prefix:x`.
      if (unit.startsWith('suffix:')) return `${trim(value, d)}${unit.slice(7)}`;
      if (unit.startsWith('prefix:')) return `${unit.slice(7)}${trim(value, d)}`;
      return `${trim(value, d)} ${unit}`;
  }
}

/** A plausible magnitude for sample data in a unit, so sample charts look like real ones. */
export function sampleScale(unit: string, title: string): { base: number; spread: number } {
  const t = title.toLowerCase();
  if (unit === 'percentunit') return t.includes('budget') ? { base: 0.7, spread: 0.2 } : t.includes('error') ? { base: 0.002, spread: 0.002 } : { base: 0.995, spread: 0.004 };
  if (unit === 'percent') return t.includes('budget') ? { base: 70, spread: 20 } : t.includes('error') ? { base: 0.2, spread: 0.2 } : { base: 99.5, spread: 0.4 };
  if (unit === 's') return { base: 0.25, spread: 0.15 };
  if (unit === 'ms') return { base: 250, spread: 150 };
  if (unit === 'bytes' || unit === 'decbytes') return { base: 5e8, spread: 2e8 };
  if (unit === 'reqps' || unit === 'ops') return { base: 120, spread: 60 };
  if (t.includes('burn')) return { base: 1, spread: 0.8 };
  return { base: 50, spread: 25 };
}

const LABELS: Record<string, string> = {
  percentunit: '%', percent: '%', reqps: 'req/s', ops: 'ops/s', rps: 'reads/s', wps: 'writes/s',
  s: 'seconds', ms: 'ms', bytes: 'bytes', decbytes: 'bytes', short: '', none: '',
};

/** How a panel header names its unit (`percentunit` → `%`; nothing for plain numbers). */
export function unitLabel(unit: string): string {
  if (unit in LABELS) return LABELS[unit]!;
  if (unit.startsWith('suffix:') || unit.startsWith('prefix:')) return unit.slice(7);
  return unit;
}

/** How many times a unit's formatter multiplies a value before printing it (only `percentunit` does). */
const DISPLAY_FACTOR: Record<string, number> = { percentunit: 100 };

export interface Axis {
  domain: [number, number];
  /** Evenly spaced at a 1-2-5 step, so tick labels are round numbers. */
  ticks: number[];
  /** Enough decimals that neighbouring ticks print differently (formatValue trims trailing zeros). */
  decimals: number;
}

/**
 * A y axis the way Grafana scales one: from the data (and drawn threshold lines), not from zero,
 * unless the panel fixes min or max. An SLI that lives between 99.9 % and 100 % fills the chart
 * instead of hugging its top edge.
 */
export function axisFor(values: Iterable<number>, unit: string, opts: { min?: number | undefined; max?: number | undefined; decimals?: number | undefined } = {}): Axis {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) { lo = 0; hi = 1; }
  const allNonNegative = lo >= 0;
  if (opts.min !== undefined) lo = opts.min;
  if (opts.max !== undefined) hi = opts.max;
  if (hi <= lo) {
    const pad = Math.abs(lo) * 0.05 || 1;
    if (opts.min === undefined) lo -= pad;
    if (opts.max === undefined || hi <= lo) hi = lo + 2 * pad;
  }
  const step = niceStep((hi - lo) / 4);
  // A line lying on the lowest value (an SLI's objective) stays visible above the x axis.
  if (opts.min === undefined) lo = Math.floor((lo - (hi - lo) * 0.02) / step) * step;
  if (opts.max === undefined) hi = Math.ceil(hi / step) * step;
  if (allNonNegative && opts.min === undefined && lo < 0) lo = 0;
  const shown = step * (DISPLAY_FACTOR[unit] ?? 1);
  const needed = Math.min(6, Math.max(0, Math.ceil(-Math.log10(shown) - 1e-9)));
  const domain: [number, number] = [roundTo(lo, step), roundTo(hi, step)];
  const ticks: number[] = [];
  for (let k = Math.ceil(domain[0] / step - 1e-9); k * step <= domain[1] + step * 1e-9 && ticks.length < 12; k++) ticks.push(roundTo(k * step, step));
  return { domain, ticks, decimals: Math.max(opts.decimals ?? 1, needed) };
}

/** 1, 2 or 5 times a power of ten: the step a person would pick for about `rough`. */
function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const f = rough / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

/** Removes floating-point dust (0.30000000000000004) from a bound that is a multiple of `step`. */
function roundTo(value: number, step: number): number {
  const digits = Math.min(12, Math.max(0, Math.ceil(-Math.log10(step)) + 2));
  return Number(value.toFixed(digits));
}
