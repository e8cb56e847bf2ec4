/** The studio: toolbar, spec editor with problems, live preview; review mode for shared links. */
import type React from 'react';
import { Suspense, lazy, useEffect, useMemo, useState } from 'react';
import type { Diagnostic } from '../../core/index.ts';
import { DEFAULT_PATH, ENVIRONMENT_FILES, EXAMPLES, studioStore, useStudio } from '../app-store.ts';
import { saveBlob, saveText } from '../lib/download.ts';
import { editorHandle } from '../lib/editor-bridge.ts';
import { nextProblem } from '../lib/markers.ts';
import { markEdit } from '../lib/perf.ts';
import { encodeShare } from '../lib/share.ts';
import { importOutcome, isNthLayerSpec, MAX_OPEN_BYTES } from '../lib/open-files.ts';
import { isModified } from '../lib/store.ts';
import { baseName, serviceNameOf, type WorkspaceFile } from '../lib/workspace.ts';
import { buildZip, zipName } from '../lib/zip.ts';
import { usePreview, type PreviewInput } from '../preview/use-preview.ts';
import { createWorkerCompiler } from '../preview/worker-compiler.ts';
import { GateBadge, useBudgets } from '../live/budgets.tsx';
import { ConnectionButton, ConnectionDialog, ConnectionError } from '../live/ConnectionDialog.tsx';
import { importFiles } from '../live/jobs.ts';
import { LiveProvider } from '../live/LiveProvider.tsx';
import type { VerifyInput } from '../live/VerifyPanel.tsx';
import { ExamplesDialog, ShareDialog, ShortcutsDialog, WizardDialog } from './dialogs.tsx';
import { DocBar } from './DocBar.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { PreviewPane } from './PreviewPane.tsx';
import { ProblemsPanel } from './ProblemsPanel.tsx';
import { ReviewBanner } from './ReviewBanner.tsx';
import { Toolbar } from './Toolbar.tsx';
import { useShortcuts } from './use-shortcuts.ts';

const SpecEditor = lazy(() => import('../monaco/SpecEditor.tsx'));
const ReviewDiff = lazy(() => import('../monaco/ReviewDiff.tsx'));
const PortfolioView = lazy(() => import('../portfolio/PortfolioView.tsx'));

type DialogState =
  | { kind: 'examples' }
  | { kind: 'wizard' }
  | { kind: 'help' }
  | { kind: 'connection' }
  | { kind: 'share'; result: { ok: true; url: string } | { ok: false; error: string } }
  | null;

const actions = studioStore.getState();

function clearHash(): void {
  history.replaceState(null, '', location.pathname + location.search);
}

/** Verify only needs the text while its tab is open; elsewhere a stable value keeps the preview memoised. */
const NO_VERIFY: VerifyInput = { file: '', text: '', environment: '', environmentFiles: [] };

export function App(): React.JSX.Element {
  const connection = useStudio((s) => s.connection);
  return (
    <LiveProvider settings={connection}>
      <Studio />
    </LiveProvider>
  );
}

