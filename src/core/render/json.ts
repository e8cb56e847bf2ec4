/** JSON with two-space indentation and a final newline; keys in insertion order. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
