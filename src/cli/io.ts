/**
 * Terminal output: colour only on a TTY and never with NO_COLOR; everything else is plain text.
 * Kept apart from output.ts (diagnostics) so that `nthlayer --version` loads nothing of the core.
 */
import { styleText } from 'node:util';

export type Style = Parameters<typeof styleText>[0];

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
