/**
 * Pathological spec shapes from issue #19, sized to a target byte count. Validation time must
 * grow linearly with the size of each (the security benchmark checks the ratio).
 */

const HEAD =
  'service:\n  name: big\n  team: t\n  tier: low\n  type: api\nresources:\n  - kind: SLO\n    name: a\n    spec:\n      objective: 99.9\n';

/** `${var}` references (unknown, so each is a diagnostic) filling one block scalar. */
export function variablesInBlockScalar(bytes: number): string {
  const line = '        ${nope} ${nope} ${nope} ${nope}\n';
  return `${HEAD}      description: |\n${line.repeat(Math.max(1, Math.ceil((bytes - HEAD.length) / line.length)))}`;
}

/** The same references, on one very long line of one scalar (130 000 of them at 1 MB). */
export function variablesOnOneLine(bytes: number): string {
  const n = Math.max(1, Math.ceil((bytes - HEAD.length - 30) / 6));
  return `${HEAD}      description: "${'${x}  '.repeat(n)}"\n`;
}

/** Many small scalars, each with a reference: one diagnostic per list item. */
export function variablesInManyScalars(bytes: number): string {
  const item = '        - "${nope}"\n';
  return `${HEAD}      labels_list_is_unknown:\n${item.repeat(Math.max(1, Math.ceil((bytes - HEAD.length) / item.length)))}`;
}

/** A spec whose `service:` block is followed by many indented lines (the old name regex backtracked on it). */
export function manyIndentedLines(bytes: number): string {
  const line = '  x: \n';
  return `service:\n${line.repeat(Math.max(1, Math.ceil(bytes / line.length)))}  name: big\n`;
}

export const SHAPES = { variablesInBlockScalar, variablesOnOneLine, variablesInManyScalars, manyIndentedLines } as const;
