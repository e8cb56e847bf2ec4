/** Formats a value the way Grafana does for the units our dashboards use; unknown units fall back to a number. */

function trim(n: number, decimals: number): string {
  return Number(n.toFixed(decimals)).toString();
}

function scaled(value: number, steps: readonly [number, string][], decimals: number): string {
  let [size, suffix] = steps[0]!;
  for (const [s, name] of steps) if (Math.abs(value) >= s) [size, suffix] = [s, name];
  return `${trim(value / size, decimals)} ${suffix}`.trim();
}

const TIME: [number, string][] = [
  [1e-9, 'ns'],
  [1e-6, 'µs'],
  [1e-3, 'ms'],
  [1, 's'],
  [60, 'min'],
  [3600, 'hour'],
  [86400, 'day'],
];
const BYTES: [number, string][] = [
  [1, 'B'],
  [1024, 'KiB'],
  [1024 ** 2, 'MiB'],
  [1024 ** 3, 'GiB'],
  [1024 ** 4, 'TiB'],
];
const SHORT: [number, string][] = [
  [1, ''],
  [1e3, 'K'],
  [1e6, 'Mil'],
  [1e9, 'Bil'],
  [1e12, 'Tri'],
];

export function formatValue(value: number, unit: string, decimals?: number): string {
  if (!Number.isFinite(value)) return String(value);
  const d = decimals ?? 2;
  switch (unit) {
    case 'percent':
      return `${trim(value, d)}%`;
    case 'percentunit':
      return `${trim(value * 100, d)}%`;
    case 's':
      return scaled(value, TIME, d);
    case 'ms':
      return scaled(value / 1000, TIME, d);
    case 'µs':
    case 'us':
      return scaled(value / 1e6, TIME, d);
    case 'ns':
      return scaled(value / 1e9, TIME, d);
    case 'bytes':
    case 'decbytes':
      return scaled(value, BYTES, d);
    case 'reqps':
      return `${scaled(value, SHORT, d)} req/s`.replace('  ', ' ');
    case 'ops':
      return `${scaled(value, SHORT, d)} ops/s`.replace('  ', ' ');
    case 'rps':
      return `${scaled(value, SHORT, d)} rd/s`.replace('  ', ' ');
    case 'wps':
      return `${scaled(value, SHORT, d)} wr/s`.replace('  ', ' ');
    case 'none':
      return trim(value, d);
    case 'short':
    case '':
      return scaled(value, SHORT, d);
    default:
      // Grafana's custom units: `suffix:x` / `prefix:x`.
      if (unit.startsWith('suffix:')) return `${trim(value, d)}${unit.slice(7)}`;
      if (unit.startsWith('prefix:')) return `${unit.slice(7)}${trim(value, d)}`;
      return `${trim(value, d)} ${unit}`;
  }
}

const LABELS: Record<string, string> = {
  percentunit: '%',
  percent: '%',
  reqps: 'req/s',
  ops: 'ops/s',
  rps: 'reads/s',
  wps: 'writes/s',
  s: 'seconds',
  ms: 'ms',
  bytes: 'bytes',
  decbytes: 'bytes',
  short: '',
  none: '',
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
export function axisFor(
  values: Iterable<number>,
  unit: string,
  opts: { min?: number | undefined; max?: number | undefined; decimals?: number | undefined } = {},
): Axis {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) {
    lo = 0;
    hi = 1;
  }
  const allNonNegative = lo >= 0;
  if (opts.min !== undefined) lo = opts.min;
  if (opts.max !== undefined) hi = opts.max;
  if (hi <= lo) {
    const pad = Math.abs(lo) * 0.05 || 1;
    if (opts.min === undefined) lo -= pad;
    if (opts.max === undefined || hi <= lo) hi = lo + 2 * pad;
  }
  const step = niceStepFor(unit, (hi - lo) / 4);
  // A line lying on the lowest value (an SLI's objective) stays visible above the x axis.
  if (opts.min === undefined) lo = Math.floor((lo - (hi - lo) * 0.02) / step) * step;
  if (opts.max === undefined) hi = Math.ceil(hi / step) * step;
  if (allNonNegative && opts.min === undefined && lo < 0) lo = 0;
  const shown = step * (DISPLAY_FACTOR[unit] ?? 1);
  const needed = Math.min(6, Math.max(0, Math.ceil(-Math.log10(shown) - 1e-9)));
  const domain: [number, number] = [roundTo(lo, step), roundTo(hi, step)];
  const ticks: number[] = [];
  for (let k = Math.ceil(domain[0] / step - 1e-9); k * step <= domain[1] + step * 1e-9 && ticks.length < 12; k++)
    ticks.push(roundTo(k * step, step));
  // Byte ticks print in the unit of their own size (1.25 GiB after 1 GiB): enough decimals that each reads exactly.
  const bytesNeeded = unit === 'bytes' || unit === 'decbytes' ? Math.max(0, ...ticks.map((t) => exactDecimals(t, BYTES))) : 0;
  return { domain, ticks, decimals: Math.max(opts.decimals ?? 1, needed, bytesNeeded) };
}

