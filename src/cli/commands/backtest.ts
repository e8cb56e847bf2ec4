/**
 * `nthlayer backtest`: what the spec's alerts would have done over a past period, replayed from
 * the raw SLI series in Prometheus (no rules need to be deployed). Exit 0 answered, 1 an SLO had
 * no data in the period, 64 bad option, 65 bad incidents file or an SLI with several series, 66
 * unreadable file, 69 Prometheus unreachable or answering garbage.
 */
import {
  backtestJson,
  backtestPeriod,
  type BacktestReport,
  compareBacktests,
  defaultStep,
  detectionSeconds,
  formatDuration,
  formatNumber,
  humanDuration,
  type Incident,
  iso,
  matchIncidents,
  parseDuration,
  parseIncidents,
  perWeek,
  seconds,
  type Seconds,
  type ServiceModel,
  type SloComparison,
  verdict,
} from '../../core/index.ts';
import { newBacktestCache, runBacktest, type BacktestError, type BacktestPeriod } from '../../live/backtest.ts';
import { EXIT } from '../exit-codes.ts';
import { CliError, readText } from '../load.ts';
import { paint, type Io } from '../output.ts';
import { cliPromClient, promFailure, type PromFlags } from '../prom.ts';
import { compiled } from './live.ts';

export interface BacktestOptions extends PromFlags {
  env?: string;
  since?: string;
  until?: string;
  step?: string;
  format?: 'table' | 'json';
  compare?: string;
  incidents?: string;
}

const MAX_PERIOD = seconds(400 * 86_400);

function durationOption(name: string, text: string, min: number, max: number): Seconds {
  const d = parseDuration(text);
  if (d === undefined || d < min || d > max || !Number.isInteger(d)) {
    throw new CliError(
      `--${name} must be a duration between ${formatDuration(seconds(min))} and ${formatDuration(seconds(max))} in whole seconds, not ${JSON.stringify(text)}`,
      EXIT.usage,
      `e.g. --${name} ${name === 'step' ? '1m' : '30d'}`,
    );
  }
  return d;
}

/** --until: RFC 3339 (2026-11-30T00:00:00Z) or Unix seconds. */
function untilOption(text: string | undefined): number {
  if (text === undefined) return Math.floor(Date.now() / 1000);
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms))
    throw new CliError(
      `--until must be an RFC 3339 time or Unix seconds, not ${JSON.stringify(text)}`,
      EXIT.usage,
      'e.g. --until 2026-11-30T00:00:00Z',
    );
  return ms / 1000;
}

function failure(e: BacktestError, url: string): CliError {
  if (e.kind === 'sli')
    return new CliError(e.message, EXIT.dataError, 'the backtest replays one SLI series per SLO, as the recording rules record it');
  return promFailure(e, url);
}

function readIncidents(file: string): Incident[] {
  const r = parseIncidents(readText(file));
  if (!r.ok)
    throw new CliError(
      `${file}: ${r.error}`,
      EXIT.dataError,
      'write a list like: - {name: db-outage, start: 2026-11-14T10:00:00Z, end: 2026-11-14T11:00:00Z}',
    );
  return r.incidents;
}

