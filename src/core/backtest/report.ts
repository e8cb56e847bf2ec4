/**
 * What a backtest tells a person: the period and its evaluation step, the JSON shape `nthlayer
 * backtest --format json` prints (times RFC 3339, `end` null while an alert still fires), the
 * one-line verdict, the difference between two specs (`--compare`, review links) and how the
 * alerts met a list of known incidents (`--incidents`).
 */
import { parse } from 'yaml';
import { z } from 'zod';
import type { BurnTierName } from '../model/types.ts';
import { formatNumber, seconds, type Seconds } from '../units.ts';
import { iso, type BacktestEpisode, type EpisodeTier, type SloBacktest } from './engine.ts';

const MINUTE = 60;
const DAY = 86_400;
/** Prometheus refuses a query_range answer of more than 11,000 points per series. */
export const MAX_POINTS = 11_000;
/** Up to this period the step is the rules' evaluation interval, 1m; beyond it the step grows. */
const FULL_RESOLUTION_PERIOD = seconds(7 * DAY);
const STEPS = [1, 2, 5, 10, 15, 30, 60].map((m) => m * MINUTE);

/** 1m up to 7 days; beyond, the smallest of 2m, 5m, 10m … 1h that keeps the evaluations at 7 days of minutes. */
export function defaultStep(period: Seconds): Seconds {
  const budget = FULL_RESOLUTION_PERIOD / MINUTE;
  return seconds(STEPS.find((s) => period / s <= budget) ?? STEPS[STEPS.length - 1]!);
}

/** Splits [start, end] into query_range calls of at most `maxPoints` points each. */
export function chunkRange(start: number, end: number, step: number, maxPoints = MAX_POINTS): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const span = (maxPoints - 1) * step;
  for (let s = start; s <= end; s += span + step) out.push({ start: s, end: Math.min(end, s + span) });
  return out;
}

export interface BacktestReport {
  service: string;
  from: number;
  to: number;
  step: Seconds;
  /** HTTP requests sent to Prometheus. */
  requests: number;
  slos: SloBacktest[];
}

export interface EpisodeJson {
  tier: EpisodeTier;
  severity: string;
  start: string;
  end: string | null;
  peakBurn: number | null;
  notification: BacktestEpisode['notification'];
  notified: boolean;
  mutedBy: BurnTierName[];
  burnStart: string | null;
  detectionSeconds: number | null;
}

export interface SloBacktestJson {
  slo: string;
  status: SloBacktest['status'];
  message?: string;
  episodes: EpisodeJson[];
  pages: number | null;
  tickets: number | null;
  pagesPerWeek: number | null;
  ticketsPerWeek: number | null;
  budgetRemaining: number | null;
  coverage: number;
}

export interface BacktestJson {
  service: string;
  from: string;
  to: string;
  stepSeconds: number;
  requests: number;
  slos: SloBacktestJson[];
}

const round = (n: number, digits: number): number => Number(formatNumber(Number(n.toFixed(digits))));

/** Time from the start of the burn (or data gap) to the alert, when the start can be told. */
export function detectionSeconds(e: BacktestEpisode): number | undefined {
  return e.burnStart === undefined ? undefined : e.start - e.burnStart;
}

export function perWeek(count: number, from: number, to: number): number {
  return round((count * 7 * DAY) / Math.max(to - from, MINUTE), 2);
}

export function episodeJson(e: BacktestEpisode): EpisodeJson {
  const detection = detectionSeconds(e);
  return {
    tier: e.tier,
    severity: e.severity,
    start: iso(e.start),
    end: e.end === undefined ? null : iso(e.end),
    peakBurn: e.peakBurn === undefined ? null : round(e.peakBurn, 2),
    notification: e.notification,
    notified: e.notified,
    mutedBy: e.mutedBy,
    burnStart: e.burnStart === undefined ? null : iso(e.burnStart),
    detectionSeconds: detection ?? null,
  };
}

