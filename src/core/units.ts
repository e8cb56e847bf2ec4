/**
 * Units in the types. A percent typed by a user (`99.9`) is never a ratio (`0.999`), and a
 * duration is always seconds inside the model; brands make mixing them a compile error.
 */
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A share in 0..1, e.g. an objective of 0.999. */
export type Ratio = Brand<number, 'Ratio'>;
/** A share in 0..100 as users write it, e.g. `objective: 99.9`. */
export type Percent = Brand<number, 'Percent'>;
/** A span of time in whole or fractional seconds. */
export type Seconds = Brand<number, 'Seconds'>;

export const ratio = (n: number): Ratio => clean(n) as Ratio;
export const percent = (n: number): Percent => clean(n) as Percent;
export const seconds = (n: number): Seconds => n as Seconds;

export function percentToRatio(p: Percent): Ratio {
  return ratio(p / 100);
}

export function ratioToPercent(r: Ratio): Percent {
  return percent(r * 100);
}

/** 1 − objective, computed so that 99.9 % gives exactly 0.001 and not 0.0009999999999999432. */
export function errorBudgetRatio(objective: Ratio): Ratio {
  return ratio(1 - objective);
}

/**
 * Removes binary floating-point noise by rounding to 12 significant digits. Every number we
 * emit passes through here (directly or via {@link formatNumber}), so output is byte-stable.
 */
export function clean(n: number): number {
  if (!Number.isFinite(n) || n === 0) return n;
  return byValue(cleaned, n, cleanFresh);
}

/**
 * `fresh(n)` remembered by value: both conversions below go through decimal text, and a spec's
 * objectives, factors and windows repeat in every rule.
 */
function byValue<T>(cache: Map<number, T>, n: number, fresh: (n: number) => T): T {
  let v = cache.get(n);
  if (v === undefined) {
    v = fresh(n);
    if (cache.size >= 10_000) cache.clear();
    cache.set(n, v);
  }
  return v;
}

const cleaned = new Map<number, number>();

function cleanFresh(n: number): number {
  // Absolute rounding first removes cancellation noise (1 − 0.99999 = 0.00000999999999995),
  // then 12 significant digits remove relative noise on large values.
  const absolute = Math.abs(n) < 1e6 ? Number(n.toFixed(15)) : n;
  return absolute === 0 ? 0 : Number(absolute.toPrecision(12));
}

/** The one number formatter for generated files: `0.001`, `14.4`, `1`, never `1e-3` or float noise. */
export function formatNumber(n: number): string {
  return byValue(formatted, n, formatFresh);
}

const formatted = new Map<number, string>();

function formatFresh(n: number): string {
  const c = clean(n);
  if (!Number.isFinite(c)) throw new Error(`cannot format non-finite number ${n}`);
  if (Object.is(c, -0)) return '0';
  const s = String(c);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  // Expand exponent notation (1e-7 → 0.0000001) by moving the decimal point in the digits.
  const [, sign, lead, frac = '', expText] = m;
  const exp = Number(expText);
  const digits = `${lead}${frac}`;
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`.replace(/0+$/, '');
  return `${sign}${digits.padEnd(exp + 1, '0')}`;
}

const UNIT_SECONDS = { y: 31_536_000, w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1, ms: 0.001 } as const;
type DurationUnit = keyof typeof UNIT_SECONDS;
const UNIT_ORDER: DurationUnit[] = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
const DURATION_PATTERN = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Parses a Prometheus duration (`30d`, `1h30m`, `500ms`). Returns undefined when it is not one. */
export function parseDuration(text: string): Seconds | undefined {
  const m = DURATION_PATTERN.exec(text.trim());
  if (!m || text.trim() === '') return undefined;
  let total = 0;
  UNIT_ORDER.forEach((unit, i) => {
    const v = m[i + 1];
    if (v !== undefined) total += Number(v) * UNIT_SECONDS[unit];
  });
  return seconds(clean(total));
}

/**
 * Formats seconds as a Prometheus duration, largest unit first (`2592000` → `30d`, `5400` →
 * `1h30m`). Days are the largest unit: `28d` and `7d` read better in an SLO window than `4w`, `1w`.
 */
export function formatDuration(s: Seconds): string {
  // A spec has a few dozen durations, written on every rule and label: one string each.
  return s <= 0 ? '0s' : byValue(durationTexts, s, durationText);
}

const durationTexts = new Map<number, string>();

function durationText(s: number): string {
  let ms = Math.round(s * 1000);
  let out = '';
  for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
    const size = Math.round(UNIT_SECONDS[unit] * 1000);
    const n = Math.floor(ms / size);
    if (n > 0) {
      out += `${n}${unit}`;
      ms -= n * size;
    }
  }
  return out;
}

/** A human reading of a span: `43.2 min`, `50 h`, `2.1 d`. */
export function humanDuration(s: Seconds): string {
  const abs = Math.abs(s);
  if (abs < 120) return `${formatNumber(Math.round(s * 10) / 10)} s`;
  if (abs < 7200) return `${formatNumber(Math.round((s / 60) * 10) / 10)} min`;
  if (abs < 172_800) return `${formatNumber(Math.round((s / 3600) * 10) / 10)} h`;
  return `${formatNumber(Math.round((s / 86_400) * 10) / 10)} d`;
}
