/**
 * The Backtest view (issue #15): when connected, the spec's SLO alerts replayed over a past period
 * from the raw SLI series, by the same core engine and live runner as `nthlayer backtest` (so the
 * studio and the CLI give the same episodes for the same data). Per SLO: the burn rate of each
 * tier's long window against its threshold with the episodes shaded, the budget burn-down, the
 * episodes, and a one-line verdict. Runs when asked (it reads days of data), not per keystroke.
 * Loaded lazily: a studio that never backtests never downloads it.
 */
import type React from 'react';
import { useState } from 'react';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { backtestPeriod, defaultStep, episodeJson, iso, seconds, type Seconds, type SloBacktest, verdict } from '../../core/index.ts';
import type { ServiceModel } from '../../core/index.ts';
import type { BacktestRun } from '../../live/backtest.ts';
import { human, percent, tierLabel } from '../lib/format.ts';
import { useLive } from './LiveProvider.tsx';
import { useLiveQuery } from './use-live-query.ts';

const DAY = 86_400;
const PERIODS: Seconds[] = [1, 7, 30].map((d) => seconds(d * DAY));
/** Points drawn per line: more than a chart is wide only costs time. */
const MAX_POINTS = 720;
const TIER_COLOURS = ['var(--error)', 'var(--warning, #d97706)', 'var(--accent)', 'var(--muted)'];

interface Ask {
  since: Seconds;
  until: number;
}

/** What a backtest depends on: the SLOs and the alert settings, not the rest of the spec. */
function backtestKey(model: ServiceModel, ask: Ask | undefined): string | undefined {
  return ask ? JSON.stringify([model.name, model.slos, model.alerts ?? null, ask]) : undefined;
}

export function BacktestView({ model }: { model: ServiceModel }): React.JSX.Element | null {
  const { client } = useLive();
  const [since, setSince] = useState<Seconds>(PERIODS[1]!);
  const [ask, setAsk] = useState<Ask | undefined>(undefined);
  const q = useLiveQuery<BacktestRun>(
    backtestKey(model, ask),
    ask &&
      (async (c) => {
        const { runBacktest } = await import('../../live/backtest.ts');
        const r = await runBacktest(c, model, backtestPeriod(ask.until, ask.since, defaultStep(ask.since)));
        if (r.ok) return { ok: true, value: r.run };
        return { ok: false, error: r.error.kind === 'sli' ? { kind: 'api', message: r.error.message } : r.error };
      }),
    0,
  );
  if (!client) return null;
  const run = q.state === 'ok' ? q.value : q.state === 'loading' ? q.previous : undefined;
  return (
    <section className="backtest" aria-labelledby="backtest-head" data-testid="backtest">
      <h3 id="backtest-head">Backtest: what would these alerts have done?</h3>
      <div className="backtest-controls">
        <label>
          Period{' '}
          <select value={since} onChange={(e) => setSince(seconds(Number(e.target.value)))} data-testid="backtest-period">
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                last {human(p)}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="button" data-testid="backtest-run" onClick={() => setAsk({ since, until: Math.floor(Date.now() / 1000) })}>
          {ask ? 'Run again' : 'Run backtest'}
        </button>
      </div>
      {q.state === 'off' && (
        <p className="muted">
          Replays this spec's SLO alerts over the period from the raw SLI data in Prometheus (no rules need to be loaded).
        </p>
      )}
      {q.state === 'loading' && (
        <p className="muted" role="status">
          Replaying the alerts…
        </p>
      )}
      {q.state === 'error' && (
        <p className="bad-text" role="alert" data-testid="backtest-error">
          Backtest unavailable: {q.message}
        </p>
      )}
      {run && <BacktestReportView run={run} />}
    </section>
  );
}

function BacktestReportView({ run }: { run: BacktestRun }): React.JSX.Element {
  const r = run.report;
  return (
    <div data-testid="backtest-report" data-from={iso(r.from)} data-to={iso(r.to)} data-step={r.step}>
      <p className="muted">
        {iso(r.from)} to {iso(r.to)}, every {human(r.step)} · {r.requests} requests
        {r.step > 60 ? ` · evaluated every ${human(r.step)}, not the rules' 1m: times are good to ${human(r.step)}` : ''}
      </p>
      {r.slos.map((s) => (
        <SloBacktestView key={s.slo} s={s} from={r.from} to={r.to} />
      ))}
    </div>
  );
}

/** Every k-th evaluation, keeping each bucket's highest value (a burn spike must not vanish). */
export function thin(times: Float64Array, values: Float64Array[]): { t: number; v: (number | null)[] }[] {
  const k = Math.max(1, Math.ceil(times.length / MAX_POINTS));
  const out: { t: number; v: (number | null)[] }[] = [];
  for (let i = 0; i < times.length; i += k) {
    const v = values.map((a) => {
      let best = NaN;
      for (let j = i; j < Math.min(times.length, i + k); j++) if (!Number.isNaN(a[j]!) && !(a[j]! <= best)) best = a[j]!;
      return Number.isNaN(best) ? null : best;
    });
    out.push({ t: times[i]!, v });
  }
  return out;
}

