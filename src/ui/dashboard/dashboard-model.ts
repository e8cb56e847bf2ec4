/**
 * The parts of a Grafana dashboard model the preview draws: rows, panels with gridPos on Grafana's
 * 24-column grid, titles, units, thresholds and PromQL targets. Parsed with zod (loosely: a real
 * dashboard carries much more), laid out the way Grafana does.
 */
import { z } from 'zod';

export const GRID_COLUMNS = 24;
/** Grafana's grid cell height and gap in pixels. */
export const GRID_CELL_HEIGHT = 30;
export const GRID_GAP = 8;

const GridPosSchema = z.object({
  x: z
    .number()
    .int()
    .min(0)
    .max(GRID_COLUMNS - 1)
    .catch(0),
  y: z.number().int().min(0).catch(0),
  w: z.number().int().min(1).max(GRID_COLUMNS).catch(12),
  h: z.number().int().min(1).max(200).catch(8),
});

const ThresholdStepSchema = z.object({
  color: z.string().max(64).catch('green'),
  value: z.number().nullable().catch(null),
});

const TargetSchema = z.looseObject({
  expr: z.string().optional(),
  legendFormat: z.string().optional(),
  refId: z.string().optional(),
});

const FieldDefaultsSchema = z
  .looseObject({
    unit: z.string().max(64).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    decimals: z.number().optional(),
    thresholds: z
      .looseObject({
        mode: z.enum(['absolute', 'percentage']).catch('absolute'),
        steps: z.array(ThresholdStepSchema).catch([]),
      })
      .optional(),
  })
  .catch({});

interface RawPanel {
  type: string;
  title?: string;
  description?: string;
  id?: number;
  gridPos?: z.infer<typeof GridPosSchema>;
  collapsed?: boolean;
  fieldConfig?: { defaults?: z.infer<typeof FieldDefaultsSchema> };
  targets?: z.infer<typeof TargetSchema>[];
  panels?: RawPanel[];
}

const PanelSchema: z.ZodType<RawPanel> = z.lazy(() =>
  z.looseObject({
    type: z.string().max(64),
    title: z.string().max(500).optional(),
    description: z.string().max(5000).optional(),
    id: z.number().optional(),
    gridPos: GridPosSchema.optional(),
    collapsed: z.boolean().optional(),
    fieldConfig: z.looseObject({ defaults: FieldDefaultsSchema.optional() }).optional(),
    targets: z.array(TargetSchema).optional(),
    panels: z.array(PanelSchema).optional(),
  }),
);

const DashboardSchema = z.looseObject({
  title: z.string().max(500).optional(),
  uid: z.string().optional(),
  panels: z.array(PanelSchema).default([]),
});

export interface Threshold {
  color: string;
  value: number | null;
}

export interface PanelView {
  key: string;
  /** Grafana's panel id: joins the panel with its entry in the dashboard plan. */
  id?: number;
  type: string;
  title: string;
  description?: string;
  x: number;
  y: number;
  w: number;
  h: number;
  unit: string;
  min?: number;
  max?: number;
  decimals?: number;
  thresholds: Threshold[];
  thresholdMode: 'absolute' | 'percentage';
  targets: { expr: string; legend: string }[];
}

export interface RowView {
  /** From the panel's position in the list: Grafana ids may repeat or be missing. */
  key: string;
  title: string;
  collapsed: boolean;
  /** The row header's own grid line (undefined for panels above the first row). */
  y?: number;
  panels: PanelView[];
}

export interface DashboardView {
  title: string;
  uid?: string;
  rows: RowView[];
  panelCount: number;
}

export type DashboardParse = { ok: true; view: DashboardView } | { ok: false; error: string };

function toPanel(p: RawPanel, key: string): PanelView {
  const d = p.fieldConfig?.defaults ?? {};
  const pos = p.gridPos ?? { x: 0, y: 0, w: 12, h: 8 };
  return {
    key,
    ...(p.id !== undefined ? { id: p.id } : {}),
    type: p.type,
    title: p.title ?? '',
    ...(p.description ? { description: p.description } : {}),
    x: pos.x,
    y: pos.y,
    w: Math.min(pos.w, GRID_COLUMNS - pos.x),
    h: pos.h,
    unit: d.unit ?? 'short',
    ...(d.min !== undefined ? { min: d.min } : {}),
    ...(d.max !== undefined ? { max: d.max } : {}),
    ...(d.decimals !== undefined ? { decimals: d.decimals } : {}),
    thresholds: d.thresholds?.steps ?? [],
    thresholdMode: d.thresholds?.mode ?? 'absolute',
    targets: (p.targets ?? []).filter((t) => t.expr).map((t) => ({ expr: t.expr ?? '', legend: t.legendFormat ?? '' })),
  };
}

