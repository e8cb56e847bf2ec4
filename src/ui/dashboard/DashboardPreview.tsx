/**
 * dashboard.json drawn the way Grafana lays it out: rows, panels on the 24-column grid, titles,
 * units and thresholds. Until a Prometheus is connected every chart shows labelled sample data.
 */
import type React from 'react';
import { createContext, memo, useContext, useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { GRID_CELL_HEIGHT, GRID_GAP, cssColor, layoutDashboard, thresholdColor, type PanelView, type RowView } from './dashboard-model.ts';
import { useLive } from '../live/LiveProvider.tsx';
import { limiter, useLiveQuery, type LiveQuery } from '../live/use-live-query.ts';
import { chartRows, dashboardVariables, resolveExpr, toSeries, type LiveSeries } from './live-data.ts';
import { sampleSeries, sampleValue } from './sample-series.ts';
import { axisFor, formatValue, unitLabel, type Axis } from './units.ts';

const PALETTE = ['#7eb26d', '#eab839', '#6ed0e0', '#ef843c', '#e24d42', '#1f78c1', '#ba43a9', '#705da0'];

function legendName(legend: string, expr: string, i: number): string {
  const fromLegend = legend.replace(/\{\{\s*([^}]+?)\s*\}\}/g, '$1').trim();
  if (fromLegend) return fromLegend;
  const metric = /[a-zA-Z_:][a-zA-Z0-9_:]*(?=\{|\[|\s*\))/.exec(expr)?.[0];
  return metric ? `${metric}` : `series ${i + 1}`;
}

/** The template variables of the dashboard being previewed, for live queries. */
const VariablesContext = createContext<Map<string, string>>(new Map());

/** A dashboard has dozens of panels: at most four queries in flight at once. */
const queue = limiter(4);
const RANGE_SECONDS = 3600;
const STEP_SECONDS = 60;

interface PanelData {
  series: LiveSeries[];
  end: number;
  /** Targets that failed, with Prometheus's message (the others still draw). */
  errors: string[];
}

function usePanelData(panel: PanelView): LiveQuery<PanelData> {
  const vars = useContext(VariablesContext);
  const { describe } = useLive();
  const exprs = panel.targets.map((t) => resolveExpr(t.expr, vars));
  return useLiveQuery<PanelData>(panel.targets.length ? exprs.join('\n') : undefined, async (client) => {
    const end = Math.floor(Date.now() / 1000);
    const answers = await Promise.all(exprs.map((e) => queue(() => client.queryRange(e, end - RANGE_SECONDS, end, STEP_SECONDS))));
    const series: LiveSeries[] = [];
    const errors: string[] = [];
    answers.forEach((a, i) => {
      if (a.ok) series.push(...toSeries(a.data, panel.targets[i]!.legend, legendName(panel.targets[i]!.legend, panel.targets[i]!.expr, i)));
      else errors.push(describe(a.error));
    });
    // Every target failing the same way is the panel's error; a partial failure is shown beside the data.
    const firstError = answers.find((a) => !a.ok);
    if (firstError && !firstError.ok && errors.length === answers.length) return { ok: false, error: firstError.error };
    return { ok: true, value: { series, end, errors } };
  }, 250);
}

function LiveBadge(): React.JSX.Element {
  return <span className="live-badge" title="Data from your Prometheus over the last hour">live</span>;
}

function PanelState({ data }: { data: LiveQuery<PanelData> }): React.JSX.Element | null {
  if (data.state === 'error') return <div className="panel-error" role="alert" data-testid="panel-error">{data.message}</div>;
  if (data.state === 'loading') return <div className="muted panel-loading" role="status">Loading…</div>;
  if (data.state === 'ok' && data.value.series.length === 0) return <div className="muted panel-nodata" data-testid="panel-nodata">No data{data.value.errors.length ? `: ${data.value.errors[0]}` : ''}</div>;
  return null;
}

/** Every plotted value and drawn threshold of a chart: what its y axis must show. */
function* chartValues(rows: readonly Record<string, unknown>[], names: readonly string[], lines: readonly { value: number | null }[]): Generator<number> {
  for (const row of rows) for (const n of names) { const v = row[n]; if (typeof v === 'number') yield v; }
  for (const l of lines) if (l.value !== null) yield l.value;
}

/** A timeseries panel's threshold lines and the y axis that shows them with its data (live or sample). */
function useChartAxis(panel: PanelView, rows: readonly Record<string, unknown>[], names: readonly string[]): { lines: PanelView['thresholds']; axis: Axis } {
  const lines = useMemo(() => panel.thresholds.filter((t) => t.value !== null && panel.thresholdMode === 'absolute'), [panel]);
  const axis = useMemo(() => axisFor(chartValues(rows, names, lines), panel.unit, panel), [rows, names, lines, panel]);
  return { lines, axis };
}

function LiveTimeseries({ panel, data }: { panel: PanelView; data: PanelData }): React.JSX.Element {
  const { names, rows } = useMemo(() => chartRows(data.series, data.end), [data]);
  const { lines, axis } = useChartAxis(panel, rows, names);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--grid-line)" />
        <XAxis dataKey="t" type="number" domain={[-RANGE_SECONDS / 60, 0]} tickFormatter={(v: number) => (v === 0 ? 'now' : `${v}m`)} tick={{ fontSize: 10 }} stroke="var(--muted)" />
        <YAxis tickFormatter={(v: number) => formatValue(v, panel.unit, axis.decimals)} tick={{ fontSize: 10 }} width={72} stroke="var(--muted)" domain={axis.domain} ticks={axis.ticks} interval={0} allowDataOverflow />
        <Tooltip formatter={(v) => formatValue(Number(v), panel.unit, panel.decimals)} labelFormatter={(v) => `${String(v)} min`} />
        {lines.map((t, i) => <ReferenceLine key={i} y={t.value ?? 0} stroke={cssColor(t.color)} strokeDasharray="4 2" ifOverflow="hidden" />)}
        {names.map((n, i) => <Line key={n} type="monotone" dataKey={n} stroke={PALETTE[i % PALETTE.length]} dot={false} strokeWidth={1.5} isAnimationActive={false} connectNulls />)}
      </LineChart>
    </ResponsiveContainer>
  );
}

