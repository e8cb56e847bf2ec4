/** Numbers as the studio shows them: a ratio as a percent, spans in human units. */
import { formatNumber, humanDuration, seconds } from '../../core/index.ts';

/** 0.0072 → `0.72%`, 0.999 → `99.9%`. */
export function percent(ratio: number, digits = 4): string {
  return `${formatNumber(Number((ratio * 100).toPrecision(digits)))}%`;
}

export function human(secs: number): string {
  return humanDuration(seconds(secs));
}

export function minutes(mins: number): string {
  return `${formatNumber(Number(mins.toPrecision(4)))} min`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${formatNumber(Number((n / 1024).toFixed(1)))} KiB`;
  return `${formatNumber(Number((n / 1024 / 1024).toFixed(2)))} MiB`;
}

/** `page_fast` → `Page fast`. */
export function tierLabel(name: string): string {
  const s = name.replace(/_/g, ' ');
  return s[0]!.toUpperCase() + s.slice(1);
}

export { countLabel } from '../../core/index.ts';
