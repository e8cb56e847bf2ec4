import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DashboardPreview } from './DashboardPreview.tsx';
import { cssColor, layoutDashboard, thresholdColor } from './dashboard-model.ts';
import { sampleSeries } from './sample-series.ts';
import { formatValue } from './units.ts';

const steps = [{ color: 'red', value: null }, { color: 'orange', value: 0.2 }, { color: 'green', value: 0.5 }];

/** A Grafana dashboard model in the shape the foundation SDK builds. */
const dashboard = {
  title: 'payment-api', uid: 'nthlayer-payment-api', schemaVersion: 39,
  panels: [
    { type: 'row', id: 1, title: 'SLOs', collapsed: false, gridPos: { x: 0, y: 0, w: 24, h: 1 }, panels: [] },
    { type: 'stat', id: 2, title: 'Budget remaining', gridPos: { x: 0, y: 1, w: 6, h: 4 }, fieldConfig: { defaults: { unit: 'percentunit', thresholds: { mode: 'absolute', steps } } }, targets: [{ expr: 'slo:error_budget_remaining:ratio{service="payment-api"}', refId: 'A' }] },
    { type: 'timeseries', id: 3, title: 'Error ratio', gridPos: { x: 6, y: 1, w: 18, h: 8 }, fieldConfig: { defaults: { unit: 'percentunit', thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: 0.0144 }] } } }, targets: [{ expr: 'slo:sli_error:ratio_rate5m', legendFormat: '{{slo}} 5m' }, { expr: 'slo:sli_error:ratio_rate1h', legendFormat: '{{slo}} 1h' }] },
    { type: 'row', id: 4, title: 'PostgreSQL', collapsed: true, gridPos: { x: 0, y: 9, w: 24, h: 1 }, panels: [
      { type: 'gauge', id: 5, title: 'Connections used', gridPos: { x: 0, y: 10, w: 12, h: 6 }, fieldConfig: { defaults: { unit: 'percent', max: 100 } }, targets: [{ expr: 'pg_stat_activity_count' }] },
    ] },
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
    expect(layout.view.rows[0]?.panels.map((p) => [p.x, p.y, p.w, p.h])).toEqual([[0, 0, 6, 4], [6, 0, 18, 8]]);
    expect(layout.view.panelCount).toBe(3);
  });

  it('rows and panels without ids (as the foundation SDK builds them) get distinct keys', () => {
    const layout = layoutDashboard({ panels: [
      { type: 'row', id: 0, title: 'A', gridPos: { x: 0, y: 0, w: 24, h: 1 } }, { type: 'stat', gridPos: { x: 0, y: 1, w: 12, h: 9 } },
      { type: 'row', id: 0, title: 'B', gridPos: { x: 0, y: 10, w: 24, h: 1 } }, { type: 'stat', gridPos: { x: 0, y: 11, w: 12, h: 9 } },
    ] });
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
    expect(sampleSeries('p1', ['a', 'b'], 'percentunit', 'Error ratio')).toEqual(sampleSeries('p1', ['a', 'b'], 'percentunit', 'Error ratio'));
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
