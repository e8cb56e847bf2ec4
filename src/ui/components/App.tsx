/** The studio: toolbar, spec editor with problems, live preview; review mode for shared links. */
import type React from 'react';
import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Diagnostic } from '../../core/index.ts';
import { DEFAULT_PATH, ENVIRONMENT_FILES, EXAMPLES, studioStore, useStudio } from '../app-store.ts';
import { saveBlob, saveText } from '../lib/download.ts';
import { editorHandle } from '../lib/editor-bridge.ts';
import { nextProblem } from '../lib/markers.ts';
import { markEdit } from '../lib/perf.ts';
import { encodeShare } from '../lib/share.ts';
import { shortcutFor } from '../lib/shortcuts.ts';
import { isModified } from '../lib/store.ts';
import { baseName, serviceNameOf } from '../lib/workspace.ts';
import { buildZip, zipName } from '../lib/zip.ts';
import { usePreview, type PreviewInput } from '../preview/use-preview.ts';
import { createWorkerCompiler } from '../preview/worker-compiler.ts';
import { ExamplesDialog, ShareDialog, ShortcutsDialog, WizardDialog } from './dialogs.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { PreviewPane } from './PreviewPane.tsx';
import { ProblemsPanel } from './ProblemsPanel.tsx';

const SpecEditor = lazy(() => import('../monaco/SpecEditor.tsx'));
const ReviewDiff = lazy(() => import('../monaco/ReviewDiff.tsx'));

/** Biggest spec file the studio opens (the core's own limit). */
const MAX_OPEN_BYTES = 1_000_000;

type DialogState = { kind: 'examples' } | { kind: 'wizard' } | { kind: 'help' } | { kind: 'share'; result: { ok: true; url: string } | { ok: false; error: string } } | null;

