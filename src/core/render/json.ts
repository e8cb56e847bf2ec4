import { joinRendered, rendered, type Rendered } from '../hash.ts';

/** JSON with two-space indentation and a final newline; keys in insertion order. */
export function renderJson(value: unknown): string {
  return renderJsonText(value).text;
}

/** renderJson's text with its fingerprint sum (what the bundle writes and hashes). */
export function renderJsonText(value: unknown): Rendered {
  const pieces = panelPieces(value);
  if (!pieces) return rendered(`${JSON.stringify(value, null, 2)}\n`);
  pieces.push(NEWLINE);
  return joinRendered(pieces);
}

const PANEL_HEAD = '{\n  "panels": [\n';
const PANEL_TAIL = '\n  ]\n}';
const NEWLINE = rendered('\n');
const OPEN = rendered('[\n');
const BETWEEN = rendered(',\n');
const CLOSE = rendered('\n  ]');
const EMPTY = rendered('[]');

/** JSON text of objects already rendered, by identity (dashboard panels come back unchanged). */
const known = new WeakMap<object, Rendered>();

/**
 * A dashboard panel (or row) as plain JSON data, the way a JSON round trip makes it (functions and
 * undefined fields dropped), with its text in the dashboard remembered for renderJson at the same
 * time: the panel is serialised once, not once to copy it and again to write it.
 */
export function panelData(panel: object): unknown {
  const text = JSON.stringify({ panels: [panel] }, null, 2).slice(PANEL_HEAD.length, -PANEL_TAIL.length);
  const data = JSON.parse(text) as unknown;
  if (typeof data === 'object' && data !== null) known.set(data, rendered(text));
  return data;
}

/**
 * The pieces of `JSON.stringify(value, null, 2)` for an object with a `panels` array, each panel
 * rendered once per object and already indented: a 1 000-panel dashboard re-renders only what
 * changed. Undefined for anything else.
 */
function panelPieces(value: unknown): Rendered[] | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value) || !Array.isArray((value as { panels?: unknown }).panels)) {
    return undefined;
  }
  const { panels } = value as { panels: unknown[] };
  const marker = JSON.stringify('\u0000panels\u0000');
  const shell = JSON.stringify({ ...(value as Record<string, unknown>), panels: JSON.parse(marker) as string }, null, 2);
  const at = shell.indexOf(marker);
  const head = rendered(shell.slice(0, at));
  const tail = rendered(shell.slice(at + marker.length));
  if (panels.length === 0) return [head, EMPTY, tail];
  const pieces = [head, OPEN];
  for (let i = 0; i < panels.length; i++) {
    const p = panels[i];
    if (i > 0) pieces.push(BETWEEN);
    const same = typeof p === 'object' && p !== null ? known.get(p) : undefined;
    if (same !== undefined) {
      pieces.push(same);
      continue;
    }
    // A panel inside `{"panels":[…]}` is already indented where it goes: the native serializer
    // does the indenting, and the wrapper's first and last lines are cut off.
    const text = rendered(JSON.stringify({ panels: [p] }, null, 2).slice(PANEL_HEAD.length, -PANEL_TAIL.length));
    if (typeof p === 'object' && p !== null) known.set(p, text);
    pieces.push(text);
  }
  pieces.push(CLOSE, tail);
  return pieces;
}