/** What a stat or gauge shows from live data: the newest value of the first series. */
function lastValue(data: PanelData): number | undefined {
  const points = data.series[0]?.points;
  return points && points.length ? points[points.length - 1]![1] : undefined;
}

function SampleBadge(): React.JSX.Element {
  return <span className="sample-badge" title="No Prometheus connected: this chart shows generated sample data, not your metrics">sample</span>;
}

const TimeseriesPanel = memo(function TimeseriesPanel({ panel }: { panel: PanelView }): React.JSX.Element {
  const names = useMemo(() => {
    const list = panel.targets.map((t, i) => legendName(t.legend, t.expr, i));
    const unique = list.map((n, i) => (list.indexOf(n) === i ? n : `${n} (${i + 1})`));
    return unique.length > 0 ? unique : ['value'];
  }, [panel.targets]);
  // The panel's first threshold step with a value: for an SLI panel, its objective.
  const objective = panel.thresholds.find((t) => t.value !== null)?.value ?? undefined;
  const data = useMemo(() => sampleSeries(panel.key + panel.title, names, panel.unit, panel.title, objective), [panel.key, panel.title, names, panel.unit, objective]);
  const { lines, axis } = useChartAxis(panel, data, names);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--grid-line)" />
        <XAxis dataKey="t" tickFormatter={(v: number) => (v === 0 ? 'now' : `${v}m`)} tick={{ fontSize: 10 }} stroke="var(--muted)" />
        <YAxis tickFormatter={(v: number) => formatValue(v, panel.unit, axis.decimals)} tick={{ fontSize: 10 }} width={72} stroke="var(--muted)" domain={axis.domain} ticks={axis.ticks} interval={0} allowDataOverflow />
        <Tooltip formatter={(v) => formatValue(Number(v), panel.unit, panel.decimals)} labelFormatter={(v) => `${String(v)} min (sample)`} />
        {lines.map((t, i) => <ReferenceLine key={i} y={t.value ?? 0} stroke={cssColor(t.color)} strokeDasharray="4 2" ifOverflow="hidden" />)}
        {names.map((n, i) => <Line key={n} type="monotone" dataKey={n} stroke={PALETTE[i % PALETTE.length]} dot={false} strokeWidth={1.5} isAnimationActive={false} />)}
      </LineChart>
    </ResponsiveContainer>
  );
});

function StatPanel({ panel, live }: { panel: PanelView; live?: number }): React.JSX.Element {
  const value = live ?? sampleValue(panel.key + panel.title, panel.unit, panel.title);
  const color = cssColor(thresholdColor(panel.thresholds, value, panel.thresholdMode, panel.min, panel.max));
  return <div className="stat-value" style={{ color }}>{formatValue(value, panel.unit, panel.decimals)}</div>;
}

function GaugePanel({ panel, live }: { panel: PanelView; live?: number }): React.JSX.Element {
  const value = live ?? sampleValue(panel.key + panel.title, panel.unit, panel.title);
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
    <svg viewBox="0 0 100 85" className="gauge" role="img" aria-label={`${panel.title}: ${formatValue(value, panel.unit, panel.decimals)}${live === undefined ? ' (sample)' : ''}`}>
      <path d={arc(0, 1)} stroke="var(--grid-line)" strokeWidth="8" fill="none" />
      {share > 0 && <path d={arc(0, share)} stroke={color} strokeWidth="8" fill="none" />}
      <text x="50" y="56" textAnchor="middle" fill={color} fontSize="13" fontWeight="600">{formatValue(value, panel.unit, panel.decimals)}</text>
    </svg>
  );
}

