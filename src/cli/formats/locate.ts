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

/**
 * The `expr` value inside the mapping named `where` (an alert, record, panel title or metadata
 * name), also in its nested mappings (a panel's targets); else the first such expression anywhere;
 * else the named mapping itself.
 */
export function locateExpr(content: string, where: string, expr: string): TextPosition {
  const lines = new LineCounter();
  const doc = parseDocument(content, { lineCounter: lines, uniqueKeys: false });
  let named: Node | undefined;
  let found: Node | undefined;
  let anywhere: Node | undefined;
  const visit = (node: unknown, inNamed: boolean): void => {
    if (found) return;
    if (isSeq(node)) node.items.forEach((n) => visit(n, inNamed));
    else if (isMap(node)) {
      const isNamed = NAME_KEYS.some((k) => {
        const v = node.get(k, true);
        return isScalar(v) && v.value === where;
      });
      const e = node.get('expr', true);
      if (isScalar(e) && e.value === expr) {
        if (isNamed || inNamed) {
          found = e;
          return;
        }
        anywhere ??= e;
      }
      if (isNamed && !named) named = node;
      node.items.forEach((p) => visit(p.value, inNamed || isNamed));
    }
  };
  visit(doc.contents, false);
  const range = (found ?? anywhere ?? named)?.range;
  if (!range) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const start = lines.linePos(range[0]);
  // A block scalar spans lines; point at its first line only.
  const firstLineEnd = content.indexOf('\n', range[0]);
  const end = lines.linePos(firstLineEnd === -1 ? range[1] : Math.min(range[1], firstLineEnd));
  return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}
