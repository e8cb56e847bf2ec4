/**
 * Reading the PromQL of foreign specs, always through the Prometheus grammar: Sloth's
 * `{{.window}}` becomes NthLayer's `[5m]` range convention (NthLayer rewrites every range for
 * each alert window), and a few shapes are recognised so the spec says what the query means
 * (events as good/total, a classic histogram and its bucket, a gauge threshold).
 */
import type { SyntaxNode } from '@lezer/common';
import {
  children,
  formatMatchers,
  nodeText,
  parsePromql,
  readVectorSelector,
  unwrap,
  type LabelMatcher,
  type VectorSelectorInfo,
} from '../promql/parse.ts';
import type { Severity } from '../spec/diagnostics.ts';

/** The range NthLayer's spec convention writes in SLI queries (rewritten to each window). */
export const BASE_RANGE = '5m';

/** Sloth's own pattern for the placeholder: `{{.window}}`, `{{ .window }}`. */
const PLACEHOLDER = /\{\{\s*\.window\s*\}\}/g;

export interface QueryProblem {
  severity: Severity;
  code: string;
  message: string;
  hint?: string;
  /** Offsets in the query as written. */
  from: number;
  to: number;
}

export interface ConvertedQuery {
  /** The query with `[5m]` ranges; undefined when it cannot be used. */
  query: string | undefined;
  problems: QueryProblem[];
}

/**
 * Replaces `{{.window}}` by `5m` and checks the result: it must parse, every placeholder must be a
 * range (NthLayer rewrites ranges, nothing else), and a range that was not a placeholder is
 * reported because NthLayer will rewrite it too.
 */
export function convertWindowQuery(query: string, opts: { placeholderExpected: boolean }): ConvertedQuery {
  const problems: QueryProblem[] = [];
  const replaced: { from: number; to: number; at: number; len: number }[] = [];
  let text = '';
  let last = 0;
  for (const m of query.matchAll(PLACEHOLDER)) {
    text += query.slice(last, m.index);
    replaced.push({ from: text.length, to: text.length + BASE_RANGE.length, at: m.index, len: m[0].length });
    text += BASE_RANGE;
    last = m.index + m[0].length;
  }
  text += query.slice(last);
  // Offsets in the converted text back to offsets in the query as written.
  const back = (offset: number): number => {
    let shift = 0;
    for (const r of replaced) {
      if (offset >= r.to) shift += r.len - BASE_RANGE.length;
      else if (offset >= r.from) return r.at;
    }
    return offset + shift;
  };

  const parsed = parsePromql(text);
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0]!;
    problems.push({
      severity: 'error',
      code: 'import/promql-syntax',
      message: `PromQL syntax error: ${e.message}`,
      from: back(e.from),
      to: back(e.to),
      hint: 'the query must parse as Prometheus would; fix it in the source and import again',
    });
    return { query: undefined, problems };
  }
  const ranges = rangeSpans(parsed.tree.topNode);
  for (const r of replaced) {
    if (!ranges.some((s) => s.from === r.from && s.to === r.to)) {
      problems.push({
        severity: 'error',
        code: 'import/window-not-a-range',
        from: r.at,
        to: r.at + r.len,
        message:
          '`{{.window}}` is used outside a range selector; NthLayer only rewrites ranges like [5m], so this query cannot be carried over',
        hint: 'use {{.window}} only inside [ ] of a range or subquery',
      });
    }
  }
  for (const s of ranges) {
    if (replaced.some((r) => r.from === s.from && r.to === s.to)) continue;
    if (!opts.placeholderExpected && s.to - s.from > 0) continue; // OpenSLO and Pyrra queries use plain ranges
    problems.push({
      severity: 'warning',
      code: 'import/fixed-range',
      from: back(s.from),
      to: back(s.to),
      message: `the fixed range [${text.slice(s.from, s.to)}] is not {{.window}}; NthLayer rewrites every range of an SLI query to each alert window`,
      hint: 'check the SLI still means what you want over 5m … 30d windows',
    });
  }
  if (ranges.length === 0) {
    problems.push({
      severity: 'error',
      code: 'import/no-range',
      from: 0,
      to: query.length,
      message: 'the query has no range selector, so it cannot be computed over each alert window',
      hint: 'count events with rate(metric[5m]) or increase(metric[5m])',
    });
    return { query: undefined, problems };
  }
  if (opts.placeholderExpected && replaced.length === 0) {
    problems.push({
      severity: 'warning',
      code: 'import/no-window-placeholder',
      from: 0,
      to: query.length,
      message: 'the query has no {{.window}} (Sloth requires it); its ranges are rewritten to each alert window',
    });
  }
  if (problems.some((p) => p.severity === 'error')) return { query: undefined, problems };
  return { query: text, problems };
}

