/**
 * PromQL through the official Prometheus grammar (`@prometheus-io/lezer-promql`). Everything that
 * reads or rewrites a query walks this tree; nothing here uses regular expressions on PromQL.
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode, Tree } from '@lezer/common';

export interface PromqlSyntaxError {
  from: number;
  to: number;
  message: string;
}

export interface ParsedPromql {
  text: string;
  tree: Tree;
  errors: PromqlSyntaxError[];
}

/**
 * Parsed expressions by text. Generators, checks, the cost walk and verify parse the same
 * expressions again and again (and the studio regenerates on every keystroke with most of them
 * unchanged); a tree is immutable, so one parse serves them all.
 */
const parseCache = new Map<string, ParsedPromql>();
const PARSE_CACHE_LIMIT = 50_000;

export function parsePromql(text: string): ParsedPromql {
  let hit = parseCache.get(text);
  if (!hit) {
    hit = parseUncached(text);
    if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.clear();
    parseCache.set(text, hit);
  }
  return hit;
}

const DOUBLE_QUOTED = /"(?:[^"\\\n]|\\.)*"/g;

/**
 * The expression with every double-quoted string emptied: the same syntax tree shape, the same
 * metric names, functions, durations and numbers. Whether it parses and what it reads do not depend
 * on label values, so the thousand SLOs that differ only in a selector share one parse. Text with
 * other quotes or comments is returned as it is (a `"` inside them is not a string's end).
 */
export function promqlShape(text: string): string {
  return RAW.test(text) ? text : text.replace(DOUBLE_QUOTED, '""');
}

const RAW = /['`#]/;

/**
 * `parsePromql(promqlShape(text))`, whose `text` is the shape: the parse that decides whether
 * `text` parses, shared by every expression of that shape. (Building the shape with the regular
 * expression and looking it up by string is faster here than hashing it character by character.)
 */
export function parseShape(text: string): ParsedPromql {
  return parsePromql(promqlShape(text));
}

function parseUncached(text: string): ParsedPromql {
  const tree = parser.parse(text);
  const errors: PromqlSyntaxError[] = [];
  tree.iterate({
    enter: (n) => {
      if (n.type.isError) {
        const end = text.trimEnd().length;
        const near = text.slice(n.from, Math.min(text.length, n.from + 12)).split('\n')[0];
        // An error at the very end is about the last token: point there, not past the text.
        errors.push(
          n.from >= end
            ? { from: Math.max(0, end - 1), to: end, message: 'unexpected end of expression (unclosed bracket or missing operand?)' }
            : { from: n.from, to: Math.max(n.to, n.from + 1), message: `unexpected input near "${near}"` },
        );
        return false;
      }
      return undefined;
    },
  });
  if (text.trim() === '') errors.push({ from: 0, to: 0, message: 'empty expression' });
  return { text, tree, errors };
}

/** Throws on invalid PromQL: for expressions our own generators build (a failure is our bug). */
export function assertPromql(text: string): void {
  // One parse per shape (label values do not decide whether it parses); the text itself only to say why.
  if (parseShape(text).errors.length === 0) return;
  const { errors } = parsePromql(text);
  if (errors.length > 0) throw new Error(`generated invalid PromQL (${errors[0]!.message}): ${text}`);
}

export function nodeText(text: string, node: SyntaxNode): string {
  return text.slice(node.from, node.to);
}

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

/** Skips the wrapper nodes (`PromQL`, `ParenExpr`) down to the expression that matters. */
export function unwrap(node: SyntaxNode): SyntaxNode {
  let n = node;
  for (;;) {
    if (n.name === 'PromQL' && n.firstChild) {
      n = n.firstChild;
      continue;
    }
    if (n.name === 'ParenExpr') {
      const inner = children(n).find((c) => c.name !== '(' && c.name !== ')');
      if (inner) {
        n = inner;
        continue;
      }
    }
    return n;
  }
}

export interface VectorSelectorInfo {
  metric: string;
  /** Matchers as written, e.g. `service="x",code!~"5.."` (without braces). */
  matchers: LabelMatcher[];
  from: number;
  to: number;
}

export interface LabelMatcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  /** The value without quotes, unescaped. */
  value: string;
}

/** Every vector selector in a query, in source order. */
export function vectorSelectors(parsed: ParsedPromql): VectorSelectorInfo[] {
  const out: VectorSelectorInfo[] = [];
  parsed.tree.iterate({
    enter: (n) => {
      if (n.name === 'VectorSelector') {
        out.push(readVectorSelector(parsed.text, n.node));
        return false;
      }
      return undefined;
    },
  });
  return out;
}

