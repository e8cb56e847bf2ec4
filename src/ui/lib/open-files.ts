/**
 * Opening files in the studio (the Open button or a drop): NthLayer specs open as they are;
 * Sloth, OpenSLO and Pyrra files are imported together (an OpenSLO SLO may refer to an SLI in
 * another file) and open as the NthLayer specs they become, carrying the import's notes.
 */
import type { ImportResult } from '../../core/index.ts';
import type { ImportNotes } from './store.ts';
import type { WorkspaceFile } from './workspace.ts';

/** Biggest file the studio opens (the core's limit for a spec). */
export const MAX_OPEN_BYTES = 1_000_000;

/** An NthLayer spec has a top-level `service:` block (Sloth's `service:` is a plain name). */
export function isNthLayerSpec(text: string): boolean {
  return /^service:[ \t]*(#.*)?\r?$/m.test(text);
}

export interface ImportOutcome {
  /** The imported specs to open, each with the notes about its source files. */
  docs: { file: WorkspaceFile; notes: ImportNotes }[];
  /** Files in no import format: opened as they are, so the spec checks say what is wrong. */
  asIs: WorkspaceFile[];
  notice: { kind: 'error' | 'info'; text: string };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function importOutcome(files: readonly WorkspaceFile[], result: ImportResult): ImportOutcome {
  const names = files.map((f) => f.path).join(', ');
  if (!result.documents.some((d) => d.format !== undefined)) {
    return { docs: [], asIs: [...files], notice: { kind: 'info', text: `Opened ${names}.` } };
  }
  const docs = result.specs.map((s) => ({
    file: { path: s.file, text: s.text },
    notes: { sources: s.sources, diagnostics: result.diagnostics.filter((d) => s.sources.includes(d.file)) },
  }));
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
  if (docs.length === 0) {
    const first = errors[0];
    return {
      docs,
      asIs: [],
      notice: {
        kind: 'error',
        text: `Nothing could be imported from ${names}${first ? `: ${first.file}:${first.line}:${first.column} ${first.message}` : '.'}`,
      },
    };
  }
  const slos = result.specs.reduce((n, s) => n + s.slos, 0);
  const notDone = result.documents.filter((d) => !d.imported).length;
  return {
    docs,
    asIs: [],
    notice: {
      kind: result.ok ? 'info' : 'error',
      text:
        `Imported ${plural(slos, 'SLO')} from ${names} as ${result.specs.map((s) => s.file).join(', ')}` +
        `${notDone ? `; ${plural(notDone, 'document')} could not be imported` : ''}. ` +
        `${plural(errors.length, 'error')} and ${plural(warnings, 'warning')} of the import are listed under Problems.`,
    },
  };
}
