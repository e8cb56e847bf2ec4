/** Terminal output: colour only on a TTY and never with NO_COLOR; everything else is plain text. */
import { styleText } from 'node:util';
import type { Diagnostic } from '../core/index.ts';
import { formatDiagnostic } from '../core/index.ts';

type Style = Parameters<typeof styleText>[0];

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  color: boolean;
}

export function processIo(): Io {
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  return { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`), color };
}

export function paint(io: Io, style: Style, s: string): string {
  return io.color ? styleText(style, s) : s;
}

export function printDiagnostics(io: Io, diagnostics: readonly Diagnostic[], minSeverity: 'info' | 'warning' = 'info'): void {
  for (const d of diagnostics) {
    if (minSeverity === 'warning' && d.severity === 'info') continue;
    const line = formatDiagnostic(d);
    const style: Style = d.severity === 'error' ? 'red' : d.severity === 'warning' ? 'yellow' : 'cyan';
    io.err(io.color ? line.replace(`${d.severity}:`, styleText(style, `${d.severity}:`)) : line);
  }
}
