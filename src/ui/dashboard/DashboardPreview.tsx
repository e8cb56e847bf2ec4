/**
 * dashboard.json drawn the way Grafana lays it out: rows, panels on the 24-column grid, titles,
 * units, thresholds, a table legend under every chart (name, last, max), a clock-time axis with
 * a range picker, the dashboard's variables as a bar of dropdowns, and per panel an Inspect view
 * with its PromQL that runs it when a Prometheus is connected. Until then every chart shows
 * sample data placed by the dashboard plan: each panel's role and green band, never its title.
 */
import type React from 'react';
import { createContext, memo, useContext, useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardPlan, PlannedPanel, PlannedVariable } from '../../core/index.ts';
import { Dialog } from '../components/dialogs.tsx';
import {
  GRID_CELL_HEIGHT,
  GRID_GAP,
  cssColor,
  layoutDashboard,
  thresholdColor,
  type PanelView,
  type RowView,
  type Threshold,
} from './dashboard-model.ts';
import { useLive } from '../live/LiveProvider.tsx';
import { limiter, useLiveQuery, type LiveQuery } from '../live/use-live-query.ts';
import { ALL, chartRows, dashboardVariables, regexValue, resolveExpr, toSeries, type LiveSeries } from './live-data.ts';
import { sampleSeries, sampleValue, type SampleSpec } from './sample-series.ts';
import { axisFor, clockTicks, formatClock, formatClockLong, formatValue, unitLabel, type Axis } from './units.ts';

const PALETTE = ['#7eb26d', '#eab839', '#6ed0e0', '#ef843c', '#e24d42', '#1f78c1', '#ba43a9', '#705da0'];

/** The range picker's choices, like Grafana's quick ranges. */
const RANGES: readonly { label: string; seconds: number }[] = [
  { label: 'Last 15 minutes', seconds: 900 },
  { label: 'Last 1 hour', seconds: 3600 },
  { label: 'Last 6 hours', seconds: 21_600 },
  { label: 'Last 24 hours', seconds: 86_400 },
  { label: 'Last 7 days', seconds: 604_800 },
];

function legendName(legend: string, expr: string, i: number): string {
  const fromLegend = legend.replace(/\{\{\s*([^}]+?)\s*\}\}/g, '$1').trim();
  if (fromLegend) return fromLegend;
  const metric = /[a-zA-Z_:][a-zA-Z0-9_:]*(?=\{|\[|\s*\))/.exec(expr)?.[0];
  return metric ? `${metric}` : `series ${i + 1}`;
}

interface DashboardContextValue {
  /** Variable name → the text that replaces `$name` in queries. */
  vars: Map<string, string>;
  /** The time range shown, in seconds, and its end (epoch seconds). */
  range: number;
  end: number;
  /** Panel id → its entry in the dashboard plan (role, green band, named thresholds). */
  plan: Map<number, PlannedPanel>;
  inspect: (panel: PanelView) => void;
}

const DashboardContext = createContext<DashboardContextValue>({
  vars: new Map(),
  range: 3600,
  end: 0,
  plan: new Map(),
  inspect: () => undefined,
});

/** A dashboard has dozens of panels: at most four queries in flight at once. */
const queue = limiter(4);
/** About this many points per series, whatever the range (Prometheus allows 11 000). */
const POINTS = 120;

interface PanelData {
  series: LiveSeries[];
  /** Targets that failed, with Prometheus's message (the others still draw). */
  errors: string[];
}

function usePanelData(panel: PanelView): LiveQuery<PanelData> {
  const { vars, range } = useContext(DashboardContext);
  const { describe } = useLive();
  const exprs = panel.targets.map((t) => resolveExpr(t.expr, vars));
  const step = Math.max(15, Math.round(range / POINTS));
  return useLiveQuery<PanelData>(
    panel.targets.length ? `${range}\n${exprs.join('\n')}` : undefined,
    async (client) => {
      const end = Math.floor(Date.now() / 1000);
      const answers = await Promise.all(exprs.map((e) => queue(() => client.queryRange(e, end - range, end, step))));
      const series: LiveSeries[] = [];
      const errors: string[] = [];
      answers.forEach((a, i) => {
        if (a.ok)
          series.push(...toSeries(a.data, panel.targets[i]!.legend, legendName(panel.targets[i]!.legend, panel.targets[i]!.expr, i)));
        else errors.push(describe(a.error));
      });
      // Every target failing the same way is the panel's error; a partial failure is shown beside the data.
      const firstError = answers.find((a) => !a.ok);
      if (firstError && !firstError.ok && errors.length === answers.length) return { ok: false, error: firstError.error };
      return { ok: true, value: { series, errors } };
    },
    250,
  );
}