/** Range durations of matrix selectors and subqueries (not subquery steps or offsets). */
function rangeSpans(top: SyntaxNode): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  const visit = (n: SyntaxNode): void => {
    if (n.name === 'MatrixSelector' || n.name === 'SubqueryExpr') {
      const range = children(n).find((c) => c.name === 'DurationExpr');
      if (range) out.push({ from: range.from, to: range.to });
    }
    for (const c of children(n)) visit(c);
  };
  visit(top);
  return out;
}

/** The query with no range at all can only be used after wrapping its counters in rate(). */
export function hasRange(query: string): boolean {
  return rangeSpans(parsePromql(query).tree.topNode).length > 0;
}

/** Token texts joined by spaces: equal for two queries that differ only in layout. */
export function canonical(query: string): string {
  const parsed = parsePromql(query);
  const out: string[] = [];
  const visit = (n: SyntaxNode): void => {
    const kids = children(n);
    if (kids.length === 0) {
      if (n.to > n.from) out.push(nodeText(parsed.text, n));
    } else kids.forEach(visit);
  };
  visit(unwrap(parsed.tree.topNode));
  return out.join(' ');
}

/**
 * `total - good` (with any parentheses) where `total` is the total query: the good events.
 * Sloth has no good query, so exports of good/total SLIs (ours included) write errors this way.
 */
export function goodFromDifference(errorQuery: string, totalQuery: string): string | undefined {
  const parsed = parsePromql(errorQuery);
  if (parsed.errors.length > 0) return undefined;
  const top = unwrap(parsed.tree.topNode);
  if (top.name !== 'BinaryExpr') return undefined;
  const kids = children(top);
  if (kids.length !== 3 || kids[1]!.name !== 'Sub') return undefined; // no bool/on/ignoring modifiers
  const left = nodeText(parsed.text, kids[0]!);
  if (canonical(left) !== canonical(totalQuery)) return undefined;
  const right = unwrap(kids[2]!);
  return nodeText(parsed.text, right).trim();
}

/** `sum(rate(<selector>[range]))` exactly: the shape of a classic histogram event count. */
function sumRateSelector(query: string): VectorSelectorInfo | undefined {
  const parsed = parsePromql(query);
  if (parsed.errors.length > 0) return undefined;
  const agg = unwrap(parsed.tree.topNode);
  if (agg.name !== 'AggregateExpr') return undefined;
  const aggKids = children(agg);
  if (aggKids.length !== 2 || nodeText(parsed.text, aggKids[0]!) !== 'sum' || aggKids[1]!.name !== 'FunctionCallBody') return undefined;
  const matrix = argumentOf(parsed.text, unwrap(onlyChild(aggKids[1]!) ?? aggKids[1]!), 'rate');
  if (!matrix || matrix.name !== 'MatrixSelector') return undefined;
  const vec = children(matrix).find((c) => c.name === 'VectorSelector');
  if (!vec || children(matrix).length !== 2) return undefined;
  return readVectorSelector(parsed.text, vec);
}

/** The single argument of a call to `fn`, or undefined when the node is not such a call. */
function argumentOf(text: string, call: SyntaxNode, fn: string): SyntaxNode | undefined {
  if (call.name !== 'FunctionCall') return undefined;
  const [ident, body] = children(call);
  if (!ident || !body || nodeText(text, ident) !== fn) return undefined;
  return onlyChild(body);
}

function onlyChild(n: SyntaxNode): SyntaxNode | undefined {
  const kids = children(n).filter((c) => c.name !== '(' && c.name !== ')');
  return kids.length === 1 ? kids[0] : undefined;
}

export interface ClassicHistogram {
  histogram: string;
  matchers: LabelMatcher[];
  /** The bucket boundary in seconds, as written (`0.5`, `1`). */
  le: string;
}

/**
 * good = `sum(rate(h_bucket{m, le="x"}[w]))` and total = `sum(rate(h_count{m}[w]))` with the
 * same matchers: a latency SLI NthLayer can write as `histogram` + `threshold_ms`. Also reads
 * NthLayer's own integer-bucket form `le=~"1(\.0)?"`.
 */
export function classicHistogram(good: string, total: string): ClassicHistogram | undefined {
  const g = sumRateSelector(good);
  const t = sumRateSelector(total);
  if (!g || !t || !g.metric.endsWith('_bucket') || !t.metric.endsWith('_count')) return undefined;
  const base = g.metric.slice(0, -'_bucket'.length);
  if (t.metric.slice(0, -'_count'.length) !== base) return undefined;
  const leMatchers = g.matchers.filter((m) => m.name === 'le');
  if (leMatchers.length !== 1) return undefined;
  const le = leValue(leMatchers[0]!);
  if (le === undefined) return undefined;
  const rest = g.matchers.filter((m) => m.name !== 'le');
  if (formatMatchers(sorted(rest)) !== formatMatchers(sorted(t.matchers))) return undefined;
  return { histogram: base, matchers: rest, le };
}

