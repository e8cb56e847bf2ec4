import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DashboardPreview } from './DashboardPreview.tsx';
import { cssColor, layoutDashboard, thresholdColor } from './dashboard-model.ts';
import { readFileSync, readdirSync } from 'node:fs';
import { compile, dashboardPlanOf, type PlannedPanel } from '../../core/index.ts';
import { sampleSeries, sampleValue } from './sample-series.ts';
import { axisFor, clockTicks, formatValue, niceStepFor } from './units.ts';

const steps = [
  { color: 'red', value: null },
  { color: 'orange', value: 0.2 },
  { color: 'green', value: 0.5 },
];

/** A Grafana dashboard model in the shape the foundation SDK builds. */
const dashboard = {
  title: 'payment-api',
  uid: 'nthlayer-payment-api',
  schemaVersion: 39,
  panels: [
    { type: 'row', id: 1, title: 'SLOs', collapsed: false, gridPos: { x: 0, y: 0, w: 24, h: 1 }, panels: [] },
    {
      type: 'stat',
      id: 2,
      title: 'Budget remaining',
      gridPos: { x: 0, y: 1, w: 6, h: 4 },
      fieldConfig: { defaults: { unit: 'percentunit', thresholds: { mode: 'absolute', steps } } },
      targets: [{ expr: 'slo:error_budget_remaining:ratio{service="payment-api"}', refId: 'A' }],
    },
    {
      type: 'timeseries',
      id: 3,
      title: 'Error ratio',
      gridPos: { x: 6, y: 1, w: 18, h: 8 },
      fieldConfig: {
        defaults: {
          unit: 'percentunit',
          thresholds: {
            mode: 'absolute',
            steps: [
              { color: 'green', value: null },
              { color: 'red', value: 0.0144 },
            ],
          },
        },
      },
      targets: [
        { expr: 'slo:sli_error:ratio_rate5m', legendFormat: '{{slo}} 5m' },
        { expr: 'slo:sli_error:ratio_rate1h', legendFormat: '{{slo}} 1h' },
      ],
    },
    {
      type: 'row',
      id: 4,
      title: 'PostgreSQL',
      collapsed: true,
      gridPos: { x: 0, y: 9, w: 24, h: 1 },
      panels: [
        {
          type: 'gauge',
          id: 5,
          title: 'Connections used',
          gridPos: { x: 0, y: 10, w: 12, h: 6 },
          fieldConfig: { defaults: { unit: 'percent', max: 100 } },
          targets: [{ expr: 'pg_stat_activity_count' }],
        },
      ],
    },
  ],
};

