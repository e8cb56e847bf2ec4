import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_VARS, FILES, RECORDS, dashboardUid } from '../../conventions.ts';
import { compile } from '../../index.ts';
import type { ServiceModel } from '../../model/types.ts';
import { metricNames, parsePromql } from '../../promql/parse.ts';
import { everyTechnologySpec } from '../../technologies/fixtures.ts';
import { TECHNOLOGIES } from '../../technologies/registry.ts';
import { buildDashboard } from './index.ts';
import { GRID_COLUMNS, layoutRow, planDashboard } from './plan.ts';

interface Target {
  expr: string;
  refId: string;
  datasource?: { type: string; uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Target[];
  fieldConfig?: { defaults: { unit?: string; thresholds?: { steps: { value: number | null }[] } } };
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; type: string }[] };
  links?: { url: string }[];
}

function compiled(text: string, file: string): { model: ServiceModel; dashboard: Dashboard; codes: string[] } {
  const r = compile({ file, text });
  if (!r.bundle || !r.model) throw new Error(JSON.stringify(r.diagnostics));
  const f = r.bundle.files.find((x) => x.path.endsWith(`/${FILES.dashboard}`));
  if (!f) throw new Error('no dashboard.json');
  return { model: r.model, dashboard: JSON.parse(f.content) as Dashboard, codes: r.diagnostics.map((d) => d.code) };
}

const overlaps = (a: Panel['gridPos'], b: Panel['gridPos']): boolean =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

function checkInvariants(model: ServiceModel, d: Dashboard): void {
  expect(d.uid).toBe(dashboardUid(model.name));
  const ids = d.panels.map((p) => p.id);
  expect(new Set(ids).size, 'panel ids are unique').toBe(ids.length);
  for (const p of d.panels) {
    expect(p.gridPos.x, p.title).toBeGreaterThanOrEqual(0);
    expect(p.gridPos.w, p.title).toBeGreaterThanOrEqual(1);
    expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(GRID_COLUMNS);
  }
  for (let i = 0; i < d.panels.length; i++) {
    for (let j = i + 1; j < d.panels.length; j++) {
      expect(overlaps(d.panels[i]!.gridPos, d.panels[j]!.gridPos), `${d.panels[i]!.title} overlaps ${d.panels[j]!.title}`).toBe(false);
    }
  }
  for (const p of d.panels.filter((x) => x.type !== 'row')) {
    expect(p.fieldConfig?.defaults.unit, `${p.title} has a unit`).toBeTruthy();
    expect(p.description, `${p.title} has a description`).toBeTruthy();
    expect(p.targets?.length, `${p.title} has targets`).toBeGreaterThan(0);
    const refIds = p.targets!.map((t) => t.refId);
    expect(new Set(refIds).size).toBe(refIds.length);
    for (const t of p.targets!) {
      expect(t.datasource, `${p.title} target has a datasource`).toEqual({ type: 'prometheus', uid: `\${${DASHBOARD_VARS.datasource}}` });
      expect(parsePromql(t.expr).errors, t.expr).toEqual([]);
    }
  }
  const vars = d.templating.list.map((v) => v.name);
  expect(vars).toEqual(expect.arrayContaining([DASHBOARD_VARS.datasource, DASHBOARD_VARS.service, DASHBOARD_VARS.namespace]));
  expect(d.templating.list.find((v) => v.name === DASHBOARD_VARS.datasource)!.type).toBe('datasource');
}