export async function backtestCommand(file: string, opts: BacktestOptions, io: Io): Promise<number> {
  const model = compiled(file, opts.env, io).model!;
  const other = opts.compare ? compiled(opts.compare, opts.env, io).model! : undefined;
  const incidents = opts.incidents ? readIncidents(opts.incidents) : undefined;
  const since = durationOption('since', opts.since ?? '30d', 300, MAX_PERIOD);
  const step = opts.step ? durationOption('step', opts.step, 1, 3600) : defaultStep(since);
  if (since / step > 400_000)
    throw new CliError(`--since ${opts.since} at --step ${opts.step} is more than 400,000 evaluations`, EXIT.usage, 'use a coarser --step');
  const period: BacktestPeriod = backtestPeriod(untilOption(opts.until), since, step);
  if (model.slos.length === 0) {
    // The same shape as with SLOs, nothing asked of Prometheus.
    if (opts.format === 'json') io.out(JSON.stringify(backtestJson({ service: model.name, ...period, requests: 0, slos: [] }), null, 2));
    else io.out(`${model.name}: no SLOs, nothing to backtest`);
    return EXIT.ok;
  }
  const { client, url } = cliPromClient(opts);
  const cache = newBacktestCache();
  const base = await runBacktest(client, model, period, cache);
  if (!base.ok) throw failure(base.error, url);
  const compared = other ? await runBacktest(client, other, period, cache) : undefined;
  if (compared && !compared.ok) throw failure(compared.error, url);
  const otherReport = compared?.ok ? compared.run.report : undefined;
  const report = base.run.report;
  const requests = client.requestCount();
  const differences = otherReport ? compareBacktests(report, otherReport) : undefined;

  if (opts.format === 'json') {
    const json = backtestJson({ ...report, requests });
    const withIncidents = incidents
      ? {
          ...json,
          slos: json.slos.map((s, i) => ({
            ...s,
            incidents: matchIncidents(report.slos[i]!, incidents, report.to).map((t) => ({
              tier: t.tier,
              detected: t.matches
                .filter((m) => m.detectedAt !== undefined)
                .map((m) => ({ incident: m.incident, at: iso(m.detectedAt!), detectionSeconds: m.detectionSeconds! })),
              missed: t.matches.filter((m) => m.detectedAt === undefined).map((m) => m.incident),
              unmatched: t.unmatched.map((e) => ({ start: iso(e.start), end: e.end === undefined ? null : iso(e.end) })),
            })),
          })),
        }
      : json;
    io.out(
      JSON.stringify(
        {
          ...withIncidents,
          prometheus: url,
          ...(otherReport ? { compare: { spec: opts.compare, ...backtestJson({ ...otherReport, requests }), differences } } : {}),
        },
        null,
        2,
      ),
    );
  } else {
    printReport(io, model, report, url, requests, base.run.prometheusVersion);
    if (incidents) printIncidents(io, report, incidents);
    if (otherReport && differences) printComparison(io, opts.compare!, otherReport, differences);
  }
  const noData = [...report.slos, ...(otherReport?.slos ?? [])].some((s) => s.status === 'no_data');
  return noData ? EXIT.failed : EXIT.ok;
}

const pct = (r: number): string => `${formatNumber(Math.round(r * 10_000) / 100)}%`;
const burn = (b: number | undefined): string => (b === undefined ? '' : `${formatNumber(Math.round(b * 10) / 10)}×`);