export function backtestJson(r: BacktestReport): BacktestJson {
  return {
    service: r.service,
    from: iso(r.from),
    to: iso(r.to),
    stepSeconds: r.step,
    requests: r.requests,
    slos: r.slos.map((s) => ({
      slo: s.slo,
      status: s.status,
      ...(s.message ? { message: s.message } : {}),
      episodes: s.episodes.map(episodeJson),
      pages: s.pages ?? null,
      tickets: s.tickets ?? null,
      pagesPerWeek: s.pages === undefined ? null : perWeek(s.pages, r.from, r.to),
      ticketsPerWeek: s.tickets === undefined ? null : perWeek(s.tickets, r.from, r.to),
      budgetRemaining: s.budgetRemaining === undefined ? null : round(s.budgetRemaining, 6),
      coverage: round(s.coverage, 4),
    })),
  };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "3 pages, 5 tickets in 30 days" (or why there is no answer). */
export function verdict(s: SloBacktest, from: number, to: number): string {
  if (s.status === 'no_data') return 'no data in the period';
  const days = formatNumber(Math.round(((to - from) / DAY) * 10) / 10);
  return `${plural(s.pages ?? 0, 'page')}, ${plural(s.tickets ?? 0, 'ticket')} in ${days} days`;
}

/** Median time from burn start to alert, over the notified pages and tickets that began in the period. */
function medianDetection(s: SloBacktest, from: number): number | undefined {
  const d = s.episodes
    .filter((e) => e.notified && e.start >= from && e.notification !== 'none')
    .map(detectionSeconds)
    .filter((x): x is number => x !== undefined)
    .sort((a, b) => a - b);
  if (d.length === 0) return undefined;
  const mid = Math.floor(d.length / 2);
  return d.length % 2 ? d[mid]! : (d[mid - 1]! + d[mid]!) / 2;
}

export interface SloComparison {
  slo: string;
  /** Present in the base spec, the other spec, or both. */
  in: 'both' | 'base' | 'other';
  base?: { pages: number | null; tickets: number | null; medianDetectionSeconds: number | null; status: SloBacktest['status'] };
  other?: { pages: number | null; tickets: number | null; medianDetectionSeconds: number | null; status: SloBacktest['status'] };
  pagesDelta: number | null;
  ticketsDelta: number | null;
  /** Episodes (tier@start) only one side fires. */
  onlyBase: string[];
  onlyOther: string[];
}

/** What changes in on-call load between two backtests over the same period, SLO by SLO. */
export function compareBacktests(base: BacktestReport, other: BacktestReport): SloComparison[] {
  const names = [...new Set([...base.slos.map((s) => s.slo), ...other.slos.map((s) => s.slo)])];
  const side = (r: BacktestReport, s: SloBacktest | undefined) =>
    s && {
      pages: s.pages ?? null,
      tickets: s.tickets ?? null,
      medianDetectionSeconds: medianDetection(s, r.from) ?? null,
      status: s.status,
    };
  const keys = (s: SloBacktest | undefined): Set<string> =>
    new Set((s?.episodes ?? []).filter((e) => e.notified).map((e) => `${e.tier}@${iso(e.start)}`));
  return names.map((slo) => {
    const a = base.slos.find((s) => s.slo === slo);
    const b = other.slos.find((s) => s.slo === slo);
    const ka = keys(a);
    const kb = keys(b);
    const delta = (x: number | undefined, y: number | undefined): number | null => (x === undefined || y === undefined ? null : y - x);
    return {
      slo,
      in: a && b ? 'both' : a ? 'base' : 'other',
      ...(a ? { base: side(base, a)! } : {}),
      ...(b ? { other: side(other, b)! } : {}),
      pagesDelta: delta(a?.pages, b?.pages),
      ticketsDelta: delta(a?.tickets, b?.tickets),
      onlyBase: [...ka].filter((k) => !kb.has(k)),
      onlyOther: [...kb].filter((k) => !ka.has(k)),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Incidents
// ---------------------------------------------------------------------------------------------

const TIME = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const ms = v instanceof Date ? v.getTime() : Date.parse(v);
  if (Number.isNaN(ms) || (typeof v === 'string' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v))) {
    ctx.addIssue({ code: 'custom', message: 'expected an RFC 3339 time such as 2026-11-14T10:00:00Z' });
    return z.NEVER;
  }
  return ms / 1000;
});
const Incident = z
  .strictObject({ name: z.string().min(1).max(200), start: TIME, end: TIME })
  .refine((i) => i.end > i.start, { message: 'end must be after start' });
const IncidentList = z.array(Incident);
const IncidentsDoc = z.strictObject({ incidents: IncidentList });

export interface Incident {
  name: string;
  start: number;
  end: number;
}

/** Reads an incidents file: a YAML or JSON list of {name, start, end} (or {incidents: [...]}). */
export function parseIncidents(text: string): { ok: true; incidents: Incident[] } | { ok: false; error: string } {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    return { ok: false, error: `not YAML or JSON: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
  // Chosen by shape (a list, or {incidents: [...]}), so an error points into the list rather than at "the file".
  const r = Array.isArray(doc) ? IncidentList.safeParse(doc) : IncidentsDoc.transform((o) => o.incidents).safeParse(doc);
  if (!r.success) {
    const issue = r.error.issues[0];
    const at = issue?.path.length ? issue.path.join('.') : 'the file';
    return { ok: false, error: `${at}: ${issue?.message ?? 'invalid'} (expected a list of {name, start, end} with RFC 3339 times)` };
  }
  return { ok: true, incidents: r.data };
}

export interface IncidentMatch {
  incident: string;
  /** When the first episode of the tier overlapping the incident fired; undefined = missed. */
  detectedAt?: number;
  /** From the incident's start to that (0 when the alert already fired). */
  detectionSeconds?: number;
}

export interface TierIncidents {
  tier: EpisodeTier;
  matches: IncidentMatch[];
  /** Episodes of the tier that overlap no incident (noise, or an incident nobody wrote down). */
  unmatched: BacktestEpisode[];
}

const overlaps = (e: BacktestEpisode, i: Incident, to: number): boolean => e.start <= i.end && (e.end ?? to + 1) > i.start;

/** Per tier: which incidents its alerts caught and how fast, and which of its episodes matched none. */
export function matchIncidents(s: SloBacktest, incidents: Incident[], to: number): TierIncidents[] {
  const tiers: EpisodeTier[] = [
    ...s.chart.tiers.map((t) => t.tier),
    ...(s.episodes.some((e) => e.tier === 'no_data') ? ['no_data' as const] : []),
  ];
  return tiers.map((tier) => {
    const episodes = s.episodes.filter((e) => e.tier === tier);
    const matches = incidents.map((inc): IncidentMatch => {
      const hit = episodes.find((e) => overlaps(e, inc, to));
      return hit
        ? { incident: inc.name, detectedAt: hit.start, detectionSeconds: Math.max(0, hit.start - inc.start) }
        : { incident: inc.name };
    });
    return { tier, matches, unmatched: episodes.filter((e) => !incidents.some((inc) => overlaps(e, inc, to))) };
  });
}

/** The evaluations of a period ending at `until`: `to` on the step's grid, `from` a whole number of steps before. */
export function backtestPeriod(until: number, since: Seconds, step: Seconds): { from: number; to: number; step: Seconds } {
  const to = Math.floor(until / step) * step;
  return { from: to - Math.ceil(since / step) * step, to, step };
}