function PanelState({ data }: { data: LiveQuery<PanelData> }): React.JSX.Element | null {
  if (data.state === 'error')
    return (
      <div className="panel-error" role="alert" data-testid="panel-error">
        {data.message}
      </div>
    );
  if (data.state === 'loading')
    return (
      <div className="muted panel-loading" role="status">
        Loading…
      </div>
    );
  if (data.state === 'ok' && data.value.series.length === 0)
    return (
      <div className="muted panel-nodata" data-testid="panel-nodata">
        No data{data.value.errors.length ? `: ${data.value.errors[0]}` : ''}
      </div>
    );
  return null;
}

/** Every plotted value and drawn threshold of a chart: what its y axis must show. */
function* chartValues(rows: readonly Record<string, unknown>[], names: readonly string[], lines: readonly Threshold[]): Generator<number> {
  for (const row of rows)
    for (const n of names) {
      const v = row[n];
      if (typeof v === 'number') yield v;
    }
  for (const l of lines) if (l.value !== null) yield l.value;
}

interface LegendRow {
  name: string;
  color: string;
  last: number | undefined;
  max: number | undefined;
  limit: boolean;
}

function legendRows(rows: readonly Record<string, number>[], names: readonly string[], limits: ReadonlySet<string>): LegendRow[] {
  return names.map((n, i) => {
    const values = rows.map((r) => r[n]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    return {
      name: n,
      color: PALETTE[i % PALETTE.length]!,
      last: values.at(-1),
      max: values.length ? Math.max(...values) : undefined,
      limit: limits.has(n),
    };
  });
}

/** Grafana's table legend: each series with its colour, last and max value. */
function Legend({ rows, unit, decimals }: { rows: readonly LegendRow[]; unit: string; decimals?: number | undefined }): React.JSX.Element {
  const fmt = (v: number | undefined): string => (v === undefined ? '—' : formatValue(v, unit, decimals));
  return (
    <table className="gf-legend" data-testid="legend">
      <thead>
        <tr>
          <th scope="col">
            <span className="sr-only">Series</span>
          </th>
          <th scope="col">Last</th>
          <th scope="col">Max</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name} data-series={r.name}>
            <th scope="row">
              <span className="gf-swatch" style={{ background: r.color }} aria-hidden="true" />
              <span className="gf-legend-name" title={r.name}>
                {r.name}
              </span>
              {r.limit && <span className="muted"> (limit)</span>}
            </th>
            <td>{fmt(r.last)}</td>
            <td>{fmt(r.max)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Chart({
  panel,
  rows,
  names,
  limits,
  sample,
}: {
  panel: PanelView;
  rows: Record<string, number>[];
  names: string[];
  limits: ReadonlySet<string>;
  sample: boolean;
}): React.JSX.Element {
  const { range, end } = useContext(DashboardContext);
  const lines = useMemo(() => panel.thresholds.filter((t) => t.value !== null && panel.thresholdMode === 'absolute'), [panel]);
  const axis: Axis = useMemo(() => axisFor(chartValues(rows, names, lines), panel.unit, panel), [rows, names, lines, panel]);
  const start = end - range;
  const ticks = useMemo(() => clockTicks(start, end), [start, end]);
  const legend = useMemo(() => legendRows(rows, names, limits), [rows, names, limits]);
  return (
    <div className="gf-chart">
      <div className="gf-chart-plot">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid-line)" />
            <XAxis
              dataKey="t"
              type="number"
              domain={[start, end]}
              ticks={ticks}
              tickFormatter={(v: number) => formatClock(v, range)}
              tick={{ fontSize: 10 }}
              stroke="var(--muted)"
              allowDataOverflow
            />
            <YAxis
              tickFormatter={(v: number) => formatValue(v, panel.unit, axis.decimals)}
              tick={{ fontSize: 10 }}
              width={64}
              stroke="var(--muted)"
              domain={axis.domain}
              ticks={axis.ticks}
              interval={0}
              allowDataOverflow
            />
            <Tooltip
              formatter={(v) => formatValue(Number(v), panel.unit, panel.decimals)}
              labelFormatter={(v) => `${formatClockLong(Number(v))}${sample ? ' (sample)' : ''}`}
            />
            {lines.map((t, i) => (
              <ReferenceLine key={i} y={t.value ?? 0} stroke={cssColor(t.color)} strokeDasharray="4 2" ifOverflow="hidden" />
            ))}
            {names.map((n, i) => (
              <Line
                key={n}
                type="monotone"
                dataKey={n}
                stroke={PALETTE[i % PALETTE.length]}
                dot={false}
                strokeWidth={limits.has(n) ? 1 : 1.5}
                strokeDasharray={limits.has(n) ? '6 3' : undefined}
                isAnimationActive={false}
                connectNulls
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <Legend rows={legend} unit={panel.unit} decimals={panel.decimals} />
    </div>
  );
}

function uniqueNames(list: readonly string[]): string[] {
  return list.map((n, i) => (list.indexOf(n) === i ? n : `${n} (${i + 1})`));
}

/** The sample a panel draws, from its plan entry (role, green band, limits, windows). */
function sampleSpec(panel: PanelView, planned: PlannedPanel | undefined): SampleSpec {
  const names = uniqueNames(panel.targets.map((t, i) => legendName(t.legend, t.expr, i)));
  return {
    key: `${panel.id ?? panel.key}:${panel.title}`,
    unit: panel.unit,
    role: planned?.role,
    healthy: planned?.healthy,
    queries: (names.length ? names : ['value']).map((name, i) => {
      const q = planned?.queries[i];
      return { name, ...(q?.role === 'limit' ? { limit: true } : {}), ...(q?.window ? { window: q.window } : {}) };
    }),
  };
}

const SampleTimeseries = memo(function SampleTimeseries({ panel }: { panel: PanelView }): React.JSX.Element {
  const { plan, range, end } = useContext(DashboardContext);
  const spec = useMemo(() => sampleSpec(panel, panel.id !== undefined ? plan.get(panel.id) : undefined), [panel, plan]);
  const rows = useMemo(() => sampleSeries(spec, end, range), [spec, end, range]);
  const names = useMemo(() => spec.queries.map((q) => q.name), [spec]);
  const limits = useMemo(() => new Set(spec.queries.filter((q) => q.limit).map((q) => q.name)), [spec]);
  // What the sample spans, for tests and for anyone checking it against the thresholds.
  const measured = rows.flatMap((r) => spec.queries.filter((q) => !q.limit).map((q) => r[q.name]!));
  return (
    <div className="gf-sample" data-sample-min={Math.min(...measured)} data-sample-max={Math.max(...measured)}>
      <Chart panel={panel} rows={rows} names={names} limits={limits} sample />
    </div>
  );
});

function LiveTimeseries({ panel, data }: { panel: PanelView; data: PanelData }): React.JSX.Element {
  const { names, rows } = useMemo(() => chartRows(data.series), [data]);
  const limits = useMemo(() => new Set<string>(), []);
  return <Chart panel={panel} rows={rows} names={names} limits={limits} sample={false} />;
}

/** What a stat or gauge shows from live data: the newest value of the first series. */
function lastValue(data: PanelData): number | undefined {
  const points = data.series[0]?.points;
  return points && points.length ? points[points.length - 1]![1] : undefined;
}

function useSampleValue(panel: PanelView): number {
  const { plan, end } = useContext(DashboardContext);
  return useMemo(() => sampleValue(sampleSpec(panel, panel.id !== undefined ? plan.get(panel.id) : undefined), end), [panel, plan, end]);
}

function StatValue({ panel, value, sample }: { panel: PanelView; value: number; sample: boolean }): React.JSX.Element {
  const color = cssColor(thresholdColor(panel.thresholds, value, panel.thresholdMode, panel.min, panel.max));
  return (
    <div className="stat-value" style={{ color }} data-value={value} data-sample={sample}>
      <span>{formatValue(value, panel.unit, panel.decimals)}</span>
    </div>
  );
}

function SampleStat({ panel }: { panel: PanelView }): React.JSX.Element {
  return <StatValue panel={panel} value={useSampleValue(panel)} sample />;
}

function GaugeValue({ panel, value, sample }: { panel: PanelView; value: number; sample: boolean }): React.JSX.Element {
  const min = panel.min ?? 0;
  const max = panel.max ?? (panel.unit === 'percentunit' ? 1 : 100);
  const share = Math.min(1, Math.max(0, (value - min) / (max - min || 1)));
  const color = cssColor(thresholdColor(panel.thresholds, value, panel.thresholdMode, min, max));
  // A 240° arc, like Grafana's gauge.
  const arc = (from: number, to: number): string => {
    const a0 = (150 + from * 240) * (Math.PI / 180);
    const a1 = (150 + to * 240) * (Math.PI / 180);
    const p = (a: number): string => `${50 + 40 * Math.cos(a)} ${50 + 40 * Math.sin(a)}`;
    return `M ${p(a0)} A 40 40 0 ${to - from > 0.75 ? 1 : 0} 1 ${p(a1)}`;
  };
  return (
    <svg
      viewBox="0 0 100 85"
      className="gauge"
      role="img"
      data-value={value}
      data-sample={sample}
      aria-label={`${panel.title}: ${formatValue(value, panel.unit, panel.decimals)}${sample ? ' (sample)' : ''}`}
    >
      <path d={arc(0, 1)} stroke="var(--grid-line)" strokeWidth="8" fill="none" />
      {share > 0 && <path d={arc(0, share)} stroke={color} strokeWidth="8" fill="none" />}
      <text x="50" y="56" textAnchor="middle" fill={color} fontSize="13" fontWeight="600">
        {formatValue(value, panel.unit, panel.decimals)}
      </text>
    </svg>
  );
}

function SampleGauge({ panel }: { panel: PanelView }): React.JSX.Element {
  return <GaugeValue panel={panel} value={useSampleValue(panel)} sample />;
}

function LivePanelBody({ panel }: { panel: PanelView }): React.JSX.Element {
  const data = usePanelData(panel);
  if (data.state !== 'ok' || data.value.series.length === 0) return <PanelState data={data} />;
  const failed = data.value.errors;
  if (failed.length === 0) return <LiveChart panel={panel} data={data.value} />;
  // Some queries answered, some did not: draw what came back and say what is missing.
  return (
    <div className="panel-partial">
      <div className="panel-partial-chart">
        <LiveChart panel={panel} data={data.value} />
      </div>
      <p className="panel-error" role="alert" data-testid="panel-error" title={failed.join('\n')}>
        {failed.length} of {panel.targets.length} queries failed: {failed[0]}
      </p>
    </div>
  );
}

function LiveChart({ panel, data }: { panel: PanelView; data: PanelData }): React.JSX.Element {
  switch (panel.type) {
    case 'timeseries':
    case 'graph':
      return <LiveTimeseries panel={panel} data={data} />;
    case 'stat':
    case 'singlestat':
      return <StatValue panel={panel} value={lastValue(data) ?? Number.NaN} sample={false} />;
    case 'gauge':
    case 'bargauge':
      return <GaugeValue panel={panel} value={lastValue(data) ?? Number.NaN} sample={false} />;
    default:
      return <PanelBody panel={panel} />;
  }
}

function PanelBody({ panel }: { panel: PanelView }): React.JSX.Element {
  switch (panel.type) {
    case 'timeseries':
    case 'graph':
      return <SampleTimeseries panel={panel} />;
    case 'stat':
    case 'singlestat':
      return <SampleStat panel={panel} />;
    case 'gauge':
    case 'bargauge':
      return <SampleGauge panel={panel} />;
    default:
      return (
        <div className="panel-other">
          <span className="muted">{panel.type} panel (not previewed)</span>
          {panel.targets.map((t, i) => (
            <code key={i}>{t.expr}</code>
          ))}
        </div>
      );
  }
}

function Panel({ panel }: { panel: PanelView }): React.JSX.Element {
  const { client } = useLive();
  const { inspect, plan } = useContext(DashboardContext);
  const live = client !== undefined && panel.targets.length > 0;
  const role = panel.id !== undefined ? plan.get(panel.id)?.role : undefined;
  return (
    <article
      className="gf-panel"
      style={{ gridColumn: `${panel.x + 1} / span ${panel.w}`, gridRow: `${panel.y + 1} / span ${panel.h}` }}
      aria-label={`${panel.title || 'Untitled'} (${panel.type})`}
      data-panel-type={panel.type}
      data-panel-id={panel.id}
      data-role={role}
      data-live={live}
    >
      <header className="gf-panel-header">
        <h4 title={[panel.title, panel.description].filter(Boolean).join('\n\n')}>
          {panel.title || <span className="muted">Untitled</span>}
        </h4>
        <span className="gf-panel-tools">
          {unitLabel(panel.unit) && (
            <span className="gf-unit" title={`unit: ${panel.unit}`}>
              {unitLabel(panel.unit)}
            </span>
          )}
          {live ? (
            <span className="live-badge" title="Data from your Prometheus">
              live
            </span>
          ) : (
            <span
              className="sample-badge"
              title="No Prometheus connected: generated sample data, placed by the panel's thresholds, not your metrics"
            >
              sample
            </span>
          )}
          {panel.targets.length > 0 && (
            <button
              type="button"
              className="gf-inspect"
              onClick={() => inspect(panel)}
              aria-label={`Inspect ${panel.title || 'panel'}: its queries`}
              title="Inspect: the panel's PromQL (and run it)"
            >
              ⋯
            </button>
          )}
        </span>
      </header>
      <div className="gf-panel-body">{live ? <LivePanelBody panel={panel} /> : <PanelBody panel={panel} />}</div>
    </article>
  );
}

function Row({ row }: { row: RowView }): React.JSX.Element {
  const [open, setOpen] = useState(!row.collapsed);
  const height = row.panels.reduce((m, p) => Math.max(m, p.y + p.h), 0);
  return (
    <section className="gf-row" aria-label={row.title ? `Row ${row.title}` : 'Panels'}>
      {row.y !== undefined && (
        <h3 className="gf-row-title">
          <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
            <span aria-hidden="true">{open ? '▾' : '▸'}</span> {row.title || 'Row'}{' '}
            <span className="muted">
              ({row.panels.length} {row.panels.length === 1 ? 'panel' : 'panels'})
            </span>
          </button>
        </h3>
      )}
      {open && row.panels.length > 0 && (
        <div className="gf-grid" style={{ gridTemplateRows: `repeat(${height}, ${GRID_CELL_HEIGHT}px)`, gap: `${GRID_GAP}px` }}>
          {row.panels.map((p) => (
            <Panel key={p.key} panel={p} />
          ))}
        </div>
      )}
    </section>
  );
}

/** A query variable's values from Prometheus (`label_values(<selector>, <label>)`), when connected. */
function VariableSelect({
  variable,
  value,
  onChange,
}: {
  variable: PlannedVariable;
  value: string;
  onChange: (v: string) => void;
}): React.JSX.Element {
  const { client } = useLive();
  const source = variable.values;
  const values = useLiveQuery<string[]>(
    source && client ? `${source.selector}|${source.label}` : undefined,
    async (c) => {
      const r = await c.labelValues(source!.label, [source!.selector]);
      return r.ok ? { ok: true, value: r.data } : r;
    },
    0,
  );
  const id = `var-${variable.name}`;
  const options = variable.kind === 'custom' ? [variable.query] : values.state === 'ok' ? values.value : [];
  return (
    <label className="gf-var" htmlFor={id}>
      <span>{variable.label}</span>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-variable={variable.name}
        title={
          variable.kind === 'query'
            ? `label_values(${source?.selector ?? ''}, ${source?.label ?? ''})${client ? '' : ': connect a Prometheus to list the values'}`
            : undefined
        }
      >
        {variable.includeAll && <option value={ALL}>All</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
        {variable.kind === 'query' && values.state === 'loading' && <option disabled>loading…</option>}
      </select>
    </label>
  );
}

function stepText(steps: readonly { color: string; value?: number; name?: string }[], unit: string): string {
  return steps
    .map((s, i) => (i === 0 ? `${s.color} below` : `${s.name ?? s.color} (${s.color}) from ${formatValue(s.value ?? 0, unit)}`))
    .join(' · ');
}

const ROLE_TEXT: Record<string, string> = {
  'higher-is-better': 'higher is better: healthy values sit above the green step',
  'lower-is-better': 'lower is better: healthy values sit below the first warning step',
  'bad-events': 'counts bad events: a healthy service shows none',
  volume: 'volume: no healthy band, any level can be normal',
};

/** Inspect: the panel's queries (variables filled in) and, when connected, their answers now, as Explore shows them. */
function InspectDialog({ panel, onClose }: { panel: PanelView; onClose: () => void }): React.JSX.Element {
  const { vars, plan } = useContext(DashboardContext);
  const { client, describe } = useLive();
  const planned = panel.id !== undefined ? plan.get(panel.id) : undefined;
  const [results, setResults] = useState<
    Record<
      number,
      { state: 'running' } | { state: 'done'; rows: { labels: string; value: string }[] } | { state: 'error'; message: string }
    >
  >({});
  const run = async (i: number, expr: string): Promise<void> => {
    if (!client) return;
    setResults((r) => ({ ...r, [i]: { state: 'running' } }));
    const a = await client.query(expr);
    if (!a.ok) {
      setResults((r) => ({ ...r, [i]: { state: 'error', message: describe(a.error) } }));
      return;
    }
    const rows = toSeries(a.data, '', 'value').map((s) => ({
      labels: s.name,
      value: s.points.length ? formatValue(s.points[s.points.length - 1]![1], panel.unit, 4) : '—',
    }));
    setResults((r) => ({ ...r, [i]: { state: 'done', rows } }));
  };
  return (
    <Dialog title={`Inspect: ${panel.title || 'panel'}`} onClose={onClose} wide>
      <div className="inspect" data-testid="inspect">
        {panel.description && <p className="muted inspect-description">{panel.description}</p>}
        <dl className="inspect-facts">
          <div>
            <dt>Unit</dt>
            <dd>
              <code>{panel.unit}</code>
            </dd>
          </div>
          {planned && (
            <div>
              <dt>Role</dt>
              <dd>{ROLE_TEXT[planned.role]}</dd>
            </div>
          )}
          {planned && planned.thresholds.length > 1 && (
            <div>
              <dt>Thresholds</dt>
              <dd>{stepText(planned.thresholds, panel.unit)}</dd>
            </div>
          )}
        </dl>
        {panel.targets.map((t, i) => {
          const expr = resolveExpr(t.expr, vars);
          const r = results[i];
          return (
            <section key={i} className="inspect-query" aria-label={`Query ${String.fromCharCode(65 + i)}`}>
              <h3>
                Query {String.fromCharCode(65 + i)}
                {t.legend ? <span className="muted"> · legend {t.legend}</span> : null}
              </h3>
              <pre className="code inspect-expr" data-testid="inspect-expr">
                {expr}
              </pre>
              {client ? (
                <button type="button" onClick={() => void run(i, expr)} disabled={r?.state === 'running'}>
                  {r?.state === 'running' ? 'Running…' : 'Run query'}
                </button>
              ) : (
                <p className="muted">Connect a Prometheus (header) to run it here.</p>
              )}
              {r?.state === 'error' && (
                <p className="bad-text" role="alert">
                  {r.message}
                </p>
              )}
              {r?.state === 'done' &&
                (r.rows.length === 0 ? (
                  <p className="muted" data-testid="inspect-empty">
                    No series: the query matches nothing now.
                  </p>
                ) : (
                  <table className="table inspect-result" data-testid="inspect-result">
                    <thead>
                      <tr>
                        <th scope="col">Series</th>
                        <th scope="col">Value now</th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.rows.map((row, j) => (
                        <tr key={j}>
                          <td>
                            <code>{row.labels}</code>
                          </td>
                          <td>{row.value}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ))}
            </section>
          );
        })}
      </div>
    </Dialog>
  );
}

export function DashboardPreview({
  content,
  plan,
  service = '',
}: {
  content: string | undefined;
  plan?: DashboardPlan | undefined;
  service?: string | undefined;
}): React.JSX.Element {
  const { client, target } = useLive();
  const [range, setRange] = useState(3600);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [inspecting, setInspecting] = useState<PanelView | undefined>(undefined);
  // The clock, read once per range choice: sample charts stay put between renders.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `range` is the trigger: the clock is read again when the range changes
  const end = useMemo(() => Math.floor(Date.now() / 60_000) * 60, [range]);
  const parsed = useMemo(() => {
    if (content === undefined) return undefined;
    try {
      const json: unknown = JSON.parse(content);
      return { layout: layoutDashboard(json), vars: dashboardVariables(json, service) };
    } catch {
      return { layout: { ok: false as const, error: 'dashboard.json is not valid JSON' }, vars: new Map<string, string>() };
    }
  }, [content, service]);
  const planById = useMemo(() => new Map((plan?.rows ?? []).flatMap((r) => r.panels.map((p) => [p.id, p] as const))), [plan]);
  const variables = useMemo(() => (plan?.variables ?? []).filter((v) => v.kind !== 'datasource'), [plan]);
  const vars = useMemo(() => {
    const m = new Map(parsed?.vars ?? []);
    for (const v of variables) if (v.kind === 'query') m.set(v.name, regexValue(chosen[v.name] ?? ALL));
    return m;
  }, [parsed, variables, chosen]);
  const context = useMemo<DashboardContextValue>(
    () => ({ vars, range, end, plan: planById, inspect: setInspecting }),
    [vars, range, end, planById],
  );
  const layout = parsed?.layout;

  if (!layout) {
    return (
      <div className="state state-empty" data-testid="dashboard-empty">
        <p>No dashboard in this bundle yet.</p>
        <p className="muted">
          When the generator writes <code>dashboard.json</code>, its rows and panels appear here laid out as in Grafana.
        </p>
      </div>
    );
  }
  if (!layout.ok)
    return (
      <div className="state state-error" role="alert">
        {layout.error}
      </div>
    );
  const { view } = layout;
  return (
    <div className="gf-dashboard" data-testid="dashboard">
      <div className="gf-dashboard-head">
        <h2>{view.title}</h2>
        <div className="gf-controls" role="toolbar" aria-label="Dashboard controls">
          <div className="gf-vars" data-testid="variables">
            {variables.map((v) => (
              <VariableSelect
                key={v.name}
                variable={v}
                value={v.kind === 'custom' ? v.query : (chosen[v.name] ?? ALL)}
                onChange={(value) => setChosen((c) => ({ ...c, [v.name]: value }))}
              />
            ))}
          </div>
          <label className="gf-range">
            <span className="sr-only">Time range</span>
            <select value={range} onChange={(e) => setRange(Number(e.target.value))} data-testid="time-range" aria-label="Time range">
              {RANGES.map((r) => (
                <option key={r.seconds} value={r.seconds}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        {client ? (
          <p className="live-note" role="note" data-testid="live-note">
            Live data from {target?.label ?? 'Prometheus'}, with <code>$service</code> = {service || '(none)'} and the variables chosen
            above.
          </p>
        ) : (
          <p className="sample-note" role="note">
            No Prometheus connected: every chart shows <strong>sample data</strong> of a healthy service, placed inside each panel&apos;s
            green band, so you can judge the layout, units and thresholds.
          </p>
        )}
      </div>
      {view.panelCount === 0 && <p className="muted">The dashboard has no panels.</p>}
      <DashboardContext.Provider value={context}>
        {view.rows.map((r) => (
          <Row key={r.key} row={r} />
        ))}
        {inspecting && <InspectDialog panel={inspecting} onClose={() => setInspecting(undefined)} />}
      </DashboardContext.Provider>
    </div>
  );
}

export default DashboardPreview;
