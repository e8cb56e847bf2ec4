/** The core's diagnostics as a list; choosing one moves the editor to its line. */
import type React from 'react';
import type { Diagnostic } from '../../core/index.ts';
import type { ImportNotes } from '../lib/store.ts';
import { baseName } from '../lib/workspace.ts';

export interface ProblemsPanelProps {
  diagnostics: readonly Diagnostic[] | undefined;
  /** The document in the editor. */
  specPath: string;
  /** Whether a diagnostic's file is a document the studio can open (an override file, an import source). */
  canOpen: (file: string) => boolean;
  onJump: (d: Diagnostic) => void;
  /** Set for a spec imported from Sloth, OpenSLO or Pyrra: its notes are in the list too. */
  importNotes?: ImportNotes | undefined;
  onDismissImport?: () => void;
}

const ICON: Record<Diagnostic['severity'], string> = { error: '✖', warning: '▲', info: 'ℹ' };

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function ProblemsPanel({
  diagnostics,
  specPath,
  canOpen,
  onJump,
  importNotes,
  onDismissImport,
}: ProblemsPanelProps): React.JSX.Element {
  const list = diagnostics ?? [];
  const errors = list.filter((d) => d.severity === 'error').length;
  const warnings = list.filter((d) => d.severity === 'warning').length;
  return (
    <section className="problems" aria-labelledby="problems-title" data-testid="problems" id="problems-region" tabIndex={-1}>
      <h2 id="problems-title" className="problems-title">
        Problems{' '}
        <span className="muted" aria-live="polite">
          {diagnostics === undefined
            ? 'checking…'
            : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(list.length - errors - warnings, 'note')}`}
        </span>
      </h2>
      {importNotes && (
        <p className="problems-import" data-testid="import-notes">
          Imported from {importNotes.sources.map(baseName).join(', ')}: its {plural(importNotes.diagnostics.length, 'note')}{' '}
          {importNotes.diagnostics.length === 1 ? 'is' : 'are'} listed with the file{' '}
          {importNotes.diagnostics.length === 1 ? 'it points' : 'they point'} into (open read-only beside your specs).
          {onDismissImport && (
            <button type="button" className="link" onClick={onDismissImport}>
              Dismiss import notes
            </button>
          )}
        </p>
      )}
      {diagnostics !== undefined && list.length === 0 && <p className="muted problems-empty">No problems: the spec is valid.</p>}
      <ul>
        {list.map((d, i) => {
          const here = d.file === specPath;
          const openable = here || canOpen(d.file);
          return (
            <li key={`${d.file}:${d.line}:${d.column}:${d.code}:${i}`}>
              <button
                type="button"
                className={`problem sev-${d.severity}`}
                onClick={() => onJump(d)}
                disabled={!openable}
                title={here ? 'Go to this line' : openable ? `Open ${d.file} at this line` : `In ${d.file}`}
                data-line={d.line}
                data-file={d.file}
              >
                <span className="problem-icon" aria-label={d.severity}>
                  {ICON[d.severity]}
                </span>
                <span className="problem-where">
                  {baseName(d.file)}:{d.line}:{d.column}
                </span>
                <span className="problem-message">
                  {d.message}
                  {d.path ? <span className="muted"> [{d.path}]</span> : null}
                </span>
                {d.hint && <span className="problem-hint">hint: {d.hint}</span>}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