function Studio(): React.JSX.Element {
  const connection = useStudio((s) => s.connection);
  const view = useStudio((s) => s.view);
  const docs = useStudio((s) => s.docs);
  const activePath = useStudio((s) => s.activePath);
  const environment = useStudio((s) => s.environment);
  const activeTab = useStudio((s) => s.activeTab);
  const theme = useStudio((s) => s.theme);
  const review = useStudio((s) => s.review);
  const notice = useStudio((s) => s.notice);
  const [dialog, setDialog] = useState<DialogState>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const doc = docs[activePath] ?? docs[DEFAULT_PATH];
  const path = review ? review.path : (doc?.path ?? DEFAULT_PATH);
  const text = review ? review.text : (doc?.text ?? '');
  const requestedEnv = review ? (review.env ?? '') : environment;
  const input = useMemo<PreviewInput>(() => ({ file: path, text, environment: requestedEnv, environmentFiles: ENVIRONMENT_FILES }), [path, text, requestedEnv]);
  const preview = usePreview(input, createWorkerCompiler);
  // Which environments exist for this spec is worked out with the compile (it needs the core).
  const envInfo = preview.current ?? preview.lastGood;
  const env = envInfo?.environment ?? '';
  const overrides = envInfo?.overrides ?? [];
  const diagnostics = preview.current?.diagnostics;
  // An imported spec also lists what the import reported (positions in the source files).
  const importNotes = review ? undefined : doc?.imported?.diagnostics;
  const problems = useMemo(() => (diagnostics && importNotes ? [...importNotes, ...diagnostics] : diagnostics), [diagnostics, importNotes]);
  const shownModel = (preview.current?.ok ? preview.current : preview.lastGood)?.model;
  const budgets = useBudgets(shownModel);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);

  const goToProblem = (direction: 1 | -1): void => {
    const list = (diagnostics ?? []).filter((d) => d.file === path);
    const pos = editorHandle()?.position() ?? { line: 0, column: 0 };
    const next = review ? undefined : nextProblem(list, pos.line, pos.column, direction);
    if (next) editorHandle()?.reveal(next.line, next.column);
  };

  const saveSpec = (): void => saveText(text, baseName(path), 'application/yaml');

  const downloadZip = async (): Promise<void> => {
    const current = preview.current;
    if (!current?.ok || !current.files) {
      actions.setNotice({ kind: 'error', text: 'Nothing to download: the spec has errors. Fix them first (F8 goes to the next problem).' });
      return;
    }
    setBusy('Building zip…');
    try {
      const bytes = await buildZip(current.files);
      saveBlob(new Blob([bytes as BlobPart], { type: 'application/zip' }), zipName(current.plan?.service ?? serviceNameOf(text), env));
    } finally {
      setBusy(null);
    }
  };

  const share = (): void => {
    const encoded = encodeShare({
      v: 1,
      file: baseName(path),
      text,
      base: review ? review.base : (doc?.base ?? text),
      ...(env ? { env } : {}),
      tab: activeTab,
    });
    setDialog({
      kind: 'share',
      result: encoded.ok ? { ok: true, url: `${location.origin}${location.pathname}${encoded.value}` } : { ok: false, error: encoded.error },
    });
  };

  /**
   * Open (or drop) files: NthLayer specs open as they are; Sloth, OpenSLO and Pyrra files are
   * imported together and open as the specs they become, with the import's notes under Problems.
   */
  const openFiles = async (files: readonly File[]): Promise<void> => {
    const tooBig = files.find((f) => f.size > MAX_OPEN_BYTES);
    if (tooBig) {
      actions.setNotice({ kind: 'error', text: `${tooBig.name} is ${Math.round(tooBig.size / 1000)} KB; a spec is a few kilobytes, so nothing was opened.` });
      return;
    }
    const notYaml = files.find((f) => !/\.ya?ml$/i.test(f.name));
    if (notYaml) {
      actions.setNotice({ kind: 'error', text: `${notYaml.name} is not a .yaml file; nothing was opened.` });
      return;
    }
    const read: WorkspaceFile[] = await Promise.all(files.map(async (f) => ({ path: f.name, text: await f.text() })));
    actions.exitReview();
    const specs = read.filter((f) => isNthLayerSpec(f.text));
    const others = read.filter((f) => !isNthLayerSpec(f.text));
    for (const f of specs) actions.addDoc(f);
    if (others.length === 0) {
      actions.setNotice({ kind: 'info', text: `Opened ${specs.map((f) => f.path).join(', ')}.` });
      return;
    }
    setBusy('Importing…');
    try {
      const outcome = importOutcome(others, await importFiles(others));
      for (const f of outcome.asIs) actions.addDoc(f);
      // The first imported spec ends up active; each keeps the notes about its sources.
      for (const d of [...outcome.docs].reverse()) actions.setImportNotes(actions.addDoc(d.file), d.notes);
      actions.setNotice(outcome.notice);
    } catch (e) {
      actions.setNotice({ kind: 'error', text: `Import failed: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setBusy(null);
    }
  };

  const [dragging, setDragging] = useState(false);
  const hasFiles = (e: React.DragEvent): boolean => Array.from(e.dataTransfer.types).includes('Files');
  const onDragOver = (e: React.DragEvent): void => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const onDrop = (e: React.DragEvent): void => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    setDragging(false);
    void openFiles(Array.from(e.dataTransfer.files));
  };

  const format = (): void => void editorHandle()?.format();

  useShortcuts({
    save: saveSpec,
    download: () => void downloadZip(),
    share,
    nextProblem: () => goToProblem(1),
    prevProblem: () => goToProblem(-1),
    format,
    help: () => setDialog({ kind: 'help' }),
  });

  return (
    <div className="app" onDragOver={onDragOver} onDragLeave={(e) => { if (e.currentTarget === e.target) setDragging(false); }} onDrop={onDrop}>
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
          Drop NthLayer specs, or Sloth, OpenSLO and Pyrra files to import them
        </div>
      )}
      <a className="skip-link" href="#editor-region">Skip to the editor</a>
      <Toolbar
        theme={theme}
        busy={busy}
        onExamples={() => setDialog({ kind: 'examples' })}
        onNew={() => setDialog({ kind: 'wizard' })}
        onOpenFiles={(f) => void openFiles(f)}
        onSave={saveSpec}
        onDownload={() => void downloadZip()}
        onShare={share}
        onToggleTheme={() => actions.setTheme(theme === 'dark' ? 'light' : 'dark')}
        onHelp={() => setDialog({ kind: 'help' })}
        view={view}
        onView={actions.setView}
        live={<><ConnectionButton onOpen={() => setDialog({ kind: 'connection' })} />{view === 'editor' && <GateBadge budgets={budgets} />}</>}
      />

      <ConnectionError onOpen={() => setDialog({ kind: 'connection' })} />

      {notice && (
        <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
          <span>{notice.text}</span>
          <button type="button" className="icon" onClick={() => actions.setNotice(null)} aria-label="Dismiss message">✕</button>
        </div>
      )}

      {review && (
        <ReviewBanner
          review={review}
          onFork={() => { actions.forkReview(); clearHash(); }}
          onClose={() => { actions.exitReview(); clearHash(); }}
        />
      )}

      {view === 'portfolio' ? (
        <main className="portfolio-main">
          <ErrorBoundary label="portfolio">
            <Suspense fallback={<div className="state state-loading" role="status">Loading the portfolio…</div>}>
              <PortfolioView examples={EXAMPLES} onOpenSpec={(file, specText) => {
                actions.exitReview();
                // An example opens as itself (with any edits made to it); other files as new documents.
                if (EXAMPLES.some((e) => e.path === file)) actions.openDoc(file);
                else actions.addDoc({ path: file, text: specText });
                actions.setView('editor');
              }} />
            </Suspense>
          </ErrorBoundary>
        </main>
      ) : (
      <main className="workspace">
        <section className="pane pane-editor" aria-label="Spec editor" id="editor-region">
          <DocBar
            docs={docs}
            doc={doc}
            examples={EXAMPLES}
            review={review}
            environments={envInfo?.environments ?? []}
            environment={requestedEnv}
            onOpen={actions.openDoc}
            onEnvironment={actions.setEnvironment}
            onFormat={format}
            onRevert={actions.resetDoc}
            onClose={actions.closeDoc}
          />
          {env && overrides.length > 0 && (
            <p className="env-note muted">Overrides applied: {overrides.map((o) => o.replace(/^examples\//, '')).join(', ')}</p>
          )}
          <div className="editor-host">
            <ErrorBoundary label="editor">
              <Suspense fallback={<div className="state state-loading" role="status">Loading editor…</div>}>
                {review ? (
                  <ReviewDiff path={review.path} base={review.base} text={review.text} theme={theme} />
                ) : (
                  <SpecEditor path={path} value={text} theme={theme} diagnostics={diagnostics ?? []}
                    onChange={(t) => { markEdit(); actions.setText(t); }} />
                )}
              </Suspense>
            </ErrorBoundary>
          </div>
          <ProblemsPanel diagnostics={problems} specPath={path} onJump={(d: Diagnostic) => editorHandle()?.reveal(d.line, d.column)}
            importNotes={review ? undefined : doc?.imported} onDismissImport={() => { if (doc) actions.setImportNotes(doc.path, null); }} />
        </section>
        <section className="pane pane-preview" aria-label="Preview">
          <PreviewPane preview={preview} activeTab={activeTab} onTab={actions.setTab} budgets={budgets}
            verifyInput={activeTab === 'verify' ? input : NO_VERIFY} />
        </section>
      </main>
      )}

      <footer className="statusbar" role="contentinfo">
        <span data-testid="status">{preview.timedOut ? 'stopped: compile timed out' : preview.current ? (preview.current.ok ? `valid · ${preview.current.files?.length ?? 0} files` : 'invalid') : 'compiling…'}</span>
        {preview.current && <span className="muted">generated in {preview.current.compileMs.toFixed(1)} ms</span>}
        <span className="spacer" />
        <span className="muted">{review ? 'review (read-only)' : 'autosaved in this browser'} · {connection.mode === 'direct' ? 'no data leaves this page except queries to your Prometheus' : 'no data leaves this page'}</span>
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
      {dialog?.kind === 'connection' && <ConnectionDialog settings={connection} onSave={actions.setConnection} onClose={() => setDialog(null)} />}
    </div>
  );
}