describe('dashboard layout', () => {
  it('panels belong to the row above them, with lines relative to the row', () => {
    const layout = layoutDashboard(dashboard);
    expect(layout.ok).toBe(true);
    if (!layout.ok) return;
    expect(layout.view.rows.map((r) => [r.title, r.collapsed, r.panels.map((p) => p.title)])).toEqual([
      ['SLOs', false, ['Budget remaining', 'Error ratio']],
      ['PostgreSQL', true, ['Connections used']],
    ]);
    expect(layout.view.rows[0]?.panels.map((p) => [p.x, p.y, p.w, p.h])).toEqual([
      [0, 0, 6, 4],
      [6, 0, 18, 8],
    ]);
    expect(layout.view.panelCount).toBe(3);
  });

  it('rows and panels without ids (as the foundation SDK builds them) get distinct keys', () => {
    const layout = layoutDashboard({
      panels: [
        { type: 'row', id: 0, title: 'A', gridPos: { x: 0, y: 0, w: 24, h: 1 } },
        { type: 'stat', gridPos: { x: 0, y: 1, w: 12, h: 9 } },
        { type: 'row', id: 0, title: 'B', gridPos: { x: 0, y: 10, w: 24, h: 1 } },
        { type: 'stat', gridPos: { x: 0, y: 11, w: 12, h: 9 } },
      ],
    });
    if (!layout.ok) throw new Error(layout.error);
    const keys = layout.view.rows.flatMap((r) => [r.key, ...r.panels.map((p) => p.key)]);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('a panel wider than the grid is clipped to 24 columns', () => {
    const layout = layoutDashboard({ panels: [{ type: 'stat', gridPos: { x: 20, y: 0, w: 12, h: 3 } }] });
    expect(layout.ok && layout.view.rows[0]?.panels[0]?.w).toBe(4);
  });

  it('something that is not a dashboard is an error, not a crash', () => {
    expect(layoutDashboard({ panels: 'nope' }).ok).toBe(false);
    expect(layoutDashboard(null).ok).toBe(false);
  });

  it('a value takes the colour of the last threshold step at or below it', () => {
    expect(thresholdColor(steps, 0.1)).toBe('red');
    expect(thresholdColor(steps, 0.2)).toBe('orange');
    expect(thresholdColor(steps, 0.9)).toBe('green');
    expect(cssColor('javascript:alert(1)')).toBe('#8e8e8e');
  });

  it('units are formatted like Grafana', () => {
    expect(formatValue(0.99512, 'percentunit')).toBe('99.51%');
    expect(formatValue(0.25, 's')).toBe('250 ms');
    expect(formatValue(1536, 'bytes')).toBe('1.5 KiB');
    expect(formatValue(1200, 'reqps')).toBe('1.2 K req/s');
  });

  it('sample series are deterministic, so a panel looks the same on every render', () => {
    const spec = { key: 'p1', unit: 'percentunit', queries: [{ name: 'a' }, { name: 'b' }] };
    expect(sampleSeries(spec, 1_700_000_000)).toEqual(sampleSeries(spec, 1_700_000_000));
  });
});

describe('axes on round steps', () => {
  it('bytes step in powers of two of a binary unit, never 200 MiB', () => {
    const MiB = 1024 ** 2;
    expect(niceStepFor('bytes', 180 * MiB)).toBe(256 * MiB);
    expect(niceStepFor('bytes', 3 * 1024 ** 3) / 1024 ** 3).toBe(4);
    const a = axisFor([300 * MiB, 900 * MiB], 'bytes');
    expect(a.ticks.map((t) => formatValue(t, 'bytes', a.decimals))).toEqual(['256 MiB', '512 MiB', '768 MiB', '1 GiB']);
    // Past 1 GiB a 256 MiB step reads exactly: 1.25 GiB, never 1.3 GiB.
    const b = axisFor([300 * MiB, 1200 * MiB], 'bytes');
    expect(b.ticks.map((t) => formatValue(t, 'bytes', b.decimals))).toEqual(['256 MiB', '512 MiB', '768 MiB', '1 GiB', '1.25 GiB']);
  });

  it('time steps are clock steps: 15 s, 1 min, 5 min, not 0.2 s multiples of minutes', () => {
    expect(niceStepFor('s', 12)).toBe(15);
    expect(niceStepFor('s', 50)).toBe(60);
    expect(niceStepFor('s', 250)).toBe(300);
    expect(niceStepFor('ms', 180)).toBe(200);
  });

  it('the time axis is ticked at round clock times inside the range', () => {
    const start = 1_700_000_130;
    const ticks = clockTicks(start, start + 3600);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.every((t) => t % 600 === 0 || t % 900 === 0)).toBe(true);
    expect(ticks[0]).toBeGreaterThanOrEqual(start);
  });
});

describe('y axis', () => {
  /** The ticks a chart would print for an axis, five of them evenly spaced. */
  const ticks = (a: ReturnType<typeof axisFor>, unit: string): string[] =>
    [0, 1, 2, 3, 4].map((i) => formatValue(a.domain[0] + ((a.domain[1] - a.domain[0]) * i) / 4, unit, a.decimals));

  it('an SLI near 100 % fills the chart, with enough decimals that ticks differ', () => {
    const sli = [0.9991, 0.9996, 0.99985, 0.9993];
    const a = axisFor([...sli, 0.9995], 'percentunit');
    expect(a.domain[0]).toBeGreaterThanOrEqual(0.998);
    expect(a.domain[0]).toBeLessThanOrEqual(0.9991);
    expect(a.domain[1]).toBeGreaterThanOrEqual(0.99985);
    expect(a.domain[1]).toBeLessThanOrEqual(1.0005);
    expect(new Set(ticks(a, 'percentunit')).size).toBe(5);
    // The ticks a chart draws are round steps inside the domain, each printed differently.
    expect(a.ticks.length).toBeGreaterThanOrEqual(3);
    expect(a.ticks[0]).toBeGreaterThanOrEqual(a.domain[0]);
    expect(a.ticks.at(-1)).toBeLessThanOrEqual(a.domain[1]);
    const labels = a.ticks.map((t) => formatValue(t, 'percentunit', a.decimals));
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.every((l) => /^\d+(\.\d{1,3})?%$/.test(l))).toBe(true);
  });

  it('threshold lines stay on the chart, and non-negative data never gets a negative axis', () => {
    const a = axisFor([0.2, 1.5, 0.9, 14.4, 6], 'suffix:×');
    expect(a.domain[0]).toBe(0);
    expect(a.domain[1]).toBeGreaterThanOrEqual(14.4);
    expect(axisFor([3, 4], 'short').domain[0]).toBeGreaterThanOrEqual(0);
  });

  it("a panel's fixed min and max win over the data", () => {
    expect(axisFor([0.4, 0.6], 'percentunit', { min: 0, max: 1 }).domain).toEqual([0, 1]);
    expect(axisFor([40, 60], 'short', { min: 0 }).domain[0]).toBe(0);
  });

  it('no data or a flat line still gives an axis with room', () => {
    expect(axisFor([], 'short').domain).toEqual([0, 1]);
    const flat = axisFor([5, 5, Number.NaN], 'short');
    expect(flat.domain[0]).toBeLessThan(5);
    expect(flat.domain[1]).toBeGreaterThan(5);
  });
});