function leValue(m: LabelMatcher): string | undefined {
  if (m.op === '=' && Number.isFinite(Number(m.value)) && m.value.trim() !== '') return m.value;
  const re = /^(\d+)\(\\\.0\)\?$/.exec(m.value);
  if (m.op === '=~' && re) return re[1];
  return undefined;
}

function sorted(ms: LabelMatcher[]): LabelMatcher[] {
  return [...ms].sort((a, b) => a.name.localeCompare(b.name) || a.op.localeCompare(b.op) || a.value.localeCompare(b.value));
}

/**
 * `avg_over_time(((Q) > bool N)[w:1m])`: the share of bad minutes of a gauge, which is how a
 * threshold SLI is written for Sloth (NthLayer's own export does this). Returns Q and N.
 */
export function gaugeThreshold(query: string): { metric: string; threshold: number } | undefined {
  const parsed = parsePromql(query);
  if (parsed.errors.length > 0) return undefined;
  const sub = argumentOf(parsed.text, unwrap(parsed.tree.topNode), 'avg_over_time');
  if (!sub || sub.name !== 'SubqueryExpr') return undefined;
  const durations = children(sub).filter((c) => c.name === 'DurationExpr');
  if (durations.length !== 2 || nodeText(parsed.text, durations[1]!) !== '1m') return undefined;
  const cmp = unwrap(children(sub)[0]!);
  if (cmp.name !== 'BinaryExpr') return undefined;
  const kids = children(cmp);
  if (kids.length !== 4 || kids[1]!.name !== 'Gtr' || kids[2]!.name !== 'BoolModifier' || kids[3]!.name !== 'NumberDurationLiteral')
    return undefined;
  const threshold = Number(nodeText(parsed.text, kids[3]!));
  if (!Number.isFinite(threshold)) return undefined;
  return { metric: nodeText(parsed.text, unwrap(kids[0]!)).trim(), threshold };
}

/**
 * For OpenSLO `counter: true` queries without a range (`sum(http_requests{…})`): wraps each
 * counter selector in `rate(…[5m])`. Only through sums and differences, where the rate of the
 * expression is the expression of the rates; anything else is refused (undefined).
 */
export function counterToRate(query: string): string | undefined {
  const parsed = parsePromql(query);
  if (parsed.errors.length > 0) return undefined;
  const spans: { from: number; to: number }[] = [];
  let ok = true;
  const visit = (n: SyntaxNode): void => {
    if (!ok) return;
    switch (n.name) {
      case 'PromQL':
      case 'ParenExpr':
        children(n)
          .filter((c) => c.name !== '(' && c.name !== ')')
          .forEach(visit);
        return;
      case 'VectorSelector':
        spans.push({ from: n.from, to: n.to });
        return;
      case 'AggregateExpr': {
        const kids = children(n);
        if (nodeText(parsed.text, kids[0]!) !== 'sum') {
          ok = false;
          return;
        }
        const body = kids.find((c) => c.name === 'FunctionCallBody');
        if (!body) {
          ok = false;
          return;
        }
        children(body)
          .filter((c) => c.name !== '(' && c.name !== ')')
          .forEach(visit);
        return;
      }
      case 'BinaryExpr': {
        const kids = children(n);
        const op = kids.find((c) => c.name === 'Add' || c.name === 'Sub');
        if (!op || kids.some((c) => c.name === 'BoolModifier')) {
          ok = false;
          return;
        }
        visit(kids[0]!);
        visit(kids[kids.length - 1]!);
        return;
      }
      default:
        ok = false;
    }
  };
  visit(parsed.tree.topNode);
  if (!ok || spans.length === 0) return undefined;
  let out = '';
  let last = 0;
  for (const s of spans.sort((a, b) => a.from - b.from)) {
    out += `${query.slice(last, s.from)}rate(${query.slice(s.from, s.to)}[${BASE_RANGE}])`;
    last = s.to;
  }
  return out + query.slice(last);
}

/** A Pyrra metric: a plain vector selector (Pyrra builds all PromQL itself). */
export function plainSelector(text: string): VectorSelectorInfo | undefined {
  const parsed = parsePromql(text.trim());
  if (parsed.errors.length > 0) return undefined;
  const top = unwrap(parsed.tree.topNode);
  if (top.name !== 'VectorSelector') return undefined;
  const s = readVectorSelector(parsed.text, top);
  return s.metric ? s : undefined;
}
