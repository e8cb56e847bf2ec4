/**
 * What the dashboard shows, as plain data: rows of panels with bound PromQL, units, thresholds and
 * grid positions. The SDK only turns this plan into Grafana JSON (index.ts), so layout and query
 * rules are tested without it.
 */
import { DASHBOARD_VARS, LABELS, RECORDS } from '../../conventions.ts';
import { sloFacts } from '../../budget/facts.ts';
import { objectMemo } from '../../memo.ts';
import type { DependencyModel, ServiceModel, SloModel } from '../../model/types.ts';
import { assertPromql, formatMatchers, formatSelector, type LabelMatcher } from '../../promql/parse.ts';
import { bindExpr } from '../../technologies/expr.ts';
import { TECHNOLOGIES, serviceTechnology } from '../../technologies/registry.ts';
import { resolveMetrics } from '../../technologies/resolve.ts';
import { scopeFor } from '../../technologies/scope.ts';
import {
  panelRole,
  stepName,
  type PanelKind,
  type PanelRole,
  type TechnologyTemplate,
  type ThresholdStep,
} from '../../technologies/types.ts';
import { clean, formatDuration, formatNumber, type Seconds } from '../../units.ts';

export const GRID_COLUMNS = 24;
const PANEL_HEIGHT = 8;
const WIDTH: Record<PanelKind, number> = { timeseries: 8, stat: 4, gauge: 4 };

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PlannedQuery {
  expr: string;
  legend?: string;
  /** `limit`: a configured bound (an objective, max_connections, a quota) drawn beside the measure. */
  role?: 'limit';
  /** The range the query averages over when it is not the usual 5m (an SLI over the SLO window moves far less). */
  window?: Seconds;
}

/** The values a healthy service shows on a panel: inside its green band. */
export interface HealthyRange {
  min: number;
  max: number;
}

export interface PlannedPanel {
  id: number;
  title: string;
  description: string;
  kind: PanelKind;
  unit: string;
  queries: PlannedQuery[];
  /** Colour steps, base first; every step after the base is named (see technologies/types.ts `stepName`). */
  thresholds: ThresholdStep[];
  /** What the values say about health (drives the studio's sample data and legends). */
  role: PanelRole;
  /** Where a healthy service's values sit; absent for `volume` panels, which have no green band. */
  healthy?: HealthyRange;
  min?: number;
  max?: number;
  /** Draw the thresholds on a time series as dashed lines. */
  showThresholds?: boolean;
  gridPos: GridPos;
}

export interface PlannedRow {
  id: number;
  title: string;
  gridPos: GridPos;
  panels: PlannedPanel[];
}

export interface PlannedVariable {
  name: string;
  label: string;
  kind: 'datasource' | 'custom' | 'query';
  /** datasource type, custom value or label_values() query. */
  query: string;
  includeAll?: boolean;
  /** A query variable's values: the `label` values of the series `selector` picks (what `query` asks Grafana for). */
  values?: { selector: string; label: string };
}

export interface DashboardPlan {
  rows: PlannedRow[];
  variables: PlannedVariable[];
}

type Draft = Omit<PlannedPanel, 'id' | 'gridPos' | 'role' | 'healthy'> & { w?: number; role?: PanelRole; healthy?: HealthyRange };

/** Names every step after the base, so each threshold says what crossing it means. */
function named(steps: readonly ThresholdStep[]): ThresholdStep[] {
  return steps.map((st, i) => (i === 0 ? { ...st } : { ...st, name: stepName(st) }));
}

/**
 * The green band of a panel with a role: above the green step for higher-is-better (up to the
 * panel's max, 1 for a ratio), below the first warning step for lower-is-better and bad-events.
 */
function healthyRange(
  role: PanelRole,
  steps: readonly ThresholdStep[],
  unit: string,
  min?: number,
  max?: number,
): HealthyRange | undefined {
  if (role === 'volume') return undefined;
  if (role === 'higher-is-better') {
    const green = steps.find((st) => st.color === 'green' && st.value !== undefined)?.value;
    if (green === undefined) return undefined;
    const top = max ?? (unit === 'percentunit' ? 1 : green > 0 ? green * 3 : 1);
    return { min: green, max: Math.max(green, top) };
  }
  const firstBad = steps.find((st) => st.value !== undefined && st.color !== 'green')?.value;
  if (firstBad === undefined) return undefined;
  return { min: min ?? 0, max: firstBad };
}

function finish(d: Draft): Omit<Draft, 'role' | 'healthy'> & { role: PanelRole; healthy?: HealthyRange } {
  const role = d.role ?? panelRole({ thresholds: d.thresholds, unit: d.unit });
  const thresholds = named(d.thresholds);
  const healthy = d.healthy ?? healthyRange(role, thresholds, d.unit, d.min, d.max);
  return { ...d, thresholds, role, ...(healthy ? { healthy } : {}) };
}

const v = (name: string): string => `$${name}`;

