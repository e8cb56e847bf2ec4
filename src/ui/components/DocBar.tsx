/** Above the editor: which document is open, its environment, and format / revert / close. */
import type React from 'react';
import { isModified, type ReviewState, type StudioDoc } from '../lib/store.ts';
import { baseName, type ExampleInfo } from '../lib/workspace.ts';

export interface DocBarProps {
  docs: Record<string, StudioDoc>;
  doc: StudioDoc | undefined;
  examples: readonly ExampleInfo[];
  review: ReviewState | null;
  environments: readonly string[];
  environment: string;
  onOpen: (path: string) => void;
  onEnvironment: (env: string) => void;
  onFormat: () => void;
  onRevert: () => void;
  onClose: (path: string) => void;
}

export function DocBar(p: DocBarProps): React.JSX.Element {
  const isExample = (path: string): boolean => p.examples.some((e) => e.path === path);
  const userDocs = Object.values(p.docs).filter((d) => !isExample(d.path));
  const modified = !p.review && isModified(p.doc);
  return (
    <div className="doc-bar">
      {p.review ? (
        <span className="doc-name">{p.review.file} <span className="muted">base ← → shared</span></span>
      ) : (
        <select value={p.doc?.path ?? ''} onChange={(e) => p.onOpen(e.target.value)} aria-label="Open document">
          <optgroup label="Examples">
            {p.examples.map((e) => <option key={e.path} value={e.path}>{baseName(e.path)}{isModified(p.docs[e.path]) ? ' •' : ''}</option>)}
          </optgroup>
          {userDocs.length > 0 && (
            <optgroup label="Your specs">
              {userDocs.map((d) => <option key={d.path} value={d.path}>{baseName(d.path)}{isModified(d) ? ' •' : ''}</option>)}
            </optgroup>
          )}
        </select>
      )}
      {modified && <span className="badge" title="Edited; autosaved in this browser">edited</span>}
      <label className="env-select">
        Environment
        <select value={p.environments.includes(p.environment) ? p.environment : ''} disabled={p.environments.length === 0 || p.review !== null}
          onChange={(e) => p.onEnvironment(e.target.value)} data-testid="environment">
          <option value="">{p.environments.length === 0 ? 'none available' : 'base (no overrides)'}</option>
          {p.environments.map((e) => <option key={e} value={e}>{e}</option>)}
        </select>
      </label>
      <span className="spacer" />
      {!p.review && <button type="button" onClick={p.onFormat} title="Shift+Alt+F">Format</button>}
      {modified && <button type="button" onClick={p.onRevert}>Revert</button>}
      {!p.review && p.doc && !isExample(p.doc.path) && <button type="button" onClick={() => p.onClose(p.doc!.path)}>Close</button>}
    </div>
  );
}
