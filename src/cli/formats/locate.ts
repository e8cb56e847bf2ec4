/**
 * Where a lint finding sits in the file `apply` wrote: the line and column of the rule's (or
 * panel's) expression, so SARIF and GitHub annotations point at it. Reads the rendered text with
 * the YAML parser (JSON is YAML), never by searching for lines.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export interface TextPosition {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

const NAME_KEYS = ['alert', 'record', 'title', 'name'];

/** The `expr` value inside the mapping named `where` (alert, record, panel title or metadata name); else the first mapping so named. */
export function locateExpr(content: string, where: string, expr: string): TextPosition {
  const lines = new LineCounter();
  const doc = parseDocument(content, { lineCounter: lines, uniqueKeys: false });
  let named: Node | undefined;
  let found: Node | undefined;
  const visit = (node: unknown): void => {
    if (found) return;
    if (isSeq(node)) node.items.forEach(visit);
    else if (isMap(node)) {
      const get = (k: string): unknown => node.get(k, true);
      const isNamed = NAME_KEYS.some((k) => {
        const v = get(k);
        return isScalar(v) && v.value === where;
      });
      const e = get('expr');
      if (isNamed && isScalar(e) && e.value === expr) {
        found = e;
        return;
      }
      if (isNamed && !named) named = node;
      node.items.forEach((p) => visit(p.value));
    }
  };
  visit(doc.contents);
  const range = (found ?? named)?.range;
  if (!range) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const start = lines.linePos(range[0]);
  // A block scalar spans lines; point at its first line only.
  const firstLineEnd = content.indexOf('\n', range[0]);
  const end = lines.linePos(firstLineEnd === -1 ? range[1] : Math.min(range[1], firstLineEnd));
  return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}
