/** JSON with two-space indentation and a final newline; keys in insertion order. */
export function renderJson(value: unknown): string {
  return `${stringifyCached(value, '')}\n`;
}

/** JSON text of objects already rendered, by identity (dashboard panels come back unchanged). */
const rendered = new WeakMap<object, string>();

/**
 * `JSON.stringify(value, null, 2)`, with the elements of a top-level `panels` array rendered once
 * per object and indented into place: a 1 000-panel dashboard re-renders only what changed.
 */
function stringifyCached(value: unknown, indent: string): string {
  if (!value || typeof value !== 'object' || Array.isArray(value) || !Array.isArray((value as { panels?: unknown }).panels)) {
    return JSON.stringify(value, null, 2);
  }
  const { panels } = value as { panels: unknown[] };
  const marker = '\u0000panels\u0000';
  const shell = JSON.stringify({ ...(value as Record<string, unknown>), panels: marker }, null, 2);
  const inner = `${indent}    `;
  const indented = (p: unknown): string => inner + JSON.stringify(p, null, 2).replaceAll('\n', `\n${inner}`);
  const items = panels.map((p) => {
    if (typeof p !== 'object' || p === null) return indented(p);
    let text = rendered.get(p);
    if (text === undefined) {
      text = indented(p);
      rendered.set(p, text);
    }
    return text;
  });
  const array = items.length === 0 ? '[]' : `[\n${items.join(',\n')}\n${indent}  ]`;
  return shell.replace(JSON.stringify(marker), () => array);
}