function lineDiffStats(base: string, text: string): { added: number; removed: number } {
  const a = base.split('\n');
  const b = text.split('\n');
  const count = (xs: string[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
    return m;
  };
  const ca = count(a);
  const cb = count(b);
  let added = 0;
  let removed = 0;
  for (const [line, n] of cb) added += Math.max(0, n - (ca.get(line) ?? 0));
  for (const [line, n] of ca) removed += Math.max(0, n - (cb.get(line) ?? 0));
  return { added, removed };
}

export function App(): React.JSX.Element {
  const docs = useStudio((s) => s.docs);
  const activePath = useStudio((s) => s.activePath);
  const environment = useStudio((s) => s.environment);
  const activeTab = useStudio((s) => s.activeTab);
  const theme = useStudio((s) => s.theme);
  const review = useStudio((s) => s.review);
  const notice = useStudio((s) => s.notice);
  const actions = studioStore.getState();
  const [dialog, setDialog] = useState<DialogState>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const doc = docs[activePath] ?? docs[DEFAULT_PATH];
  const path = review ? review.path : (doc?.path ?? DEFAULT_PATH);
  const text = review ? review.text : (doc?.text ?? '');
  const service = serviceNameOf(text);
  const requestedEnv = review ? (review.env ?? '') : environment;
  const input = useMemo<PreviewInput>(() => ({ file: path, text, environment: requestedEnv, environmentFiles: ENVIRONMENT_FILES }), [path, text, requestedEnv]);
  const preview = usePreview(input, createWorkerCompiler);
  // Which environments exist for this spec is worked out with the compile (it needs the core).
  const shownEnv = preview.current ?? preview.lastGood;
  const environments = shownEnv?.environments ?? [];
  const env = shownEnv?.environment ?? '';
  const overrides = shownEnv?.overrides ?? [];
  const currentDiagnostics = preview.current?.diagnostics;

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);

  const jump = useCallback((d: Diagnostic) => editorHandle()?.reveal(d.line, d.column), []);

  const goToProblem = useCallback((direction: 1 | -1) => {
    const list = (preview.current?.diagnostics ?? []).filter((d) => d.file === path);
    if (list.length === 0 || review) return;
    const pos = editorHandle()?.position() ?? { line: 0, column: 0 };
    const next = nextProblem(list, pos.line, pos.column, direction);
    if (next) editorHandle()?.reveal(next.line, next.column);
  }, [preview.current, path, review]);

  const saveSpec = useCallback(() => saveText(text, baseName(path), 'application/yaml'), [text, path]);

  const downloadZip = useCallback(async () => {
    const current = preview.current;
    if (!current?.ok || !current.files) {
      actions.setNotice({ kind: 'error', text: 'Nothing to download: the spec has errors. Fix them first (F8 goes to the next problem).' });
      return;
    }
    setBusy('Building zip…');
    try {
      const bytes = await buildZip(current.files);
      saveBlob(new Blob([bytes as BlobPart], { type: 'application/zip' }), zipName(current.plan?.service ?? service, env));
    } finally {
      setBusy(null);
    }
  }, [preview.current, service, env, actions]);

  const share = useCallback(() => {
    const payload = {
      v: 1 as const,
      file: baseName(path),
      text,
      base: review ? review.base : (doc?.base ?? text),
      ...(env ? { env } : {}),
      tab: activeTab,
    };
    const encoded = encodeShare(payload);
    setDialog({
      kind: 'share',
      result: encoded.ok ? { ok: true, url: `${location.origin}${location.pathname}${encoded.value}` } : { ok: false, error: encoded.error },
    });
  }, [path, text, review, doc, env, activeTab]);

  const format = useCallback(() => void editorHandle()?.format(), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement | null;
      const inText = target !== null && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);
      const id = shortcutFor(e, inText);
      if (!id) return;
      // Monaco runs format itself when it has focus; elsewhere we do.
      if (id === 'format' && target?.closest('.monaco-editor')) return;
      e.preventDefault();
      e.stopPropagation();
      if (id === 'save') saveSpec();
      else if (id === 'download') void downloadZip();
      else if (id === 'share') share();
      else if (id === 'nextProblem') goToProblem(1);
      else if (id === 'prevProblem') goToProblem(-1);
      else if (id === 'format') format();
      else if (id === 'help') setDialog({ kind: 'help' });
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [saveSpec, downloadZip, share, goToProblem, format]);

  const openFile = async (file: File): Promise<void> => {
    if (file.size > MAX_OPEN_BYTES) {
      actions.setNotice({ kind: 'error', text: `${file.name} is ${Math.round(file.size / 1000)} KB; a service spec is a few kilobytes, so it was not opened.` });
      return;
    }
    if (!/\.ya?ml$/i.test(file.name)) {
      actions.setNotice({ kind: 'error', text: `${file.name} is not a .yaml file.` });
      return;
    }
    const content = await file.text();
    actions.exitReview();
    actions.addDoc({ path: file.name, text: content });
    actions.setNotice({ kind: 'info', text: `Opened ${file.name}.` });
  };

  const fork = (): void => {
    actions.forkReview();
    history.replaceState(null, '', location.pathname + location.search);
  };
  const closeReview = (): void => {
    actions.exitReview();
    history.replaceState(null, '', location.pathname + location.search);
  };

  const stats = review ? lineDiffStats(review.base, review.text) : undefined;
  const modified = !review && isModified(doc);
  const userDocs = Object.values(docs).filter((d) => !EXAMPLES.some((e) => e.path === d.path));

  return (
    <div className="app">
      <a className="skip-link" href="#editor-region">Skip to the editor</a>
      <header className="toolbar" role="banner">
        <h1 className="brand">NthLayer <span>Studio</span></h1>
        <nav className="toolbar-group" aria-label="Spec">
          <button type="button" onClick={() => setDialog({ kind: 'examples' })}>Examples</button>
          <button type="button" onClick={() => setDialog({ kind: 'wizard' })}>New</button>
          <button type="button" onClick={() => fileInput.current?.click()}>Open…</button>
          <input ref={fileInput} type="file" accept=".yaml,.yml" hidden aria-label="Open a spec file"
            onChange={(e) => { const f = e.target.files?.[0]; if (f) void openFile(f); e.target.value = ''; }} />
          <button type="button" onClick={saveSpec} title="Ctrl/⌘+S">Save</button>
        </nav>
        <div className="toolbar-group">
          <button type="button" className="primary" onClick={() => void downloadZip()} disabled={busy !== null} title="Ctrl/⌘+Shift+S">
            {busy ?? 'Download zip'}
          </button>
          <button type="button" onClick={share} title="Ctrl/⌘+Shift+L">Share</button>
          <button type="button" onClick={() => actions.setTheme(theme === 'dark' ? 'light' : 'dark')} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
            {theme === 'dark' ? '☀ Light' : '☾ Dark'}
          </button>
          <button type="button" onClick={() => setDialog({ kind: 'help' })} aria-label="Keyboard shortcuts">?</button>
        </div>
      </header>

      {notice && (
        <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
          <span>{notice.text}</span>
          <button type="button" className="icon" onClick={() => actions.setNotice(null)} aria-label="Dismiss message">✕</button>
        </div>
      )}

      {review && (
        <div className="review-banner" role="region" aria-label="Review" data-testid="review-banner">
          <strong>Review mode</strong>
          <span>{review.file}{review.env ? ` (env ${review.env})` : ''}: read-only, compared with the author's base version
            {stats ? ` (+${stats.added} −${stats.removed} lines)` : ''}.</span>
          <span className="spacer" />
          <button type="button" className="primary" onClick={fork}>Fork to edit</button>
          <button type="button" onClick={closeReview}>Close review</button>
        </div>
      )}

      <main className="workspace">
        <section className="pane pane-editor" aria-label="Spec editor" id="editor-region">
          <div className="doc-bar">
            {review ? (
              <span className="doc-name">{review.file} <span className="muted">base ← → shared</span></span>
            ) : (
              <label className="doc-select">
                <span className="sr-only">Open document</span>
                <select value={doc?.path ?? ''} onChange={(e) => actions.openDoc(e.target.value)} aria-label="Open document">
                  <optgroup label="Examples">
                    {EXAMPLES.map((e) => <option key={e.path} value={e.path}>{baseName(e.path)}{isModified(docs[e.path]) ? ' •' : ''}</option>)}
                  </optgroup>
                  {userDocs.length > 0 && (
                    <optgroup label="Your specs">
                      {userDocs.map((d) => <option key={d.path} value={d.path}>{baseName(d.path)}{isModified(d) ? ' •' : ''}</option>)}
                    </optgroup>
                  )}
                </select>
              </label>
            )}
            {modified && <span className="badge" title="Edited; autosaved in this browser">edited</span>}
            <label className="env-select">
              Environment
              <select value={environments.includes(requestedEnv) ? requestedEnv : ''} disabled={environments.length === 0 || review !== null}
                onChange={(e) => actions.setEnvironment(e.target.value)} data-testid="environment">
                <option value="">{environments.length === 0 ? 'none available' : 'base (no overrides)'}</option>
                {environments.map((e) => <option key={e} value={e}>{e}</option>)}
              </select>
            </label>
            <span className="spacer" />
            {!review && <button type="button" onClick={format} title="Shift+Alt+F">Format</button>}
            {!review && modified && <button type="button" onClick={() => actions.resetDoc()}>Revert</button>}
            {!review && !EXAMPLES.some((e) => e.path === doc?.path) && doc && (
              <button type="button" onClick={() => actions.closeDoc(doc.path)}>Close</button>
            )}
          </div>
          {env && overrides.length > 0 && (
            <p className="env-note muted">Overrides applied: {overrides.map((o) => o.replace(/^examples\//, '')).join(', ')}</p>
          )}
          <div className="editor-host">
            <ErrorBoundary label="editor">
              <Suspense fallback={<div className="state state-loading" role="status">Loading editor…</div>}>
                {review ? (
                  <ReviewDiff path={review.path} base={review.base} text={review.text} theme={theme} />
                ) : (
                  <SpecEditor path={path} value={text} theme={theme} diagnostics={currentDiagnostics ?? []}
                    onChange={(t) => { markEdit(); actions.setText(t); }} />
                )}
              </Suspense>
            </ErrorBoundary>
          </div>
          <ProblemsPanel diagnostics={currentDiagnostics} specPath={path} onJump={jump} />
        </section>
        <section className="pane pane-preview" aria-label="Preview">
          <PreviewPane preview={preview} activeTab={activeTab} onTab={actions.setTab} />
        </section>
      </main>
      <footer className="statusbar" role="contentinfo">
        <span data-testid="status">{preview.current ? (preview.current.ok ? `valid · ${preview.current.files?.length ?? 0} files` : 'invalid') : 'compiling…'}</span>
        {preview.current && <span className="muted">generated in {preview.current.compileMs.toFixed(1)} ms</span>}
        <span className="spacer" />
        <span className="muted">{review ? 'review (read-only)' : 'autosaved in this browser'} · no data leaves this page</span>
      </footer>

      {dialog?.kind === 'examples' && (
        <ExamplesDialog examples={EXAMPLES} modified={(p) => isModified(docs[p])}
          onOpen={(p) => { actions.exitReview(); actions.openDoc(p); setDialog(null); }} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'wizard' && (
        <WizardDialog onClose={() => setDialog(null)}
          onCreate={(name, spec) => { actions.exitReview(); actions.addDoc({ path: name, text: spec }); actions.setTab('plan'); setDialog(null); }} />
      )}
      {dialog?.kind === 'share' && <ShareDialog result={dialog.result} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'help' && <ShortcutsDialog onClose={() => setDialog(null)} />}
    </div>
  );
}
