/** The top bar: documents (examples, new, open, save) and outputs (zip, share), theme and help. */
import type React from 'react';
import { useRef } from 'react';
import type { StudioView, Theme } from '../lib/store.ts';

export interface ToolbarProps {
  theme: Theme;
  busy: string | null;
  /** False while the spec has errors: there is nothing to download. */
  canDownload: boolean;
  onExamples: () => void;
  onNew: () => void;
  /** Several files open together (an OpenSLO SLO may refer to objects in another file). */
  onOpenFiles: (files: File[]) => void;
  onSave: () => void;
  onDownload: () => void;
  onShare: () => void;
  onToggleTheme: () => void;
  onHelp: () => void;
  view: StudioView;
  onView: (view: StudioView) => void;
  /** Live status: the Prometheus connection and the deploy gate. */
  live: React.ReactNode;
}

export function Toolbar(p: ToolbarProps): React.JSX.Element {
  const fileInput = useRef<HTMLInputElement>(null);
  const next = p.theme === 'dark' ? 'light' : 'dark';
  return (
    <header className="toolbar" role="banner">
      <h1 className="brand">
        NthLayer <span>Studio</span>
      </h1>
      <nav className="toolbar-group view-switch" aria-label="View">
        <button type="button" aria-pressed={p.view === 'editor'} onClick={() => p.onView('editor')}>
          Editor
        </button>
        <button type="button" aria-pressed={p.view === 'portfolio'} onClick={() => p.onView('portfolio')}>
          Portfolio
        </button>
      </nav>
      <nav className="toolbar-group" aria-label="Spec">
        <button type="button" onClick={p.onExamples}>
          Examples
        </button>
        <button type="button" onClick={p.onNew}>
          New
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          Open…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".yaml,.yml"
          multiple
          hidden
          aria-label="Open spec files, or Sloth, OpenSLO and Pyrra files to import"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            if (files.length > 0) p.onOpenFiles(files);
            e.target.value = '';
          }}
        />
        {p.view === 'editor' && (
          <button type="button" onClick={p.onSave} title="Ctrl/⌘+S">
            Save
          </button>
        )}
      </nav>
      <div className="toolbar-group live-group">{p.live}</div>
      <div className="toolbar-group">
        {/* The outputs of one spec: only beside the editor, so the portfolio's bar stays one row. */}
        {p.view === 'editor' && (
          <>
            <button
              type="button"
              className="primary"
              onClick={p.onDownload}
              disabled={p.busy !== null || !p.canDownload}
              title={
                p.canDownload
                  ? 'Every generated file as a zip (Ctrl/⌘+Shift+S)'
                  : "Fix the spec's errors first: there is nothing to download"
              }
            >
              {p.busy ?? 'Download zip'}
            </button>
            <button type="button" onClick={p.onShare} title="Ctrl/⌘+Shift+L">
              Share
            </button>
          </>
        )}
        <button type="button" onClick={p.onToggleTheme} aria-label={`Switch to ${next} theme`}>
          {p.theme === 'dark' ? '☀ Light' : '☾ Dark'}
        </button>
        <button type="button" onClick={p.onHelp} aria-label="Keyboard shortcuts">
          ?
        </button>
      </div>
    </header>
  );
}
