/** LogQL through Grafana's grammar (`@grafana/lezer-logql`), the way promql/parse.ts does PromQL. */
import { parser } from '@grafana/lezer-logql';

export interface LogqlSyntaxError {
  from: number;
  to: number;
  message: string;
}

/** Syntax errors by expression: every compile checks the same generated expressions again. */
const known = new Map<string, readonly LogqlSyntaxError[]>();
const KNOWN_LIMIT = 10_000;

export function parseLogql(text: string): LogqlSyntaxError[] {
  let errors = known.get(text);
  if (!errors) {
    errors = parseUncached(text);
    if (known.size >= KNOWN_LIMIT) known.clear();
    known.set(text, errors);
  }
  return [...errors];
}

function parseUncached(text: string): LogqlSyntaxError[] {
  const errors: LogqlSyntaxError[] = [];
  if (text.trim() === '') return [{ from: 0, to: 0, message: 'empty expression' }];
  parser.parse(text).iterate({
    enter: (n) => {
      if (!n.type.isError) return undefined;
      const near = text.slice(n.from, n.from + 12);
      errors.push({
        from: n.from,
        to: Math.max(n.to, n.from + 1),
        message: n.from >= text.trimEnd().length ? 'unexpected end of expression' : `unexpected input near "${near}"`,
      });
      return false;
    },
  });
  return errors;
}

/** Throws on invalid LogQL: for expressions our own generators build (a failure is our bug). */
export function assertLogql(text: string): void {
  const errors = parseLogql(text);
  if (errors.length > 0) throw new Error(`generated invalid LogQL (${errors[0]!.message}): ${text}`);
}

/** True when `text` is a stream selector on its own, e.g. `{app="checkout",env="prod"}`. */
export function isStreamSelector(text: string): boolean {
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return false;
  let ok = false;
  if (parseLogql(t).length > 0) return false;
  parser.parse(t).iterate({
    enter: (n) => {
      if (n.name === 'Selector' && n.from === 0 && n.to === t.length) ok = true;
    },
  });
  return ok;
}