/** The fewest decimals (at most 3) that print `value` exactly in the unit `scaled` picks for it. */
function exactDecimals(value: number, steps: readonly [number, string][]): number {
  let size = steps[0]![0];
  for (const [s] of steps) if (Math.abs(value) >= s) size = s;
  const v = value / size;
  for (let d = 0; d < 3; d++) if (Math.abs(Number(v.toFixed(d)) - v) < 1e-9) return d;
  return 3;
}

/** Round steps in the unit's own scale: 1-2-5 for numbers, powers of 1024 for bytes, clock steps for time. */
export function niceStepFor(unit: string, rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  if (unit === 'bytes' || unit === 'decbytes') {
    // 1, 2, 4 … 512 of the largest binary unit below the step: 256 MiB, 1 GiB, never 200 MiB.
    const scale = 1024 ** Math.max(0, Math.floor(Math.log(rough) / Math.log(1024)));
    return 2 ** Math.ceil(Math.log2(rough / scale)) * scale;
  }
  const toSeconds = TIME_UNIT_SECONDS[unit];
  if (toSeconds !== undefined) {
    const secs = rough * toSeconds;
    const step = CLOCK_STEPS.find((c) => c >= secs);
    if (step !== undefined && secs >= 1) return step / toSeconds;
    if (secs > CLOCK_STEPS[CLOCK_STEPS.length - 1]!) return (Math.ceil(secs / 86_400) * 86_400) / toSeconds;
  }
  return niceStep(rough);
}

/** Seconds in one of a time unit. */
const TIME_UNIT_SECONDS: Record<string, number> = { s: 1, ms: 1e-3, µs: 1e-6, us: 1e-6, ns: 1e-9 };
/** Steps a clock is read in: 1, 2, 5, 10, 15, 30 s; 1, 2, 5, 10, 15, 30 min; 1, 2, 3, 6, 12 h; 1 d. */
const CLOCK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];

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

/** Time axis ticks at round clock times between `start` and `end` (epoch seconds), about `count` of them. */
export function clockTicks(start: number, end: number, count = 5): number[] {
  const rough = (end - start) / count;
  const step = CLOCK_STEPS.find((c) => c >= rough) ?? Math.ceil(rough / 86_400) * 86_400;
  // Steps of a day or more start at local midnight; shorter ones at multiples of the step in local time.
  const offset = new Date(start * 1000).getTimezoneOffset() * 60;
  const first = Math.ceil((start - offset) / step) * step + offset;
  const out: number[] = [];
  for (let t = first; t <= end + 1e-6 && out.length < 50; t += step) out.push(t);
  return out;
}

/** `14:05`, or `3 Dec` for ticks a day apart: how a clock-time axis labels epoch seconds. */
export function formatClock(t: number, spanSeconds: number): string {
  const d = new Date(t * 1000);
  if (spanSeconds > 2 * 86_400) return d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
  return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** `14:05:30` for a tooltip. */
export function formatClockLong(t: number): string {
  return new Date(t * 1000).toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}
