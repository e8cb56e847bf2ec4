/** The studio: toolbar, spec editor with problems, live preview; review mode for shared links. */
import type React from 'react';
import { Suspense, lazy, useEffect, useMemo, useRef, useState } from 'react';
import { environmentsFor, type Diagnostic } from '../../core/index.ts';
import { EXAMPLE_ENVIRONMENTS, EXAMPLE_FILES, examples, studioStore, useStudio } from '../app-store.ts';
import { saveBlob, saveText } from '../lib/download.ts';
import { editorHandle } from '../lib/editor-bridge.ts';
import { nextProblem } from '../lib/markers.ts';
import { markEdit } from '../lib/perf.ts';
import { encodeShare } from '../lib/share.ts';
import { importOutcome, isNthLayerSpec, MAX_OPEN_BYTES } from '../lib/open-files.ts';
import { isModified, isSpecDoc } from '../lib/store.ts';
import { studioInput, studioInputOf, workspaceEnvironmentFiles } from '../lib/studio-input.ts';
import { baseName, isEnvironmentPath, serviceNameOf, type WorkspaceFile } from '../lib/workspace.ts';
import { buildZip, zipName } from '../lib/zip.ts';
import { usePreview, type PreviewSource } from '../preview/use-preview.ts';
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

/** The preview compiles straight from the store: a keystroke is sent to the worker before React renders it. */
const PREVIEW_SOURCE: PreviewSource = {
  get: () => studioInputOf(studioStore.getState()),
  subscribe: (onChange) => studioStore.subscribe(onChange),
};

/** Typing in the spec editor: marks the edit for the benchmark (perf.ts) and stores the text. */
function onSpecChange(text: string): void {
  markEdit();
  actions.setText(text);
}

const NO_DIAGNOSTICS: readonly Diagnostic[] = [];

/** How long a message about something that worked stays up. */
const INFO_NOTICE_MS = 8000;

