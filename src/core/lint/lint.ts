/**
 * `apply --lint`: parser-based checks on every generated PromQL expression (what pint would flag,
 * without pint): syntax, rate() over a gauge, ratios whose two sides are grouped differently, and
 * ranges too short for the scrape interval. Rule files and dashboard targets are both checked.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Bundle } from '../bundle.ts';
import { children, nodeText, parsePromql, readVectorSelector, unwrap } from '../promql/parse.ts';
import { TECHNOLOGIES } from '../technologies/registry.ts';
import { formatDuration, parseDuration, seconds, type Seconds } from '../units.ts';

export interface LintFinding {
  file: string;
  /** The rule (`alert`/`record` name) or the panel title the expression belongs to. */
  where: string;
  expr: string;
  severity: 'error' | 'warning';
  check: 'syntax' | 'rate-on-gauge' | 'ratio-grouping' | 'short-range' | 'rule-selector';
  message: string;
}

export interface LintOptions {
  scrapeInterval: Seconds;
  /** Evaluation interval of recorded series (`slo:` and other record names). */
  evaluationInterval: Seconds;
  /** The labels given for PrometheusRule objects (`--rule-labels`); none is a warning when the bundle has any. */
  ruleLabels?: Readonly<Record<string, string>>;
}

const COUNTER_FUNCTIONS = new Set(['rate', 'irate', 'increase', 'resets']);
const COUNTER_SUFFIX = /(_total|_count|_sum|_bucket|_created)$/;

let knownTypes: Map<string, string> | undefined;
function metricTypes(): Map<string, string> {
  if (!knownTypes) {
    knownTypes = new Map();
    for (const t of Object.values(TECHNOLOGIES)) {
      for (const m of Object.values(t.metrics)) {
        knownTypes.set(m.metric, m.type);
        for (const alt of m.alternatives ?? []) knownTypes.set(alt, m.type);
      }
    }
  }
  return knownTypes;
}

/** The expressions inside an artifact, with the rule or panel they belong to. */
function located(data: unknown): { where: string; expr: string }[] {
  const out: { where: string; expr: string }[] = [];
  const visit = (v: unknown, where: string): void => {
    if (Array.isArray(v)) v.forEach((x) => visit(x, where));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const here =
        typeof o.alert === 'string' ? o.alert : typeof o.record === 'string' ? o.record : typeof o.title === 'string' ? o.title : where;
      if (typeof o.expr === 'string') out.push({ where: here, expr: o.expr });
      for (const [k, x] of Object.entries(o)) if (k !== 'expr') visit(x, here);
    }
  };
  visit(data, '');
  return out;
}

function groupingOf(text: string, node: SyntaxNode): string | undefined {
  const n = unwrap(node);
  if (n.name !== 'AggregateExpr') return undefined;
  const mod = children(n).find((c) => c.name === 'AggregateModifier');
  if (!mod) return 'none';
  const kind = nodeText(text, mod).trim().startsWith('without') ? 'without' : 'by';
  const labels = children(mod).find((c) => c.name === 'GroupingLabels');
  const names = labels
    ? children(labels)
        .filter((c) => c.name === 'LabelName')
        .map((c) => nodeText(text, c))
        .sort()
    : [];
  return `${kind} (${names.join(', ')})`;
}

