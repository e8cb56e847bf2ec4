/**
 * Backtest data from Prometheus: per SLO one `query_range` per time chunk over the raw series its
 * rules read (core/backtest/plan.ts), split to stay under Prometheus's 11,000 points per series,
 * then the core engine replays the alerts. Nothing needs to be deployed. Identical queries (the
 * same SLI in two specs under --compare) are asked once.
 */
import {
  type BacktestData,
  backtestPlan,
  type BacktestReport,
  backtestSlo,
  chunkRange,
  combinedQuery,
  type Seconds,
  SERIES_LABEL,
  type ServiceModel,
} from '../core/index.ts';
import type { PromClient, PromError } from '../prom/client.ts';

export interface BacktestPeriod {
  /** First and last evaluation (Unix seconds, multiples of the step). */
  from: number;
  to: number;
  step: Seconds;
}

/** A failure that is the SLI's, not Prometheus's: its query answers with more than one series. */
export interface SliDataError {
  kind: 'sli';
  message: string;
}

export type BacktestError = PromError | SliDataError;

/** What this run already asked: Prometheus's build info, and answers by query and range. */
export interface BacktestCache {
  info?: ReturnType<PromClient['buildInfo']>;
  answers: Map<string, Promise<FetchResult>>;
}

type FetchResult = { ok: true; series: Map<string, Float64Array> } | { ok: false; error: BacktestError };

export function newBacktestCache(): BacktestCache {
  return { answers: new Map() };
}

/** Prometheus 3 reads range windows left-open; 2 and older include the sample at the start. */
export function rangeIncludesStart(version: string | undefined): boolean {
  const major = Number(/^v?(\d+)\./.exec(version ?? '')?.[1]);
  return !(major >= 3);
}

async function fetchGrid(
  client: PromClient,
  query: string,
  start: number,
  length: number,
  step: number,
  slo: string,
): Promise<FetchResult> {
  const series = new Map<string, Float64Array>();
  const end = start + (length - 1) * step;
  for (const chunk of chunkRange(start, end, step)) {
    const r = await client.queryRange(query, chunk.start, chunk.end, step);
    if (!r.ok) return r;
    if (r.data.resultType !== 'matrix')
      return { ok: false, error: { kind: 'decode', message: `query_range answered with a ${r.data.resultType}, not a matrix` } };
    const seen = new Set<string>();
    for (const s of r.data.result) {
      const id = s.metric[SERIES_LABEL];
      if (id === undefined) continue;
      if (seen.has(id)) {
        return {
          ok: false,
          error: {
            kind: 'sli',
            message: `SLO ${slo}: its ${id.split(':')[0]} query returns more than one series; a backtest needs one (aggregate it, e.g. with sum(...))`,
          },
        };
      }
      seen.add(id);
      let values = series.get(id);
      if (!values) {
        values = new Float64Array(length).fill(NaN);
        series.set(id, values);
      }
      for (const [t, v] of s.values) {
        const i = Math.round((t - start) / step);
        const n = Number(v);
        if (i >= 0 && i < length && Number.isFinite(n)) values[i] = n;
      }
    }
  }
  return { ok: true, series };
}

export interface BacktestRun {
  report: BacktestReport;
  /** The Prometheus version that answered (decides how range windows are read). */
  prometheusVersion?: string;
}

export async function runBacktest(
  client: PromClient,
  model: ServiceModel,
  period: BacktestPeriod,
  cache: BacktestCache = newBacktestCache(),
): Promise<{ ok: true; run: BacktestRun } | { ok: false; error: BacktestError }> {
  const before = client.requestCount();
  cache.info ??= client.buildInfo();
  const info = await cache.info;
  // A Prometheus-compatible store without build info (404) still answers queries; anything else
  // that fails here (nothing listening, not Prometheus at all) fails the backtest.
  if (!info.ok && info.error.kind !== 'http' && info.error.kind !== 'api') return info;
  const version = info.ok ? info.data.version : undefined;
  const { step } = period;
  const slos = await Promise.all(
    model.slos.map(async (slo) => {
      const plan = backtestPlan(model, slo);
      const warmup = plan.lookback + plan.longestFor;
      const start = Math.floor((period.from - warmup) / step) * step;
      const length = Math.round((period.to - start) / step) + 1;
      const query = combinedQuery(plan);
      const key = `${query}\n${start}\n${length}\n${step}`;
      let answer = cache.answers.get(key);
      if (!answer) {
        answer = fetchGrid(client, query, start, length, step, slo.name);
        cache.answers.set(key, answer);
      }
      const got = await answer;
      if (!got.ok) return got;
      const data: BacktestData = { start, step, length, series: got.series };
      return {
        ok: true as const,
        result: backtestSlo(model, slo, data, { from: period.from, to: period.to, rangeIncludesStart: rangeIncludesStart(version) }),
      };
    }),
  );
  const failed = slos.find((s) => !s.ok);
  if (failed && !failed.ok) return failed;
  return {
    ok: true,
    run: {
      report: {
        service: model.name,
        from: period.from,
        to: period.to,
        step,
        requests: client.requestCount() - before,
        slos: slos.map((s) => (s.ok ? s.result : undefined)!),
      },
      ...(version ? { prometheusVersion: version } : {}),
    },
  };
}
