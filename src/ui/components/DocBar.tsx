/** Above the editor: which document of the workspace is open, the environment, and format / revert / close. */
import type React from 'react';
import { isModified, type ReviewState, type StudioDoc } from '../lib/store.ts';
import { folderOf } from '../lib/workspace.ts';

export interface DocBarProps {
  docs: Record<string, StudioDoc>;
  doc: StudioDoc | undefined;
  review: ReviewState | null;
  environments: readonly string[];
  environment: string;
  onOpen: (path: string) => void;
  onEnvironment: (env: string) => void;
  onFormat: () => void;
  onRevert: () => void;
  onClose: (path: string) => void;
}

/** Documents grouped by their top folder (a forked example, an opened folder), root files first. */
function documentGroups(docs: Record<string, StudioDoc>): { label: string; docs: StudioDoc[] }[] {
  const groups = new Map<string, StudioDoc[]>();
  for (const d of Object.values(docs).sort((a, b) => a.path.localeCompare(b.path))) {
    const top = d.path.includes('/') ? `${d.path.split('/')[0]}/` : '';
    groups.set(top, [...(groups.get(top) ?? []), d]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)))
    .map(([label, list]) => ({ label: label || 'Your specs', docs: list }));
}

function optionLabel(d: StudioDoc): string {
  const top = d.path.includes('/') ? `${d.path.split('/')[0]}/` : '';
  return `${d.path.slice(top.length)}${d.readOnly ? ' (source, read-only)' : ''}${isModified(d) ? ' •' : ''}`;
}

export function DocBar(p: DocBarProps): React.JSX.Element {
  const modified = !p.review && isModified(p.doc);
  return (
    <div className="doc-bar">
      {p.review ? (
        <span className="doc-name">
          {p.review.file} <span className="muted">base ← → shared</span>
        </span>
      ) : (
        <select value={p.doc?.path ?? ''} onChange={(e) => p.onOpen(e.target.value)} aria-label="Open document" title={p.doc?.path}>
          {documentGroups(p.docs).map((g) => (
            <optgroup key={g.label} label={g.label}>
              {g.docs.map((d) => (
                <option key={d.path} value={d.path}>
                  {optionLabel(d)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      )}
      {modified && (
        <span className="badge" title="Edited; autosaved in this browser">
          edited
        </span>
      )}
      {p.doc?.readOnly && !p.review && (
        <span className="badge" title="A source file kept so the import's notes can point into it">
          read-only
        </span>
      )}
      <label className="env-select">
        Environment
        <select
          value={p.environments.includes(p.environment) ? p.environment : ''}
          disabled={p.environments.length === 0 || p.review !== null}
          onChange={(e) => p.onEnvironment(e.target.value)}
          data-testid="environment"
          title={
            p.environments.length === 0
              ? `No override files beside this spec (${p.doc ? folderOf(p.doc.path) : ''}environments/<env>.yaml)`
              : undefined
          }
        >
          <option value="">{p.environments.length === 0 ? 'none available' : 'base (no overrides)'}</option>
          {p.environments.map((e) => (
            <option key={e} value={e}>
              {e}
            </option>
          ))}
        </select>
      </label>
      <span className="spacer" />
      {!p.review && !p.doc?.readOnly && (
        <button type="button" onClick={p.onFormat} title="Shift+Alt+F">
          Format
        </button>
      )}
      {modified && (
        <button type="button" onClick={p.onRevert} title="Back to the version it started from">
          Revert
        </button>
      )}
      {!p.review && p.doc && (
        <button type="button" onClick={() => p.onClose(p.doc!.path)} title="Remove it from this browser's workspace">
          Close
        </button>
      )}
    </div>
  );
}