/** The workspace's override files, the same array while their paths and texts stay the same. */
function useEnvironmentFiles(docs: ReturnType<typeof studioStore.getState>['docs']): WorkspaceFile[] {
  const files = workspaceEnvironmentFiles(docs);
  const key = files.map((f) => `${f.path}\u0000${f.text}`).join('\u0001');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on content, not identity
  return useMemo(() => files, [key]);
}

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
  const specPath = useStudio((s) => s.specPath);
  const environment = useStudio((s) => s.environment);
  const activeTab = useStudio((s) => s.activeTab);
  const theme = useStudio((s) => s.theme);
  const review = useStudio((s) => s.review);
  const notice = useStudio((s) => s.notice);
  const [dialog, setDialog] = useState<DialogState>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const activeDoc = docs[activePath];
  const specDoc = docs[specPath];
  const envFiles = useEnvironmentFiles(docs);
  const specText = specDoc?.text ?? '';
  const input = useMemo(
    () => studioInput({ specPath, specText, environment, review }, envFiles),
    [specPath, specText, environment, review, envFiles],
  );
  const path = input.file;
  const text = input.text;
  const preview = usePreview(PREVIEW_SOURCE, createWorkerCompiler);
  // Which environments exist for this spec is worked out with the compile (it needs the core).
  const envInfo = preview.current ?? preview.lastGood;
  const env = envInfo?.environment ?? '';
  const overrides = envInfo?.overrides ?? [];
  const diagnostics = preview.current?.diagnostics;
  const valid = preview.current?.ok === true;
  // An imported spec also lists what the import reported (positions in its source files).
  const importNotes = review ? undefined : specDoc?.imported?.diagnostics;
  const problems = useMemo(() => (diagnostics && importNotes ? [...importNotes, ...diagnostics] : diagnostics), [diagnostics, importNotes]);
  const shownModel = (preview.current?.ok ? preview.current : preview.lastGood)?.model;
  const budgets = useBudgets(shownModel);
  const editorPath = review ? review.path : activePath;

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);

  // A notice goes once its cause does: "nothing to download" once the spec is valid again;
  // a message about something that worked after a few seconds.
  useEffect(() => {
    if (notice?.cause === 'invalid-spec' && valid) actions.setNotice(null);
  }, [notice, valid]);
  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const t = setTimeout(() => {
      if (studioStore.getState().notice === notice) actions.setNotice(null);
    }, INFO_NOTICE_MS);
    return () => clearTimeout(t);
  }, [notice]);

  // A jump into another document waits for the editor to show it.
  const pendingReveal = useRef<{ path: string; line: number; column: number } | undefined>(undefined);
  useEffect(() => {
    const p = pendingReveal.current;
    if (!p || p.path !== activePath) return;
    const t = setTimeout(() => {
      editorHandle()?.reveal(p.line, p.column);
      pendingReveal.current = undefined;
    }, 50);
    return () => clearTimeout(t);
  }, [activePath]);

  /** Opens a document; an override file also switches the preview to the environment it belongs to. */
  const openDocument = (p: string): void => {
    actions.openDoc(p);
    const s = studioStore.getState();
    if (!isEnvironmentPath(p) || !isSpecDoc(s.docs[s.specPath])) return;
    const envs = environmentsFor(s.specPath, serviceNameOf(s.docs[s.specPath]!.text), [p]);
    if (envs.length === 1) actions.setEnvironment(envs[0]!);
  };

  const jumpTo = (d: Diagnostic): void => {
    if (review) return;
    if (d.file === activePath) {
      editorHandle()?.reveal(d.line, d.column);
      return;
    }
    if (!docs[d.file]) return;
    pendingReveal.current = { path: d.file, line: d.line, column: d.column };
    openDocument(d.file);
  };

  const goToProblem = (direction: 1 | -1): void => {
    const list = (diagnostics ?? []).filter((d) => d.file === editorPath);
    const pos = editorHandle()?.position() ?? { line: 0, column: 0 };
    const next = review ? undefined : nextProblem(list, pos.line, pos.column, direction);
    if (next) editorHandle()?.reveal(next.line, next.column);
  };

  const saveSpec = (): void => {
    const doc = review ? { path: review.path, text: review.text } : activeDoc;
    if (doc) saveText(doc.text, baseName(doc.path), 'application/yaml');
  };

  const downloadZip = async (): Promise<void> => {
    const current = preview.current;
    if (!current?.ok || !current.files) {
      actions.setNotice({
        kind: 'error',
        cause: 'invalid-spec',
        text: 'Nothing to download: the spec has errors. Fix them first (F8 goes to the next problem).',
      });
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
    const applied = review
      ? review.environmentFiles
      : overrides.map((p) => envFiles.find((f) => f.path === p)).filter((f): f is WorkspaceFile => f !== undefined);
    const encoded = encodeShare({
      v: 1,
      file: baseName(path),
      text,
      base: review ? review.base : (specDoc?.base ?? text),
      ...(env ? { env, environments: applied.map((f) => ({ file: baseName(f.path), text: f.text })) } : {}),
      tab: activeTab,
    });
    setDialog({
      kind: 'share',
      result: encoded.ok
        ? { ok: true, url: `${location.origin}${location.pathname}${encoded.value}` }
        : { ok: false, error: encoded.error },
    });
  };

  /**
   * Open (or drop) files: NthLayer specs open as they are; Sloth, OpenSLO and Pyrra files are
   * imported together and open as the specs they become, with the import's notes under Problems.
   * The source files stay open read-only, so every note points into a file the studio can show.
   */
  const openFiles = async (files: readonly File[]): Promise<void> => {
    const tooBig = files.find((f) => f.size > MAX_OPEN_BYTES);
    if (tooBig) {
      actions.setNotice({
        kind: 'error',
        text: `${tooBig.name} is ${Math.round(tooBig.size / 1000)} KB; a spec is a few kilobytes, so nothing was opened.`,
      });
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
      const sources = new Map<string, string>();
      for (const d of outcome.docs) for (const s of d.notes.sources) sources.set(s, '');
      for (const s of sources.keys()) {
        const src = others.find((f) => f.path === s);
        if (src) sources.set(s, actions.addDoc(src, { readOnly: true }));
      }
      // The first imported spec ends up active; each keeps the notes about its sources, which now point at their open copies.
      for (const d of [...outcome.docs].reverse()) {
        const notes = {
          sources: d.notes.sources.map((s) => sources.get(s) || s),
          diagnostics: d.notes.diagnostics.map((x) => ({ ...x, file: sources.get(x.file) || x.file })),
        };
        actions.setImportNotes(actions.addDoc(d.file), notes);
      }
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

  const forkOf = (examplePath: string): string | undefined => Object.values(docs).find((d) => d.origin === examplePath)?.path;
  const activeEnvironments = envInfo?.environments ?? [];
  // An override file in the editor: which environment of the previewed spec it belongs to.
  const fileEnvironment = useMemo(() => {
    if (review || !activeDoc || !isEnvironmentPath(activeDoc.path) || !specDoc) return undefined;
    const envs = environmentsFor(specDoc.path, serviceNameOf(specDoc.text), [activeDoc.path]);
    return { envs, spec: specDoc.path };
  }, [review, activeDoc, specDoc]);

  return (
    <div
      className="app"
      onDragOver={onDragOver}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
          Drop NthLayer specs, or Sloth, OpenSLO and Pyrra files to import them
        </div>
      )}
      <nav className="skip-links" aria-label="Skip links">
        <a className="skip-link" href="#editor-region">
          Skip to the editor
        </a>
        <a className="skip-link" href="#problems-region">
          Skip to the problems
        </a>
        <a className="skip-link" href="#preview-region">
          Skip to the preview
        </a>
      </nav>
      <Toolbar
        theme={theme}
        busy={busy}
        canDownload={valid}
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
        live={
          <>
            <ConnectionButton onOpen={() => setDialog({ kind: 'connection' })} />
            {view === 'editor' && <GateBadge budgets={budgets} />}
          </>
        }
      />

      <ConnectionError onOpen={() => setDialog({ kind: 'connection' })} />

      {notice && (
        <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
          <span>{notice.text}</span>
          <button type="button" className="icon" onClick={() => actions.setNotice(null)} aria-label="Dismiss message">
            ✕
          </button>
        </div>
      )}

      {review && (
        <ReviewBanner
          review={review}
          onFork={() => {
            actions.forkReview();
            clearHash();
          }}
          onClose={() => {
            actions.exitReview();
            clearHash();
          }}
        />
      )}

      {view === 'portfolio' ? (
        <main className="portfolio-main">
          <ErrorBoundary label="portfolio">
            <Suspense
              fallback={
                <div className="state state-loading" role="status">
                  Loading the portfolio…
                </div>
              }
            >
              <PortfolioView
                examples={examples()}
                exampleEnvironments={EXAMPLE_ENVIRONMENTS}
                onOpenSpec={(file) => {
                  actions.exitReview();
                  // An example opens as the person's fork of it; a workspace file as itself.
                  if (EXAMPLE_FILES.some((e) => e.path === file)) actions.openExample(file);
                  else openDocument(file);
                  actions.setView('editor');
                }}
              />
            </Suspense>
          </ErrorBoundary>
        </main>
      ) : (
        <main className="workspace">
          <section className="pane pane-editor" aria-label="Spec editor" id="editor-region" tabIndex={-1}>
            <DocBar
              docs={docs}
              doc={activeDoc}
              review={review}
              environments={activeEnvironments}
              environment={review ? (review.env ?? '') : environment}
              onOpen={openDocument}
              onEnvironment={actions.setEnvironment}
              onFormat={format}
              onRevert={actions.resetDoc}
              onClose={actions.closeDoc}
            />
            {env && overrides.length > 0 && (
              <p className="env-note muted" data-testid="env-note">
                {baseName(path)} in <strong>{env}</strong>: overrides from{' '}
                {overrides.map((o) => o.slice(o.indexOf('environments/'))).join(', ')}
              </p>
            )}
            {fileEnvironment && (
              <p className="env-note" data-testid="env-file-note">
                {fileEnvironment.envs.length === 0 ? (
                  <>This override file does not apply to {baseName(fileEnvironment.spec)} (it is named for another service).</>
                ) : fileEnvironment.envs.includes(env) ? (
                  <>
                    Editing the <strong>{env}</strong> overrides of {baseName(fileEnvironment.spec)}; the preview shows the result.
                  </>
                ) : (
                  <>
                    Applies to {baseName(fileEnvironment.spec)} in {fileEnvironment.envs.join(', ')}.{' '}
                    <button type="button" className="link" onClick={() => actions.setEnvironment(fileEnvironment.envs[0]!)}>
                      Preview {fileEnvironment.envs[0]}
                    </button>
                  </>
                )}
              </p>
            )}
            <div className="editor-host">
              <ErrorBoundary label="editor">
                <Suspense
                  fallback={
                    <div className="state state-loading" role="status">
                      Loading editor…
                    </div>
                  }
                >
                  {review ? (
                    <ReviewDiff path={review.path} base={review.base} text={review.text} theme={theme} />
                  ) : (
                    <SpecEditor
                      path={activePath}
                      value={activeDoc?.text ?? ''}
                      theme={theme}
                      diagnostics={diagnostics ?? NO_DIAGNOSTICS}
                      readOnly={activeDoc?.readOnly === true}
                      onChange={onSpecChange}
                    />
                  )}
                </Suspense>
              </ErrorBoundary>
            </div>
            <ProblemsPanel
              diagnostics={problems}
              specPath={editorPath}
              canOpen={(f) => !review && docs[f] !== undefined}
              onJump={jumpTo}
              importNotes={review ? undefined : specDoc?.imported}
              onDismissImport={() => {
                if (specDoc) actions.setImportNotes(specDoc.path, null);
              }}
            />
          </section>
          <section className="pane pane-preview" aria-label="Preview" id="preview-region" tabIndex={-1}>
            <PreviewPane
              preview={preview}
              activeTab={activeTab}
              onTab={actions.setTab}
              budgets={budgets}
              verifyInput={activeTab === 'verify' ? input : NO_VERIFY}
              review={review}
            />
          </section>
        </main>
      )}

      <footer className="statusbar" role="contentinfo">
        <span data-testid="status">
          {preview.timedOut
            ? 'stopped: compile timed out'
            : preview.current
              ? preview.current.ok
                ? `valid · ${preview.current.files?.length ?? 0} files`
                : 'invalid'
              : 'compiling…'}
        </span>
        {preview.current && <span className="muted">generated in {preview.current.compileMs.toFixed(1)} ms</span>}
        <span className="spacer" />
        <span className="muted">
          {review ? 'review (read-only)' : 'autosaved in this browser'} ·{' '}
          {connection.mode === 'direct' ? 'no data leaves this page except queries to your Prometheus' : 'no data leaves this page'}
        </span>
      </footer>

      {dialog?.kind === 'examples' && (
        <ExamplesDialog
          examples={examples()}
          modified={(p) => isModified(docs[forkOf(p) ?? ''])}
          forked={(p) => forkOf(p) !== undefined}
          onOpen={(p) => {
            actions.exitReview();
            actions.openExample(p);
            setDialog(null);
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'wizard' && (
        <WizardDialog
          onClose={() => setDialog(null)}
          onCreate={(name, spec) => {
            actions.exitReview();
            actions.addDoc({ path: name, text: spec });
            actions.setTab('plan');
            setDialog(null);
          }}
        />
      )}
      {dialog?.kind === 'share' && <ShareDialog result={dialog.result} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'help' && <ShortcutsDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === 'connection' && (
        <ConnectionDialog settings={connection} onSave={actions.setConnection} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}