describe('dashboard.json', () => {
  const examples = readdirSync('examples').filter((f) => f.endsWith('.yaml'));
  it.each(examples)('examples/%s: unique ids, no overlap, datasource on every target, units set', (f) => {
    const { model, dashboard } = compiled(readFileSync(`examples/${f}`, 'utf8'), f);
    checkInvariants(model, dashboard);
  });

  it('every technology at once keeps the invariants and gets a row and an instance picker each', () => {
    const { model, dashboard } = compiled(everyTechnologySpec(), 'everything.yaml');
    checkInvariants(model, dashboard);
    const rows = dashboard.panels.filter((p) => p.type === 'row').map((p) => p.title);
    expect(rows[0]).toBe('Service health (api)');
    for (const t of model.technologies) {
      expect(
        rows.some((r) => r.startsWith(`${TECHNOLOGIES[t].title}:`)),
        t,
      ).toBe(true);
      if (TECHNOLOGIES[t].scope.by === 'instance')
        expect(dashboard.templating.list.map((v) => v.name)).toContain(DASHBOARD_VARS.instance(t));
    }
  });

  it('puts the SLO row first with SLI, budget and burn-rate panels per SLO from the SLO series', () => {
    const { model, dashboard } = compiled(readFileSync('examples/order-api.yaml', 'utf8'), 'order-api.yaml');
    expect(dashboard.panels[0]).toMatchObject({ type: 'row', title: 'SLOs' });
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    for (const slo of model.slos) {
      const sel = `{service="$service",slo="${slo.name}"}`;
      expect(exprs).toContain(`1 - ${RECORDS.sliError('5m')}${sel}`);
      expect(exprs).toContain(`${RECORDS.objective}${sel}`);
      expect(exprs).toContain(`${RECORDS.errorBudgetRemaining}${sel}`);
      expect(exprs.some((e) => e.startsWith(`${RECORDS.sliError('1h')}${sel} / on (service, slo) ${RECORDS.errorBudget}`))).toBe(true);
    }
    expect(dashboard.links?.[0]?.url).toBe('https://runbooks.example.com/order-api');
  });

  it('uses Observability.metrics overrides instead of the default metric', () => {
    const { dashboard } = compiled(readFileSync('examples/order-api.yaml', 'utf8'), 'order-api.yaml');
    const read = dashboard.panels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricNames(t.expr)));
    expect(read).toContain('pg_stat_activity_count');
    expect(read).not.toContain('pg_stat_database_numbackends');
  });

  it('scopes dependency panels to their instance picker and health panels to the service', () => {
    const { dashboard } = compiled(readFileSync('examples/order-api.yaml', 'utf8'), 'order-api.yaml');
    const byTitle = (t: string) => dashboard.panels.find((p) => p.title === t)!.targets![0]!.expr;
    expect(byTitle('Buffer cache hit ratio')).toContain('instance=~"$postgresql_instance"');
    expect(byTitle('Request rate')).toContain('service="$service",namespace=~"$namespace"');
  });

  it("reads the health metrics the service's own SLOs read (payment-api counts http_requests by code)", () => {
    const { dashboard } = compiled(readFileSync('examples/payment-api.yaml', 'utf8'), 'payment-api.yaml');
    const errorRatio = dashboard.panels.find((p) => p.title === 'Error ratio')!.targets![0]!.expr;
    expect(metricNames(errorRatio)).toEqual(['http_requests']);
    expect(errorRatio).toContain('code=~"5.."');
  });

  it('follows the status label the SLOs use (search-api counts by status)', () => {
    const { dashboard } = compiled(readFileSync('examples/search-api.yaml', 'utf8'), 'search-api.yaml');
    const byStatus = dashboard.panels.find((p) => p.title === 'Requests by status')!.targets![0]!.expr;
    expect(byStatus).toBe('sum by (status) (rate(http_requests_total{service="$service",namespace=~"$namespace"}[5m]))');
  });

  const badOverrides: [string, string][] = [
    ['a value that is not a metric name', 'postgresql.connections: "rate(x[5m])"'],
    ['an intent the technology does not have', 'postgresql.bogus: pg_x'],
    ['a technology without templates', 'dynamo.reads: x'],
  ];
  for (const [name, line] of badOverrides) {
    it(`reports ${name} as a diagnostic and keeps the default`, () => {
      const text = `${everyTechnologySpec()}  - kind: Observability\n    name: o\n    spec:\n      metrics:\n        ${line}\n`;
      const { dashboard, codes } = compiled(text, 'everything.yaml');
      expect(codes).toContain('observability/bad-metric-override');
      const read = dashboard.panels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricNames(t.expr)));
      expect(read).toContain('pg_stat_database_numbackends');
    });
  }

  it('is byte-stable', () => {
    const { model } = compiled(readFileSync('examples/order-api.yaml', 'utf8'), 'order-api.yaml');
    expect(JSON.stringify(buildDashboard(model))).toBe(JSON.stringify(buildDashboard(model)));
  });

  it('plans one row per section with panels below their row header', () => {
    const { model } = compiled(readFileSync('examples/nightly-etl.yaml', 'utf8'), 'nightly-etl.yaml');
    const plan = planDashboard(model);
    for (const row of plan.rows) for (const p of row.panels) expect(p.gridPos.y).toBeGreaterThan(row.gridPos.y);
  });

  it('layoutRow wraps to a new line when a panel does not fit', () => {
    const d = { title: 't', description: 'd', unit: 'short', queries: [], thresholds: [] };
    const { panels, bottom } = layoutRow(
      [
        { ...d, kind: 'timeseries', w: 12 },
        { ...d, kind: 'timeseries', w: 8 },
        { ...d, kind: 'timeseries', w: 8 },
      ],
      1,
      10,
    );
    expect(panels.map((p) => [p.id, p.gridPos.x, p.gridPos.y])).toEqual([
      [10, 0, 1],
      [11, 12, 1],
      [12, 0, 9],
    ]);
    expect(bottom).toBe(17);
  });
});