export function readVectorSelector(text: string, node: SyntaxNode): VectorSelectorInfo {
  let metric = '';
  const matchers: LabelMatcher[] = [];
  for (const c of children(node)) {
    if (c.name === 'Identifier') metric = nodeText(text, c);
    if (c.name === 'LabelMatchers') {
      for (const m of children(c)) {
        if (m.name !== 'UnquotedLabelMatcher' && m.name !== 'QuotedLabelMatcher') continue;
        let name = '';
        let op = '=' as LabelMatcher['op'];
        let value = '';
        for (const part of children(m)) {
          if (part.name === 'LabelName') name = nodeText(text, part);
          else if (part.name === 'QuotedLabelName') name = unquote(nodeText(text, part));
          else if (part.name === 'MatchOp') op = nodeText(text, part) as LabelMatcher['op'];
          else if (part.name === 'StringLiteral') value = unquote(nodeText(text, part));
        }
        // `{"metric_name"}` (UTF-8 form) names the metric rather than matching a label.
        if (m.name === 'QuotedLabelMatcher' && !name) metric = value;
        else if (name === '__name__' && op === '=') metric = value;
        else matchers.push({ name, op, value });
      }
    }
  }
  return { metric, matchers, from: node.from, to: node.to };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '`': '`',
};

/**
 * The value of a PromQL string literal, with Go's escapes as Prometheus reads them (`\x41`,
 * `\101`, `\u00e9`, `\U0001F600`, `\n` …); an escape is never silently dropped.
 */
export function unquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  const q = literal[0];
  if (q !== '"' && q !== "'") return literal;
  const body = literal.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const next = body[++i]!;
    const hex = (n: number): string | undefined => {
      const digits = body.slice(i + 1, i + 1 + n);
      if (digits.length !== n || !/^[0-9a-fA-F]+$/.test(digits)) return undefined;
      i += n;
      return String.fromCodePoint(parseInt(digits, 16));
    };
    let decoded: string | undefined;
    if (next in SIMPLE_ESCAPES) decoded = SIMPLE_ESCAPES[next];
    else if (next === 'x') decoded = hex(2);
    else if (next === 'u') decoded = hex(4);
    else if (next === 'U') decoded = hex(8);
    else if (/[0-7]/.test(next) && /^[0-7]{2}$/.test(body.slice(i + 1, i + 3))) {
      decoded = String.fromCharCode(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    }
    // Not an escape Prometheus knows: keep it as written (the parser reports it).
    out += decoded ?? `\\${next}`;
  }
  return out;
}

/** A double-quoted PromQL string literal for any value (control characters escaped). */
export function quote(value: string): string {
  return `"${escapeBody(value, '"')}"`;
}

/** The same, single-quoted: for PromQL that itself sits inside a double-quoted template string. */
export function quoteSingle(value: string): string {
  return `'${escapeBody(value, "'")}'`;
}

function escapeBody(value: string, q: '"' | "'"): string {
  let out = '';
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

export function formatMatchers(matchers: readonly LabelMatcher[], q: (value: string) => string = quote): string {
  return matchers.map((m) => `${m.name}${m.op}${q(m.value)}`).join(',');
}

export function formatSelector(metric: string, matchers: readonly LabelMatcher[]): string {
  return matchers.length === 0 ? metric : `${metric}{${formatMatchers(matchers)}}`;
}

/** Metric names a query reads, deduplicated, in order of appearance. */
export function metricNames(text: string): string[] {
  const parsed = parsePromql(text);
  const names: string[] = [];
  for (const s of vectorSelectors(parsed)) if (s.metric && !names.includes(s.metric)) names.push(s.metric);
  return names;
}

/**
 * Reads label matchers written as a selector body, `{job="x",instance=~"y.*"}` or
 * `job="x"`. Undefined when the text is not a valid, non-empty set of matchers.
 */
export function parseLabelMatchers(text: string): LabelMatcher[] | undefined {
  const trimmed = text.trim();
  const parsed = parsePromql(`x${trimmed.startsWith('{') ? trimmed : `{${trimmed}}`}`);
  if (parsed.errors.length > 0) return undefined;
  const top = unwrap(parsed.tree.topNode);
  if (top.name !== 'VectorSelector') return undefined;
  const { metric, matchers } = readVectorSelector(parsed.text, top);
  return metric === 'x' && matchers.length > 0 ? matchers : undefined;
}