export function lintExpression(expr: string, recorded: Set<string>, opts: LintOptions): Omit<LintFinding, 'file' | 'where'>[] {
  const parsed = parsePromql(expr);
  const out: Omit<LintFinding, 'file' | 'where'>[] = [];
  if (parsed.errors.length > 0) {
    return [{ expr, severity: 'error', check: 'syntax', message: `syntax error: ${parsed.errors[0]!.message}` }];
  }
  const types = metricTypes();
  parsed.tree.iterate({
    enter: (ref) => {
      const n = ref.node;
      if (n.name === 'FunctionCall') {
        const fn = nodeText(
          expr,
          children(n).find((c) => c.name === 'FunctionIdentifier')!,
        ).trim();
        if (!COUNTER_FUNCTIONS.has(fn)) return;
        const body = children(n).find((c) => c.name === 'FunctionCallBody');
        const matrix = body ? children(body).find((c) => c.name === 'MatrixSelector') : undefined;
        const sel = matrix ? children(matrix).find((c) => c.name === 'VectorSelector') : undefined;
        if (!sel) return;
        const metric = readVectorSelector(expr, sel).metric;
        const known = types.get(metric);
        if (known === 'gauge')
          out.push({
            expr,
            severity: 'error',
            check: 'rate-on-gauge',
            message: `${fn}() over ${metric}, which is a gauge: use it directly (or deriv/delta)`,
          });
        else if (!known && !recorded.has(metric) && !COUNTER_SUFFIX.test(metric)) {
          out.push({
            expr,
            severity: 'warning',
            check: 'rate-on-gauge',
            message: `${fn}() over ${metric}, which does not look like a counter (counters end in _total, _count, _sum or _bucket)`,
          });
        }
      }
      if (n.name === 'MatrixSelector') {
        const sel = children(n).find((c) => c.name === 'VectorSelector');
        const dur = children(n).find((c) => c.name === 'DurationExpr');
        const range = dur ? parseDuration(nodeText(expr, dur)) : undefined;
        if (!sel || range === undefined) return;
        const metric = readVectorSelector(expr, sel).metric;
        const interval = recorded.has(metric) || metric.startsWith('slo:') ? opts.evaluationInterval : opts.scrapeInterval;
        if (range < 4 * interval) {
          out.push({
            expr,
            severity: 'error',
            check: 'short-range',
            message: `[${formatDuration(range)}] over ${metric} holds fewer than 4 samples at a ${formatDuration(interval)} interval: use at least [${formatDuration(seconds(4 * interval))}]`,
          });
        }
      }
      if (n.name === 'BinaryExpr') {
        const kids = children(n);
        const op = kids[1]?.name;
        if (op !== 'Div' || kids.some((c) => c.name === 'MatchingModifierClause')) return;
        const l = groupingOf(expr, kids[0]!);
        const r = groupingOf(expr, kids[kids.length - 1]!);
        if (l && r && l !== r) {
          out.push({
            expr,
            severity: 'error',
            check: 'ratio-grouping',
            message: `the two sides of a ratio are grouped differently (${l} / ${r}): the division matches nothing or the wrong series; add the same by() to both`,
          });
        }
      }
    },
  });
  return out;
}

export function lintBundle(bundle: Bundle, opts: LintOptions): LintFinding[] {
  const recorded = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.record === 'string') recorded.add(o.record);
      Object.values(o).forEach(visit);
    }
  };
  bundle.artifacts.forEach((a) => visit(a.data));
  const findings: LintFinding[] = [];
  for (const a of bundle.artifacts) {
    const meta = a.data as { kind?: unknown; metadata?: { name?: string } } | undefined;
    if (meta?.kind === 'PrometheusRule' && Object.keys(opts.ruleLabels ?? {}).length === 0) {
      findings.push({
        file: a.file,
        where: meta.metadata?.name ?? a.file,
        expr: '',
        severity: 'warning',
        check: 'rule-selector',
        message:
          "this PrometheusRule carries no labels for a ruleSelector: prometheus-operator loads only rules whose labels match the Prometheus resource's ruleSelector; pass --rule-labels, e.g. --rule-labels release=prometheus",
      });
    }
    if (!['recording-rules.yaml', 'alerts.yaml', 'dashboard.json'].includes(a.file)) continue;
    for (const { where, expr } of located(a.data)) {
      for (const f of lintExpression(expr, recorded, opts)) findings.push({ file: a.file, where, ...f });
    }
  }
  return findings;
}