function LivePanelBody({ panel }: { panel: PanelView }): React.JSX.Element {
  const data = usePanelData(panel);
  if (data.state !== 'ok' || data.value.series.length === 0) return <PanelState data={data} />;
  const failed = data.value.errors;
  if (failed.length === 0) return <LiveChart panel={panel} data={data.value} />;
  // Some queries answered, some did not: draw what came back and say what is missing.
  return (
    <div className="panel-partial">
      <div className="panel-partial-chart"><LiveChart panel={panel} data={data.value} /></div>
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
      return <StatPanel panel={panel} live={lastValue(data) ?? Number.NaN} />;
    case 'gauge':
    case 'bargauge':
      return <GaugePanel panel={panel} live={lastValue(data) ?? Number.NaN} />;
    default:
      return <PanelBody panel={panel} />;
  }
}

function PanelBody({ panel }: { panel: PanelView }): React.JSX.Element {
  switch (panel.type) {
    case 'timeseries':
    case 'graph':
      return <TimeseriesPanel panel={panel} />;
    case 'stat':
    case 'singlestat':
      return <StatPanel panel={panel} />;
    case 'gauge':
    case 'bargauge':
      return <GaugePanel panel={panel} />;
    default:
      return (
        <div className="panel-other">
          <span className="muted">{panel.type} panel (not previewed)</span>
          {panel.targets.map((t, i) => <code key={i}>{t.expr}</code>)}
        </div>
      );
  }
}

function Panel({ panel }: { panel: PanelView }): React.JSX.Element {
  const { client } = useLive();
  const live = client !== undefined && panel.targets.length > 0;
  const queries = panel.targets.map((t) => t.expr).join('\n');
  return (
    <article
      className="gf-panel"
      style={{ gridColumn: `${panel.x + 1} / span ${panel.w}`, gridRow: `${panel.y + 1} / span ${panel.h}` }}
      aria-label={`${panel.title || 'Untitled'} (${panel.type})`}
      data-panel-type={panel.type}
      data-live={live}
    >
      <header className="gf-panel-header">
        <h4 title={[panel.title, panel.description ?? queries].filter(Boolean).join('\n')}>{panel.title || <span className="muted">Untitled</span>}</h4>
        {unitLabel(panel.unit) && panel.w >= 6 && <span className="gf-unit" title={`unit: ${panel.unit}`}>{unitLabel(panel.unit)}</span>}
        {live ? <LiveBadge /> : <SampleBadge />}
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
            <span aria-hidden="true">{open ? '▾' : '▸'}</span> {row.title || 'Row'} <span className="muted">({row.panels.length} panels)</span>
          </button>
        </h3>
      )}
      {open && row.panels.length > 0 && (
        <div className="gf-grid" style={{ gridTemplateRows: `repeat(${height}, ${GRID_CELL_HEIGHT}px)`, gap: `${GRID_GAP}px` }}>
          {row.panels.map((p) => <Panel key={p.key} panel={p} />)}
        </div>
      )}
    </section>
  );
}

export function DashboardPreview({ content, service = '' }: { content: string | undefined; service?: string | undefined }): React.JSX.Element {
  const { client, target } = useLive();
  const parsed = useMemo(() => {
    if (content === undefined) return undefined;
    try {
      const json: unknown = JSON.parse(content);
      return { layout: layoutDashboard(json), vars: dashboardVariables(json, service) };
    } catch {
      return { layout: { ok: false as const, error: 'dashboard.json is not valid JSON' }, vars: new Map<string, string>() };
    }
  }, [content, service]);
  const layout = parsed?.layout;

  if (!layout) {
    return (
      <div className="state state-empty" data-testid="dashboard-empty">
        <p>No dashboard in this bundle yet.</p>
        <p className="muted">When the generator writes <code>dashboard.json</code>, its rows and panels appear here laid out as in Grafana.</p>
      </div>
    );
  }
  if (!layout.ok) return <div className="state state-error" role="alert">{layout.error}</div>;
  const { view } = layout;
  return (
    <div className="gf-dashboard" data-testid="dashboard">
      <div className="gf-dashboard-head">
        <h2>{view.title}</h2>
        {client ? (
          <p className="live-note" role="note" data-testid="live-note">
            Live data from {target?.label ?? 'Prometheus'} over the last hour, with <code>$service</code> = {service || '(none)'} and the other variables matching everything.
          </p>
        ) : (
          <p className="sample-note" role="note">
            No Prometheus connected: every chart shows <strong>sample data</strong> so you can judge the layout, units and thresholds.
          </p>
        )}
      </div>
      {view.panelCount === 0 && <p className="muted">The dashboard has no panels.</p>}
      <VariablesContext.Provider value={parsed?.vars ?? new Map<string, string>()}>
        {view.rows.map((r) => <Row key={r.key} row={r} />)}
      </VariablesContext.Provider>
    </div>
  );
}

export default DashboardPreview;
