/**
 * PromQL operations on template expressions, all through the lezer-promql tree: renaming metrics
 * (user overrides), adding label matchers (dashboard scope), and the checks the tests and
 * generators rely on (counters only under rate/increase, labels an alert annotation may use).
 */
import type { SyntaxNode } from '@lezer/common';
import { children, formatSelector, nodeText, parsePromql, readVectorSelector, type LabelMatcher } from '../promql/parse.ts';
import { memo } from '../memo.ts';
import type { MetricType } from './types.ts';

export interface BindOptions {
  /** metric name → replacement metric name. */
  rename?: ReadonlyMap<string, string>;
  /** Matchers added to every selector (those naming a label the selector already matches are skipped). */
  matchers?: readonly LabelMatcher[];
  /** label name → replacement label name, applied to matchers and grouping labels. */
  relabel?: ReadonlyMap<string, string>;
  /**
   * Matchers that scope a selector to one dependency, by the template's metric name. They are
   * always added (next to a template's own matcher on the same label they narrow it further).
   */
  scope?: (metric: string) => readonly LabelMatcher[];
}

interface Edit {
  from: number;
  to: number;
  text: string;
}

/** The metric names an expression's selectors read, in order, by expression. */
const selectorMetrics = memo<string[]>(10_000);
/** Bound expressions by everything the binding reads (memo.ts). */
const bound = memo<string>(10_000);

/**
 * Rewrites a valid expression's selectors; throws when the template itself does not parse.
 * Remembered by what the result depends on (the expression, the renames, relabels and matchers,
 * and what the scope gives for each metric the expression reads): every compile binds the same
 * technology templates to the same selectors, and a binding walks the expression's whole tree.
 */
export function bindExpr(expr: string, options: BindOptions): string {
  const metrics = selectorMetrics.get(expr, () => {
    const parsed = parsePromql(expr);
    const out: string[] = [];
    parsed.tree.iterate({
      enter: (n) => {
        if (n.name !== 'VectorSelector') return undefined;
        out.push(readVectorSelector(expr, n.node).metric);
        return false;
      },
    });
    return out;
  });
  const key = JSON.stringify([
    expr,
    options.rename ? [...options.rename] : null,
    options.relabel ? [...options.relabel] : null,
    options.matchers ?? null,
    options.scope ? metrics.map((m) => options.scope!(m)) : null,
  ]);
  return bound.get(key, () => bindFresh(expr, options));
}

