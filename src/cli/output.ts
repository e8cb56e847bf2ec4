/** Diagnostics on the terminal; the plain output helpers live in io.ts. */
import { styleText } from 'node:util';
import type { Diagnostic } from '../core/index.ts';
import { formatDiagnostic } from '../core/index.ts';
import type { Io, Style } from './io.ts';

export { paint, processIo, type Io } from './io.ts';

export function printDiagnostics(io: Io, diagnostics: readonly Diagnostic[], minSeverity: 'info' | 'warning' = 'info'): void {
  for (const d of diagnostics) {
    if (minSeverity === 'warning' && d.severity === 'info') continue;
    const line = formatDiagnostic(d);
    const style: Style = d.severity === 'error' ? 'red' : d.severity === 'warning' ? 'yellow' : 'cyan';
    io.err(io.color ? line.replace(`${d.severity}:`, styleText(style, `${d.severity}:`)) : line);
  }
}