/** The service's own selector with its value for the service name swapped for `$service`. */
function serviceMatchers(model: ServiceModel): LabelMatcher[] {
  return model.observability.selector.map((m) => (m.value === model.name && m.op === '=' ? { ...m, value: v(DASHBOARD_VARS.service) } : m));
}

const namespaceMatcher: LabelMatcher = { name: 'namespace', op: '=~', value: v(DASHBOARD_VARS.namespace) };

/** An SLO's panels, the same drafts while the SLO and the service's alert settings are (its facts read nothing else). */
const sloDrafts = objectMemo<SloModel, Draft[]>();

function sloPanels(model: ServiceModel, slo: SloModel): Draft[] {
  return sloDrafts.get(slo, [model.alerts], () => sloPanelsFresh(model, slo));
}

function sloPanelsFresh(model: ServiceModel, slo: SloModel): Draft[] {
  const sel = `{${formatMatchers([
    { name: LABELS.service, op: '=', value: v(DASHBOARD_VARS.service) },
    { name: LABELS.slo, op: '=', value: slo.name },
  ])}}`;
  const facts = sloFacts(model, slo);
  const window = formatDuration(slo.window);
  const fast = facts.tiers.find((t) => t.name === 'page_fast')!;
  const slow = facts.tiers.find((t) => t.name === 'page_slow')!;
  const objective = `${formatNumber(slo.objectivePercent)}%`;
  // Budget left, coloured by the same status bands the CLI and the studio report.
  const bands = facts.statusBands;
  return [
    {
      title: `${slo.name}: SLI vs objective`,
      kind: 'timeseries',
      unit: 'percentunit',
      w: 12,
      description: `${slo.description ?? `The ${slo.name} SLO`}. Objective ${objective} over ${window}; the SLI is 1 - the error ratio recorded by the SLO rules.`,
      queries: [
        { expr: `1 - ${RECORDS.sliError('5m')}${sel}`, legend: 'SLI (5m)' },
        { expr: `1 - ${RECORDS.sliError(window)}${sel}`, legend: `SLI (${window})`, window: slo.window },
        { expr: `${RECORDS.objective}${sel}`, legend: 'objective', role: 'limit' },
      ],
      thresholds: [{ color: 'red' }, { color: 'green', value: slo.objective, name: 'objective' }],
      role: 'higher-is-better',
      healthy: { min: slo.objective, max: 1 },
    },
    {
      title: `${slo.name}: error budget left`,
      kind: 'stat',
      unit: 'percentunit',
      description: `Share of the ${window} error budget still unspent (1 = untouched, 0 or below = exhausted). Red once ${formatNumber(bands.critical * 100)}% is consumed, yellow from ${formatNumber(bands.warning * 100)}%.`,
      queries: [{ expr: `${RECORDS.errorBudgetRemaining}${sel}`, window: slo.window }],
      thresholds: [
        { color: 'red' },
        { color: 'yellow', value: clean(1 - bands.critical), name: 'critical' },
        { color: 'green', value: clean(1 - bands.warning), name: 'healthy' },
      ],
      role: 'higher-is-better',
      healthy: { min: clean(1 - bands.warning), max: 1 },
    },
    {
      title: `${slo.name}: burn rate`,
      kind: 'timeseries',
      unit: 'suffix:×',
      w: 8,
      showThresholds: true,
      description: `How many times faster than sustainable the budget burns. Pages at ${formatNumber(fast.factor)}× over ${formatDuration(fast.longWindow)} and ${formatNumber(slow.factor)}× over ${formatDuration(slow.longWindow)}.`,
      queries: [fast, slow].map((t) => ({
        expr: `${RECORDS.sliError(formatDuration(t.longWindow))}${sel} / on (${LABELS.service}, ${LABELS.slo}) ${RECORDS.errorBudget}${sel}`,
        legend: `burn rate (${formatDuration(t.longWindow)})`,
        window: t.longWindow,
      })),
      thresholds: [
        { color: 'green' },
        { color: 'orange', value: slow.factor, name: `${slow.name} (${formatDuration(slow.longWindow)})` },
        { color: 'red', value: fast.factor, name: `${fast.name} (${formatDuration(fast.longWindow)})` },
      ],
      role: 'lower-is-better',
      // A budget lasts the window at 1×: a healthy service burns at or below it.
      healthy: { min: 0, max: 1 },
    },
  ];
}

function sourceNote(t: TechnologyTemplate): string {
  return `Metrics: ${t.exporter.name} (${t.exporter.docs}).`;
}