const axisTime =
  (from: number, to: number) =>
  (t: number): string => {
    const d = new Date(t * 1000).toISOString();
    return to - from > 2 * DAY ? d.slice(5, 10) : d.slice(11, 16);
  };

function SloBacktestView({ s, from, to }: { s: SloBacktest; from: number; to: number }): React.JSX.Element {
  const line = verdict(s, from, to);
  const tiers = s.chart.tiers;
  const burn = thin(
    s.chart.times,
    tiers.map((t) => t.longBurn),
  );
  const budget = thin(s.chart.times, [s.chart.budget]).map((p) => ({ t: p.t, remaining: p.v[0] }));
  const burnData = burn.map(
    (p) => Object.fromEntries([['t', p.t], ...tiers.map((t, i) => [t.tier, p.v[i]])]) as Record<string, number | null>,
  );
  const tick = axisTime(from, to);
  return (
    <section className="backtest-slo" data-testid={`backtest-${s.slo}`} data-status={s.status}>
      <h4>
        {s.slo}: <span data-testid="backtest-verdict">{line}</span>
      </h4>
      {s.status === 'no_data' ? (
        <p className="warn-text">{s.message}</p>
      ) : (
        <>
          {s.coverage < 1 && <p className="warn-text">SLI data for {percent(s.coverage)} of the period.</p>}
          <div role="img" aria-label={`Burn rate per alert tier for ${s.slo}, with the threshold of each and the alerts shaded`}>
            <ResponsiveContainer width="100%" height={180}>
              <LineChart data={burnData} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--grid-line)" />
                <XAxis dataKey="t" type="number" domain={[from, to]} tickFormatter={tick} tick={{ fontSize: 10 }} stroke="var(--muted)" />
                <YAxis tickFormatter={(v: number) => `${v}×`} tick={{ fontSize: 10 }} width={44} stroke="var(--muted)" />
                <Tooltip labelFormatter={(v) => iso(Number(v))} formatter={(v) => `${Number(v).toPrecision(3)}×`} />
                {s.episodes
                  .filter((e) => e.notified)
                  .map((e) => (
                    <ReferenceArea
                      key={`${e.tier}@${e.start}`}
                      x1={Math.max(from, e.start)}
                      x2={e.end ?? to}
                      fill={e.notification === 'page' ? 'var(--error)' : 'var(--accent)'}
                      fillOpacity={0.12}
                      ifOverflow="hidden"
                    />
                  ))}
                {tiers.map((t, i) => (
                  <ReferenceLine
                    key={`f-${t.tier}`}
                    y={t.factor}
                    stroke={TIER_COLOURS[i]}
                    strokeDasharray="4 3"
                    ifOverflow="extendDomain"
                  />
                ))}
                <Legend wrapperStyle={{ fontSize: 11 }} />
                {tiers.map((t, i) => (
                  <Line
                    key={t.tier}
                    dataKey={t.tier}
                    name={`${tierLabel(t.tier)}: ${human(t.longWindow)} burn (threshold ${t.factor}×, dashed)`}
                    stroke={TIER_COLOURS[i]}
                    dot={false}
                    isAnimationActive={false}
                    connectNulls={false}
                  />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
          <div role="img" aria-label={`Error budget remaining over the period for ${s.slo}`}>
            <ResponsiveContainer width="100%" height={110}>
              <AreaChart data={budget} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--grid-line)" />
                <XAxis dataKey="t" type="number" domain={[from, to]} tickFormatter={tick} tick={{ fontSize: 10 }} stroke="var(--muted)" />
                <YAxis tickFormatter={(v: number) => percent(v)} tick={{ fontSize: 10 }} width={56} stroke="var(--muted)" />
                <ReferenceLine y={0} stroke="var(--error)" />
                <Area dataKey="remaining" stroke="var(--accent)" fill="var(--accent)" fillOpacity={0.15} isAnimationActive={false} />
              </AreaChart>
            </ResponsiveContainer>
          </div>
          {s.episodes.length > 0 && (
            <table className="table backtest-episodes">
              <caption className="sr-only">Alerts {s.slo} would have fired</caption>
              <thead>
                <tr>
                  <th scope="col">Tier</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Fired</th>
                  <th scope="col">Resolved</th>
                  <th scope="col">Peak burn</th>
                  <th scope="col">After burn start</th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                {s.episodes.map((e) => {
                  const j = episodeJson(e);
                  return (
                    <tr
                      key={`${e.tier}@${e.start}`}
                      data-tier={j.tier}
                      data-start={j.start}
                      data-end={j.end ?? ''}
                      data-notified={j.notified}
                    >
                      <th scope="row">{tierLabel(e.tier)}</th>
                      <td>
                        <span className={`sev sev-${e.severity}`}>{e.severity}</span>
                      </td>
                      <td>{j.start}</td>
                      <td>{j.end ?? 'still firing'}</td>
                      <td>{j.peakBurn === null ? '—' : `${j.peakBurn}×`}</td>
                      <td>{j.detectionSeconds === null ? '—' : human(j.detectionSeconds)}</td>
                      <td>
                        {!e.notified
                          ? `muted by ${e.mutedBy.join(', ')}`
                          : e.mutedBy.length
                            ? `partly muted by ${e.mutedBy.join(', ')}`
                            : ''}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

export default BacktestView;