/**
 * Groups panels under the row above them, as Grafana does: a row owns every panel below its own
 * line until the next row; a collapsed row carries its panels inside `panels`.
 */
export function layoutDashboard(json: unknown): DashboardParse {
  const parsed = DashboardSchema.safeParse(json);
  if (!parsed.success) return { ok: false, error: `dashboard.json is not a Grafana dashboard: ${parsed.error.issues[0]?.message ?? ''}` };
  const sorted = [...parsed.data.panels].sort(
    (a, b) => (a.gridPos?.y ?? 0) - (b.gridPos?.y ?? 0) || (a.gridPos?.x ?? 0) - (b.gridPos?.x ?? 0),
  );
  const rows: RowView[] = [];
  let current: RowView = { key: 'top', title: '', collapsed: false, panels: [] };
  let count = 0;
  sorted.forEach((p, i) => {
    if (p.type === 'row') {
      if (current.panels.length > 0 || current.y !== undefined) rows.push(current);
      current = {
        key: `row-${i}`,
        title: p.title ?? '',
        collapsed: p.collapsed ?? false,
        y: p.gridPos?.y ?? 0,
        panels: (p.panels ?? []).map((child, j) => toPanel(child, `p-${i}-${j}`)),
      };
      count += current.panels.length;
    } else {
      current.panels.push(toPanel(p, `p-${i}`));
      count++;
    }
  });
  if (current.panels.length > 0 || current.y !== undefined) rows.push(current);
  // Inside each row, panel lines are relative to the first line under the row header.
  for (const row of rows) {
    const top = row.panels.reduce((m, p) => Math.min(m, p.y), Number.POSITIVE_INFINITY);
    for (const p of row.panels) p.y -= Number.isFinite(top) ? top : 0;
  }
  return {
    ok: true,
    view: { title: parsed.data.title ?? 'Dashboard', ...(parsed.data.uid ? { uid: parsed.data.uid } : {}), rows, panelCount: count },
  };
}

/** The colour of the step a value falls in (Grafana: the last step whose value is ≤ the value). */
export function thresholdColor(
  steps: readonly Threshold[],
  value: number,
  mode: 'absolute' | 'percentage' = 'absolute',
  min = 0,
  max = 100,
): string {
  const v = mode === 'percentage' ? ((value - min) / (max - min || 1)) * 100 : value;
  let color = steps[0]?.color ?? 'green';
  for (const s of steps) if (s.value === null || v >= s.value) color = s.color;
  return color;
}

/**
 * Grafana's named colours, as theme variables (styles.css): Grafana's own shades on the dark
 * theme, darker ones on the light theme so a green value reads against white (WCAG AA).
 */
const NAMED: Record<string, string> = {
  green: 'var(--gf-green)',
  'semi-dark-green': 'var(--gf-green)',
  'dark-green': 'var(--gf-green)',
  red: 'var(--gf-red)',
  'semi-dark-red': 'var(--gf-red)',
  'dark-red': 'var(--gf-red)',
  orange: 'var(--gf-orange)',
  'semi-dark-orange': 'var(--gf-orange)',
  'dark-orange': 'var(--gf-orange)',
  yellow: 'var(--gf-yellow)',
  'semi-dark-yellow': 'var(--gf-yellow)',
  'dark-yellow': 'var(--gf-yellow)',
  blue: 'var(--gf-blue)',
  'semi-dark-blue': 'var(--gf-blue)',
  'dark-blue': 'var(--gf-blue)',
  purple: 'var(--gf-purple)',
  text: 'currentColor',
  transparent: 'transparent',
};

export function cssColor(name: string): string {
  if (NAMED[name]) return NAMED[name];
  if (/^#[0-9a-fA-F]{3,8}$/.test(name) || /^rgba?\([\d\s.,%]+\)$/.test(name)) return name;
  return '#8e8e8e';
}
