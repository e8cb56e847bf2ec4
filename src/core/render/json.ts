/** JSON with two-space indentation and a final newline; keys in insertion order. */
export function renderJson(value: unknown): string {
  const pieces = panelPieces(value);
  if (!pieces) return `${JSON.stringify(value, null, 2)}\n`;
  pieces.push('\n');
  // One join of every piece: a flat string of megabytes, copied once. A rope of pieces would be
  // copied again by whatever reads it first (the fingerprint, a file write, a worker message).
  return pieces.join('');
}

const PANEL_HEAD = '{\n  "panels": [\n';
const PANEL_TAIL = '\n  ]\n}';

/** JSON text of objects already rendered, by identity (dashboard panels come back unchanged). */
const rendered = new WeakMap<object, string>();

/**
 * The pieces of `JSON.stringify(value, null, 2)` for an object with a `panels` array, each panel
 * rendered once per object and already indented: a 1 000-panel dashboard re-renders only what
 * changed. Undefined for anything else.
 */
function panelPieces(value: unknown): string[] | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value) || !Array.isArray((value as { panels?: unknown }).panels)) {
    return undefined;
  }
  const { panels } = value as { panels: unknown[] };
  const marker = JSON.stringify('\u0000panels\u0000');
  const shell = JSON.stringify({ ...(value as Record<string, unknown>), panels: JSON.parse(marker) as string }, null, 2);
  const at = shell.indexOf(marker);
  if (panels.length === 0) return [shell.slice(0, at), '[]', shell.slice(at + marker.length)];
  const pieces = [shell.slice(0, at), '[\n'];
  for (let i = 0; i < panels.length; i++) {
    const p = panels[i];
    if (i > 0) pieces.push(',\n');
    const known = typeof p === 'object' && p !== null ? rendered.get(p) : undefined;
    if (known !== undefined) {
      pieces.push(known);
      continue;
    }
    // A panel inside `{"panels":[…]}` is already indented where it goes: the native serializer
    // does the indenting, and the wrapper's first and last lines are cut off.
    const text = JSON.stringify({ panels: [p] }, null, 2).slice(PANEL_HEAD.length, -PANEL_TAIL.length);
    if (typeof p === 'object' && p !== null) rendered.set(p, text);
    pieces.push(text);
  }
  pieces.push('\n  ]', shell.slice(at + marker.length));
  return pieces;
}