describe("sample series: placed by the dashboard plan, inside each panel's green band", () => {
  const examples = readdirSync('examples').filter((f) => f.endsWith('.yaml'));
  const end = 1_700_000_000;
  const plans = examples.map((f) => {
    const r = compile({ file: `examples/${f}`, text: readFileSync(`examples/${f}`, 'utf8') });
    return { f, panels: r.bundle ? (dashboardPlanOf(r.bundle)?.rows ?? []).flatMap((row) => row.panels) : [] };
  });
  const specOf = (p: PlannedPanel) => ({
    key: String(p.id),
    unit: p.unit,
    role: p.role,
    healthy: p.healthy,
    queries: p.queries.map((q, i) => ({
      name: `q${i}`,
      ...(q.role === 'limit' ? { limit: true } : {}),
      ...(q.window ? { window: q.window } : {}),
    })),
  });
  const green = (p: PlannedPanel, v: number): boolean =>
    thresholdColor(
      p.thresholds.map((t) => ({ color: t.color, value: t.value ?? null })),
      v,
    ) === 'green';

  it('every measured sample value of every panel with thresholds is green, in every example', () => {
    let checked = 0;
    for (const { f, panels } of plans) {
      for (const p of panels) {
        const spec = specOf(p);
        const rows = sampleSeries(spec, end);
        for (const q of spec.queries.filter((x) => !x.limit)) {
          for (const row of rows) expect(green(p, row[q.name]!), `${f} ${p.title} ${q.name} = ${row[q.name]}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('bad-event panels (deadlocks, restarts) sit near zero; SLIs above their objective', () => {
    const all = plans.flatMap((x) => x.panels);
    const deadlocks = all.find((p) => p.title === 'Deadlocks')!;
    expect(deadlocks.role).toBe('bad-events');
    const values = sampleSeries(specOf(deadlocks), end).map((r) => r.q0!);
    expect(Math.max(...values)).toBeLessThan(0.3);
    expect(values.filter((v) => v === 0).length).toBeGreaterThan(values.length / 2);
    const sli = all.find((p) => p.title.endsWith(': SLI vs objective'))!;
    const objective = sli.healthy!.min;
    for (const row of sampleSeries(specOf(sli), end)) {
      expect(row.q0).toBeGreaterThanOrEqual(objective);
      expect(row.q0).toBeLessThanOrEqual(1);
      expect(row.q2).toBe(objective); // the objective series: a flat line at the objective
    }
  });

  it('the SLI over the SLO window moves far less than the 5-minute one', () => {
    const sli = plans.flatMap((x) => x.panels).find((p) => p.title.endsWith(': SLI vs objective'))!;
    const rows = sampleSeries(specOf(sli), end);
    const spread = (k: string) => Math.max(...rows.map((r) => r[k]!)) - Math.min(...rows.map((r) => r[k]!));
    expect(spread('q1')).toBeLessThan(spread('q0') / 4);
  });

  it('a limit such as max_connections is a flat line above the measurement', () => {
    const conns = plans.flatMap((x) => x.panels).find((p) => p.title === 'Connections' && p.queries.some((q) => q.role === 'limit'))!;
    const spec = specOf(conns);
    const limit = spec.queries.findIndex((q) => q.limit);
    const rows = sampleSeries(spec, end);
    expect(new Set(rows.map((r) => r[`q${limit}`])).size).toBe(1);
    expect(Math.max(...rows.map((r) => r.q0!))).toBeLessThan(rows[0]![`q${limit}`]!);
  });

  it('a stat shows a value in its green band (error budget left at least half)', () => {
    const budget = plans.flatMap((x) => x.panels).find((p) => p.title.endsWith(': error budget left'))!;
    const v = sampleValue(specOf(budget), end);
    expect(green(budget, v)).toBe(true);
    expect(v).toBeGreaterThanOrEqual(0.5);
  });
});

describe('DashboardPreview', () => {
  it('without dashboard.json it shows an empty state', () => {
    expect(renderToStaticMarkup(createElement(DashboardPreview, { content: undefined }))).toContain('No dashboard in this bundle yet');
  });

  it('renders rows, titles, units and grid positions, and says the data is sample data', () => {
    const html = renderToStaticMarkup(createElement(DashboardPreview, { content: JSON.stringify(dashboard) }));
    expect(html).toContain('Budget remaining');
    expect(html).toContain('grid-column:7 / span 18');
    expect(html).toContain('title="unit: percentunit"');
    expect(html).toContain('sample data');
    // A collapsed row shows its header, not its panels.
    expect(html).toContain('PostgreSQL');
    expect(html).not.toContain('Connections used</h4>');
  });

  it('broken JSON is reported in the view', () => {
    expect(renderToStaticMarkup(createElement(DashboardPreview, { content: '{' }))).toContain('not valid JSON');
  });
});
