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