function printReport(io: Io, model: ServiceModel, r: BacktestReport, url: string, requests: number, version: string | undefined): void {
  const days = formatNumber(Math.round(((r.to - r.from) / 86_400) * 10) / 10);
  io.out(
    `${paint(io, 'bold', model.name)}: backtest from ${iso(r.from)} to ${iso(r.to)} (${days} days, every ${formatDuration(r.step)}; ${requests} requests to ${url}${version ? `, Prometheus ${version}` : ''})`,
  );
  if (r.step > 60)
    io.out(
      paint(
        io,
        'dim',
        `  evaluations every ${formatDuration(r.step)}, not the rules' 1m: times are good to ${formatDuration(r.step)} and alerts shorter than that may be missed (--step 1m for the rules' own resolution)`,
      ),
    );
  for (const s of r.slos) {
    const slo = model.slos.find((x) => x.name === s.slo)!;
    const head = `  ${paint(io, 'bold', s.slo)} (${formatNumber(slo.objectivePercent)}% over ${formatDuration(slo.window)})`;
    if (s.status === 'no_data') {
      io.out(`${head}: ${paint(io, 'yellow', s.message ?? 'no data in the period')}`);
      continue;
    }
    const weekly = `${formatNumber(perWeek(s.pages ?? 0, r.from, r.to))} pages/week, ${formatNumber(perWeek(s.tickets ?? 0, r.from, r.to))} tickets/week`;
    io.out(
      `${head}: ${verdict(s, r.from, r.to)} (${weekly})${s.budgetRemaining !== undefined ? `; budget left ${pct(s.budgetRemaining)}` : ''}`,
    );
    if (s.coverage < 1) io.out(paint(io, 'yellow', `    SLI data for ${pct(s.coverage)} of the period`));
    if (s.episodes.length === 0) continue;
    const rows = s.episodes.map((e) => {
      const d = detectionSeconds(e);
      const note = !e.notified
        ? `muted by ${e.mutedBy.join(', ')}`
        : e.mutedBy.length
          ? `partly muted by ${e.mutedBy.join(', ')}`
          : e.notification === 'none'
            ? 'reaches no one (info)'
            : '';
      return [
        e.tier,
        e.severity,
        iso(e.start),
        e.end === undefined ? 'still firing' : iso(e.end),
        burn(e.peakBurn),
        d === undefined ? '' : humanDuration(seconds(d)),
        note,
      ];
    });
    table(io, ['tier', 'severity', 'fired', 'resolved', 'peak', 'after burn start', 'note'], rows);
  }
}

function table(io: Io, head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    `    ${cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()}`;
  io.out(paint(io, 'dim', line(head)));
  for (const r of rows) io.out(line(r));
}

function printIncidents(io: Io, r: BacktestReport, incidents: Incident[]): void {
  io.out(`Incidents (${incidents.length}):`);
  for (const s of r.slos) {
    if (s.status === 'no_data') continue;
    io.out(`  ${s.slo}:`);
    for (const t of matchIncidents(s, incidents, r.to)) {
      const hit = t.matches.filter((m) => m.detectedAt !== undefined);
      const missed = t.matches.filter((m) => m.detectedAt === undefined).map((m) => m.incident);
      io.out(
        `    ${t.tier.padEnd(11)} detected ${hit.length}/${incidents.length}` +
          `${hit.length ? ` (${hit.map((m) => `${m.incident} after ${humanDuration(seconds(m.detectionSeconds!))}`).join(', ')})` : ''}` +
          `${missed.length ? `; missed: ${missed.join(', ')}` : ''}` +
          `${t.unmatched.length ? `; ${t.unmatched.length} episode(s) matched no incident (${t.unmatched.map((e) => iso(e.start)).join(', ')})` : ''}`,
      );
    }
  }
}

function printComparison(io: Io, file: string, other: BacktestReport, diffs: SloComparison[]): void {
  io.out(`Compared with ${file} (${other.service}):`);
  const n = (v: number | null | undefined): string => (v === null || v === undefined ? 'no data' : String(v));
  const sign = (d: number | null): string => (d === null ? '' : ` (${d > 0 ? '+' : d < 0 ? '−' : '±'}${Math.abs(d)})`);
  const det = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : humanDuration(seconds(v)));
  for (const d of diffs) {
    if (d.in !== 'both') {
      io.out(`  ${d.slo}: only in ${d.in === 'base' ? 'the base spec' : file}`);
      continue;
    }
    io.out(
      `  ${d.slo}: pages ${n(d.base?.pages)} → ${n(d.other?.pages)}${sign(d.pagesDelta)}, tickets ${n(d.base?.tickets)} → ${n(d.other?.tickets)}${sign(d.ticketsDelta)}, ` +
        `median detection ${det(d.base?.medianDetectionSeconds)} → ${det(d.other?.medianDetectionSeconds)}`,
    );
    if (d.onlyBase.length) io.out(`    no longer fired: ${d.onlyBase.join(', ')}`);
    if (d.onlyOther.length) io.out(`    newly fired: ${d.onlyOther.join(', ')}`);
  }
}
