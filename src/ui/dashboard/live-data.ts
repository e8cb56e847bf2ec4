/**
 * Real data for the dashboard preview: template variables resolved the way the generated
 * dashboard uses them, and Prometheus matrices turned into chart rows.
 */
import type { QueryResult } from '../../prom/client.ts';

/** A chosen value of a query variable, as it goes into a `=~` matcher: `All` matches everything. */
export const ALL = '$__all';

/**
 * A chosen value as it goes inside a `=~"…"` matcher: regular-expression metacharacters escaped
 * (so `ledger-db:9187` matches only itself), and each escape doubled for the PromQL string.
 */
export function regexValue(value: string): string {
  return value === ALL ? '.*' : value.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&');
}

/** Variable name → value, from dashboard.json's `templating.list`. */
export function dashboardVariables(json: unknown, service: string): Map<string, string> {
  const vars = new Map<string, string>();
  const list = (json as { templating?: { list?: unknown } } | null)?.templating?.list;
  if (Array.isArray(list)) {
    for (const v of list) {
      const name = (v as { name?: unknown }).name;
      const type = (v as { type?: unknown }).type;
      if (typeof name !== 'string' || type === 'datasource') continue;
      // $service is the one fixed value; the rest (namespace, <technology>_instance) are used with =~.
      vars.set(name, name === 'service' ? service : '.*');
    }
  }
  vars.set('service', service);
  return vars;
}

const GRAFANA_GLOBALS: Record<string, string> = { __rate_interval: '5m', __interval: '1m', __range: '1h' };

/** `$name`, `${name}` and `[[name]]` replaced; unknown variables are left for Prometheus to reject. */
export function resolveExpr(expr: string, vars: Map<string, string>): string {
  return expr.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)|\[\[([A-Za-z_][A-Za-z0-9_]*)\]\]/g,
    (whole, a?: string, b?: string, c?: string) => {
      const name = a ?? b ?? c ?? '';
      return vars.get(name) ?? GRAFANA_GLOBALS[name] ?? whole;
    },
  );
}

export interface LiveSeries {
  name: string;
  points: [number, number][];
}

/** `{{label}}` in a legend filled from the series' labels, else the labels themselves. */
export function seriesName(legend: string, metric: Record<string, string>, fallback: string): string {
  if (legend.trim()) return legend.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_w, l: string) => metric[l] ?? '').trim() || fallback;
  const labels = Object.entries(metric)
    .filter(([k]) => k !== '__name__')
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
  return labels ? `${metric.__name__ ?? ''}{${labels}}` : (metric.__name__ ?? fallback);
}

export function toSeries(result: QueryResult, legend: string, fallback: string): LiveSeries[] {
  if (result.resultType === 'matrix') {
    return result.result.map((s) => ({
      name: seriesName(legend, s.metric, fallback),
      points: s.values.map(([t, v]) => [t, Number(v)] as [number, number]).filter(([, v]) => Number.isFinite(v)),
    }));
  }
  if (result.resultType === 'vector')
    return result.result.map((s) => ({ name: seriesName(legend, s.metric, fallback), points: [[s.value[0], Number(s.value[1])]] }));
  return [{ name: fallback, points: [[result.result[0], Number(result.result[1])]] }];
}

/** Rows for recharts: one per timestamp (epoch seconds), a column per series. */
export function chartRows(series: LiveSeries[]): { names: string[]; rows: Record<string, number>[] } {
  const names: string[] = [];
  for (const s of series) {
    let n = s.name;
    for (let i = 2; names.includes(n); i++) n = `${s.name} (${i})`;
    names.push(n);
  }
  const byT = new Map<number, Record<string, number>>();
  series.forEach((s, i) => {
    for (const [t, v] of s.points) {
      const row = byT.get(t) ?? { t };
      row[names[i]!] = v;
      byT.set(t, row);
    }
  });
  return { names, rows: [...byT.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r) };
}