function templatePanels(
  model: ServiceModel,
  t: TechnologyTemplate,
  matchers: LabelMatcher[],
  scope?: (metric: string) => readonly LabelMatcher[],
): Draft[] {
  const { rename, relabel } = resolveMetrics(model, t);
  return t.panels.map((p) => ({
    title: p.title,
    kind: p.kind,
    unit: p.unit,
    description: `${p.description}\n\n${sourceNote(t)}`,
    queries: p.queries.map((q) => ({
      expr: bindExpr(q.expr, { rename, relabel, matchers, ...(scope ? { scope } : {}) }),
      ...(q.legend ? { legend: q.legend } : {}),
      ...(q.role ? { role: q.role } : {}),
    })),
    thresholds: p.thresholds ?? [{ color: 'green' }],
    ...(p.role ? { role: p.role } : {}),
    ...(p.min !== undefined ? { min: p.min } : {}),
    ...(p.max !== undefined ? { max: p.max } : {}),
  }));
}

function pickerMatchers(t: TechnologyTemplate): LabelMatcher[] {
  return t.scope.by === 'instance' ? [{ name: 'instance', op: '=~', value: v(DASHBOARD_VARS.instance(t.id)) }] : [namespaceMatcher];
}

/** Packs panels left to right in rows of 24 columns, starting under a row header at `top`. */
const placed = objectMemo<Draft, PlannedPanel>();

export function layoutRow(drafts: readonly Draft[], top: number, firstId: number): { panels: PlannedPanel[]; bottom: number } {
  let x = 0;
  let y = top;
  const panels = drafts.map((d, i) => {
    const w = Math.min(d.w ?? WIDTH[d.kind], GRID_COLUMNS);
    if (x + w > GRID_COLUMNS) {
      x = 0;
      y += PANEL_HEIGHT;
    }
    const id = firstId + i;
    const at = { x, y };
    x += w;
    // The same draft at the same place is the same panel object (the dashboard's JSON is remembered by it).
    return placed.get(d, [id, at.x, at.y, w], () => {
      const { w: _width, ...rest } = finish(d);
      return { ...rest, id, gridPos: { x: at.x, y: at.y, w, h: PANEL_HEIGHT } };
    });
  });
  return { panels, bottom: drafts.length === 0 ? top : y + PANEL_HEIGHT };
}

function dependencyTitle(dep: DependencyModel): string {
  return `${TECHNOLOGIES[dep.technology!].title}: ${dep.name}`;
}

export function planDashboard(model: ServiceModel): DashboardPlan {
  const sections: { title: string; drafts: Draft[] }[] = [];
  if (model.slos.length > 0) sections.push({ title: 'SLOs', drafts: model.slos.flatMap((s) => sloPanels(model, s)) });
  const own = TECHNOLOGIES[serviceTechnology(model.type)];
  sections.push({
    title: `Service health (${model.type})`,
    drafts: templatePanels(model, own, [...serviceMatchers(model), namespaceMatcher]),
  });
  // One row per dependency, every query scoped to the dependency's own series.
  for (const dep of model.dependencies) {
    if (!dep.technology) continue;
    const t = TECHNOLOGIES[dep.technology];
    sections.push({ title: dependencyTitle(dep), drafts: templatePanels(model, t, pickerMatchers(t), scopeFor(t, dep.selector)) });
  }

  const rows: PlannedRow[] = [];
  let y = 0;
  let id = 1;
  for (const s of sections) {
    const rowId = id++;
    const { panels, bottom } = layoutRow(s.drafts, y + 1, id);
    id += panels.length;
    rows.push({ id: rowId, title: s.title, gridPos: { x: 0, y, w: GRID_COLUMNS, h: 1 }, panels });
    y = bottom;
  }
  for (const r of rows) for (const p of r.panels) for (const q of p.queries) assertPromql(q.expr);

  const selector = formatMatchers(serviceMatchers(model));
  const variables: PlannedVariable[] = [
    { name: DASHBOARD_VARS.datasource, label: 'Prometheus', kind: 'datasource', query: 'prometheus' },
    { name: DASHBOARD_VARS.service, label: 'Service', kind: 'custom', query: model.name },
    {
      name: DASHBOARD_VARS.namespace,
      label: 'Namespace',
      kind: 'query',
      query: `label_values(up{${selector}}, namespace)`,
      includeAll: true,
      values: { selector: `up{${selector}}`, label: 'namespace' },
    },
    ...model.technologies.flatMap((tech): PlannedVariable[] => {
      const t = TECHNOLOGIES[tech];
      if (t.scope.by !== 'instance') return [];
      // The picker lists the instances of the dependency when there is one; with several of the
      // same technology it lists them all (each row stays scoped to its own dependency).
      const deps = model.dependencies.filter((d) => d.technology === tech);
      const only = deps.length === 1 ? scopeFor(t, deps[0]!.selector)(t.scope.metric) : [];
      const picked = formatSelector(t.scope.metric, only);
      return [
        {
          name: DASHBOARD_VARS.instance(tech),
          label: `${t.title} instance`,
          kind: 'query',
          query: `label_values(${picked}, instance)`,
          includeAll: true,
          values: { selector: picked, label: 'instance' },
        },
      ];
    }),
  ];
  return { rows, variables };
}
