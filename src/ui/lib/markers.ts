/** Core diagnostics as Monaco markers: same message as the CLI, the hint on its own line. */
import type { Diagnostic } from '../../core/index.ts';

/** Monaco's MarkerSeverity values (kept here so this module does not load Monaco). */
const MARKER_SEVERITY = { error: 8, warning: 4, info: 2 } as const;

export interface MarkerData {
  severity: number;
  message: string;
  code: string;
  source: string;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

export function toMarkers(diagnostics: readonly Diagnostic[], file: string): MarkerData[] {
  return diagnostics
    .filter((d) => d.file === file)
    .map((d) => {
      const single = d.endLine === d.line && d.endColumn <= d.column;
      return {
        severity: MARKER_SEVERITY[d.severity],
        message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
        code: d.code,
        source: 'nthlayer',
        startLineNumber: d.line,
        startColumn: d.column,
        endLineNumber: Math.max(d.endLine, d.line),
        // A zero-width range would draw no squiggle; underline at least one character.
        endColumn: single ? d.column + 1 : d.endColumn,
      };
    });
}

/**
 * The problem after (direction 1) or before (-1) a position, wrapping around; errors and warnings
 * are visited first, notes only when there is nothing worse. Expects diagnostics sorted by position.
 */
export function nextProblem(
  diagnostics: readonly Diagnostic[],
  line: number,
  column: number,
  direction: 1 | -1 = 1,
): Diagnostic | undefined {
  const serious = diagnostics.filter((d) => d.severity !== 'info');
  const list = serious.length > 0 ? serious : [...diagnostics];
  if (direction === 1) return list.find((d) => d.line > line || (d.line === line && d.column > column)) ?? list[0];
  return [...list].reverse().find((d) => d.line < line || (d.line === line && d.column < column)) ?? list[list.length - 1];
}