function bindFresh(expr: string, options: BindOptions): string {
  const parsed = parsePromql(expr);
  if (parsed.errors.length > 0) throw new Error(`template PromQL does not parse (${parsed.errors[0]!.message}): ${expr}`);
  const edits: Edit[] = [];
  const relabel = options.relabel ?? new Map<string, string>();
  parsed.tree.iterate({
    enter: (n) => {
      if (n.name === 'VectorSelector') {
        const sel = readVectorSelector(expr, n.node);
        const own = sel.matchers.map((m) => ({ ...m, name: relabel.get(m.name) ?? m.name }));
        const scoped = (options.scope?.(sel.metric) ?? []).filter((m) => !own.some((o) => sameMatcher(o, m)));
        const added = [...(options.matchers ?? []).filter((m) => !own.some((o) => o.name === m.name)), ...scoped];
        const metric = options.rename?.get(sel.metric) ?? sel.metric;
        if (metric !== sel.metric || added.length > 0 || own.some((m, i) => m.name !== sel.matchers[i]!.name)) {
          edits.push({ from: n.from, to: n.to, text: formatSelector(metric, [...added, ...own]) });
        }
        return false;
      }
      if (n.name === 'LabelName' && relabel.size > 0 && n.node.parent?.name === 'GroupingLabels') {
        const name = nodeText(expr, n.node);
        const to = relabel.get(name);
        if (to) edits.push({ from: n.from, to: n.to, text: to });
      }
      return undefined;
    },
  });
  let out = expr;
  for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

function sameMatcher(a: LabelMatcher, b: LabelMatcher): boolean {
  return a.name === b.name && a.op === b.op && a.value === b.value;
}

const RATE_FUNCTIONS = new Set(['rate', 'irate', 'increase']);

function rangeFunction(expr: string, selector: SyntaxNode): string | undefined {
  const matrix = selector.parent;
  if (matrix?.name !== 'MatrixSelector') return undefined;
  const call = matrix.parent?.parent;
  if (call?.name !== 'FunctionCall') return '';
  const id = children(call).find((c) => c.name === 'FunctionIdentifier');
  return id ? nodeText(expr, id) : '';
}

/**
 * Problems with how an expression reads its metrics: a counter outside rate/irate/increase, a
 * gauge inside one, or a metric the table does not declare (when `strict`).
 */
export function metricTypeProblems(expr: string, types: ReadonlyMap<string, MetricType>, strict = true): string[] {
  const parsed = parsePromql(expr);
  if (parsed.errors.length > 0) return [`does not parse: ${parsed.errors[0]!.message}`];
  const problems: string[] = [];
  parsed.tree.iterate({
    enter: (n) => {
      if (n.name !== 'VectorSelector') return undefined;
      const { metric } = readVectorSelector(expr, n.node);
      const type = types.get(metric);
      const fn = rangeFunction(expr, n.node);
      if (!type) {
        if (strict && metric !== 'up') problems.push(`${metric} is not declared in the metrics table`);
      } else if (type !== 'gauge' && !(fn && RATE_FUNCTIONS.has(fn))) {
        problems.push(`${type} ${metric} is read without rate/irate/increase`);
      } else if (type === 'gauge' && fn && RATE_FUNCTIONS.has(fn)) {
        problems.push(`gauge ${metric} is wrapped in ${fn}()`);
      }
      return false;
    },
  });
  return problems;
}

/**
 * The labels an alert's result series can carry, so annotations only use labels that survive the
 * aggregation: undefined = the input's labels (no aggregation on the result's path).
 */
export function keptLabels(expr: string): Set<string> | undefined {
  const parsed = parsePromql(expr);
  return labelsOf(expr, parsed.tree.topNode);
}

const OPERATOR_NODES = new Set([
  'Gtr',
  'Lss',
  'Gte',
  'Lte',
  'Eql',
  'Neq',
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Mod',
  'Pow',
  'And',
  'Or',
  'Unless',
  'Atan2',
  'BoolModifier',
  'MatchingModifierClause',
]);

function isScalar(expr: string, node: SyntaxNode): boolean {
  if (node.name === 'NumberDurationLiteral') return true;
  if (node.name === 'FunctionCall') {
    const id = children(node).find((c) => c.name === 'FunctionIdentifier');
    return id !== undefined && ['time', 'scalar', 'pi'].includes(nodeText(expr, id));
  }
  if (node.name === 'ParenExpr')
    return children(node)
      .filter((c) => c.name !== '(' && c.name !== ')')
      .every((c) => isScalar(expr, c));
  if (node.name === 'BinaryExpr')
    return children(node)
      .filter((c) => !OPERATOR_NODES.has(c.name))
      .every((c) => isScalar(expr, c));
  return false;
}

function labelsOf(expr: string, node: SyntaxNode): Set<string> | undefined {
  const kids = children(node);
  switch (node.name) {
    case 'PromQL':
    case 'ParenExpr':
    case 'FunctionCallBody':
    case 'OffsetExpr': {
      const inner = kids.find((c) => !['(', ')', 'Offset'].includes(c.name) && c.name !== 'NumberDurationLiteral');
      return inner ? labelsOf(expr, inner) : undefined;
    }
    case 'BinaryExpr': {
      // Comparisons and arithmetic keep the vector side's labels (the left one, or the right one
      // with group_right or when the left side is a scalar).
      const mod = kids.find((c) => c.name === 'MatchingModifierClause');
      const operands = kids.filter((c) => !OPERATOR_NODES.has(c.name));
      const [l, r] = [operands[0], operands[operands.length - 1]];
      const right = (mod && nodeText(expr, mod).includes('group_right')) || (l && isScalar(expr, l));
      const side = right ? r : l;
      return side ? labelsOf(expr, side) : undefined;
    }
    case 'AggregateExpr': {
      const mod = kids.find((c) => c.name === 'AggregateModifier');
      if (!mod) return new Set();
      const labels = new Set<string>();
      for (const g of children(mod))
        if (g.name === 'GroupingLabels') for (const l of children(g)) if (l.name === 'LabelName') labels.add(nodeText(expr, l));
      return children(mod).some((c) => c.name === 'Without') ? undefined : labels;
    }
    case 'FunctionCall': {
      const id = kids.find((c) => c.name === 'FunctionIdentifier');
      const name = id ? nodeText(expr, id) : '';
      if (['time', 'vector', 'scalar'].includes(name)) return new Set();
      const body = kids.find((c) => c.name === 'FunctionCallBody');
      const args = body ? children(body).filter((c) => !['(', ')', ','].includes(c.name)) : [];
      const vectorArg = args.find((a) => a.name !== 'NumberDurationLiteral' && a.name !== 'StringLiteral');
      const inner = vectorArg ? labelsOf(expr, vectorArg) : undefined;
      if (name === 'histogram_quantile' && inner) inner.delete('le');
      return inner;
    }
    default:
      return undefined;
  }
}

/** `{{ $labels.instance }}` → `instance`, for every label an annotation template reads. */
export function annotationLabels(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\$labels\.([A-Za-z_][A-Za-z0-9_]*)/g)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}
