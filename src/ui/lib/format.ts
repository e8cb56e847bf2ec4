/** Numbers as the studio shows them: a ratio as a percent, spans in human units. */
import { formatNumber, humanDuration, seconds } from '../../core/units.ts';

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

const PROPER: Record<string, string> = { 'open slo': 'OpenSLO', pagerduty: 'PagerDuty', slo: 'SLO', slos: 'SLOs', promql: 'PromQL', logql: 'LogQL' };

/** A count's key as words: `recordingRules` → `recording rules`, `openSloDocuments` → `OpenSLO documents`. */
export function countLabel(key: string): string {
  let words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  for (const [plain, proper] of Object.entries(PROPER)) words = words.replace(new RegExp(`\\b${plain}\\b`, 'g'), proper);
  return words;
}
