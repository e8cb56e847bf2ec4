/**
 * Rewriting the range window of a user's query (`[5m]` → `[1h]`) by walking the parse tree, so
 * each alert window is computed over exactly that window. Offsets, subquery steps, `@` modifiers
 * and durations inside strings are left alone because only range durations are touched.
 */
import { children, parsePromql, type PromqlSyntaxError } from './parse.ts';

/** Sloth's placeholder, also what our Sloth export needs. */
export const WINDOW_PLACEHOLDER = '{{.window}}';

export interface WindowTemplate {
  /** The query with every range duration replaced by {@link WINDOW_PLACEHOLDER}. */
  template: string;
  /** How many range selectors were found. 0 means the query has no window to rewrite. */
  ranges: number;
  /** The windows as the user wrote them (usually all `5m`). */
  original: string[];
  errors: PromqlSyntaxError[];
}

export function toWindowTemplate(query: string): WindowTemplate {
  const parsed = parsePromql(query);
  const spans: { from: number; to: number; text: string }[] = [];
  parsed.tree.iterate({
    enter: (n) => {
      if (n.name === 'MatrixSelector' || n.name === 'SubqueryExpr') {
        // The range is the first DurationExpr child; a subquery's second one is its step.
        const range = children(n.node).find((c) => c.name === 'DurationExpr');
        if (range) spans.push({ from: range.from, to: range.to, text: query.slice(range.from, range.to) });
      }
      return undefined;
    },
  });
  spans.sort((a, b) => a.from - b.from);
  let out = '';
  let last = 0;
  for (const s of spans) {
    out += query.slice(last, s.from) + WINDOW_PLACEHOLDER;
    last = s.to;
  }
  out += query.slice(last);
  return { template: out, ranges: spans.length, original: spans.map((s) => s.text), errors: parsed.errors };
}

/** Fills a template's window placeholders. */
export function withWindow(template: string, window: string): string {
  return template.split(WINDOW_PLACEHOLDER).join(window);
}
