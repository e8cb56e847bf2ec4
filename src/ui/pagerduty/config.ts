/** Reading `pagerduty-config.json` text for the PagerDuty tab, without trusting its shape. */
import { type PagerDutyConfig } from '../../core/index.ts';

export type { PagerDutyConfig };

/** The parsed config, or undefined when the text is not JSON or not a pagerduty-config.json. */
export function parsePagerDutyConfig(text: string): PagerDutyConfig | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Partial<PagerDutyConfig>;
  const steps = v.escalation?.steps;
  if (typeof v.service !== 'string' || typeof v.team !== 'string' || !Array.isArray(steps) || !Array.isArray(v.resources)) return undefined;
  if (!steps.every((s) => typeof s?.delayMinutes === 'number' && typeof s.startsAtMinute === 'number' && typeof s.schedule === 'string'))
    return undefined;
  return v as PagerDutyConfig;
}

/** `5 min`, `1 h`, `1 h 30 min`, `4 h`. */
export function minutesText(total: number): string {
  if (total < 60) return `${total} min`;
  const h = Math.floor(total / 60);
  const m = total % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** Seconds as `30 min`, `4 h`, or `off` for null. */
export function timeoutText(seconds: number | null): string {
  return seconds === null ? 'off' : minutesText(Math.round(seconds / 60));
}
