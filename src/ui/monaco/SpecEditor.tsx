/** The spec editor: Monaco with the YAML language, the schema, and the core's diagnostics as markers. */
import Editor, { type EditorProps, type OnMount } from '@monaco-editor/react';
import type React from 'react';
import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import type { Diagnostic } from '../../core/index.ts';
import { setEditorHandle } from '../lib/editor-bridge.ts';
import { toMarkers } from '../lib/markers.ts';
import { markEditorReady } from '../lib/perf.ts';
import type { Theme } from '../lib/store.ts';
import { setModelDiagnostics } from './language.ts';
import { DARK_THEME, monaco } from './setup.ts';

export interface SpecEditorProps {
  path: string;
  value: string;
  theme: Theme;
  diagnostics: readonly Diagnostic[];
  /** A source file kept for reference (an imported Sloth file): shown, never edited. */
  readOnly?: boolean;
  onChange: (text: string) => void;
}

type CodeEditor = Parameters<OnMount>[0];

const MARKER_OWNER = 'nthlayer';
const WRAPPER_PROPS = { 'data-testid': 'spec-editor' };

function modelUri(path: string): string {
  return `inmemory://studio/${path}`;
}

/**
 * Keys that start editing. Until one is pressed (or the editor is clicked), an editor entered
 * with the keyboard lets Tab and Shift+Tab move on: tabbing through the page never edits the spec.
 */
function startsEditing(e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  return e.key.length === 1 || e.key === 'Enter' || e.key === 'Backspace' || e.key === 'Delete';
}

/** Whether the last thing the person did before focus moved was a key press (Tab) rather than a click. */
let lastInput: 'keyboard' | 'pointer' = 'pointer';
if (typeof window !== 'undefined') {
  window.addEventListener(
    'keydown',
    () => {
      lastInput = 'keyboard';
    },
    true,
  );
  window.addEventListener(
    'pointerdown',
    () => {
      lastInput = 'pointer';
    },
    true,
  );
}

/** The markers last set on each model, as JSON. */
const appliedMarkers = new WeakMap<object, string>();

/**
 * Puts `value` into the editor's model when it is a change made outside the editor (reset, a fork,
 * a file opened under the same path), never when it is only the editor's own text coming back
 * through the store: by then the person may have typed more, and writing the older text over it
 * would lose keystrokes (and close the suggestions or undo the Tab they were pressing).
 */
function syncExternalText(editor: CodeEditor, path: string, value: string, lastEmitted: React.MutableRefObject<string | undefined>): void {
  const model = editor.getModel();
  if (!model || model.uri.toString() !== monaco.Uri.parse(modelUri(path)).toString()) return;
  if (value === lastEmitted.current) return;
  if (value === model.getValue()) {
    lastEmitted.current = value;
    return;
  }
  model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value, forceMoveMarkers: true }], () => null);
  model.pushStackElement();
}

function SpecEditor({ path, value, theme, diagnostics, readOnly = false, onChange }: SpecEditorProps): React.JSX.Element {
  const editorRef = useRef<CodeEditor | undefined>(undefined);
  /** The text the editor last reported: the store hands it back as `value`. */
  const lastEmitted = useRef<string | undefined>(undefined);
  const valueRef = useRef(value);
  valueRef.current = value;

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    syncExternalText(editor, path, valueRef.current, lastEmitted);
    setEditorHandle({
      reveal: (line, column) => {
        editor.revealLineInCenter(line);
        editor.setPosition({ lineNumber: line, column });
        editor.updateOptions({ tabFocusMode: false });
        editor.focus();
      },
      format: async () => {
        await editor.getAction('editor.action.formatDocument')?.run();
      },
      focus: () => editor.focus(),
      position: () => {
        const p = editor.getPosition();
        return { line: p?.lineNumber ?? 1, column: p?.column ?? 1 };
      },
    });
    // Entered by keyboard: Tab moves on until the person starts typing or clicks in the editor.
    editor.onDidFocusEditorText(() => editor.updateOptions({ tabFocusMode: lastInput === 'keyboard' }));
    editor.onMouseDown(() => editor.updateOptions({ tabFocusMode: false }));
    editor.onKeyDown((e) => {
      if (editor.getOption(monaco.editor.EditorOption.tabFocusMode) && startsEditing(e.browserEvent))
        editor.updateOptions({ tabFocusMode: false });
    });
    // The Problems list grows as the person types and the editor shrinks: keep the line being
    // edited in view (a cursor under the fold also hides its suggestions).
    editor.onDidLayoutChange(() => {
      const p = editor.getPosition();
      if (p && editor.hasTextFocus()) editor.revealPosition(p);
    });
    markEditorReady();
  };

  useEffect(() => () => setEditorHandle(undefined), []);

  // The wrapper calls `editor.updateOptions` whenever this object changes, which re-resolves the
  // whole configuration: a new literal per render cost several ms per keystroke.
  const options = useMemo(
    (): EditorProps['options'] => ({
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      insertSpaces: true,
      scrollBeyondLastLine: false,
      renderWhitespace: 'selection',
      quickSuggestions: { other: true, comments: false, strings: true },
      // Completion comes from the schema and NthLayer's catalog, never from words in the document.
      wordBasedSuggestions: 'off',
      ariaLabel: `Spec editor for ${path}${readOnly ? ' (read-only)' : ''}. Tab moves to the next control until you type; Ctrl+M switches Tab between moving focus and indenting.`,
      fixedOverflowWidgets: true,
      readOnly,
      // Each of these asks a worker for work on every keystroke, competing with the preview.
      stickyScroll: { enabled: false },
      occurrencesHighlight: 'off',
    }),
    [path, readOnly],
  );
  // The wrapper re-subscribes to model changes whenever this function changes: keep it stable.
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const handleChange = useCallback((text: string | undefined) => {
    lastEmitted.current = text ?? '';
    onChangeRef.current(text ?? '');
  }, []);

  // The editor is not controlled by `value` (the wrapper would write a stale value over newer
  // keystrokes when its effect runs after them); changes made elsewhere are put in here.
  useEffect(() => {
    if (editorRef.current) syncExternalText(editorRef.current, path, value, lastEmitted);
  }, [path, value]);

  useEffect(() => {
    const uri = monaco.Uri.parse(modelUri(path));
    setModelDiagnostics(
      uri.toString(),
      diagnostics.filter((d) => d.file === path),
    );
    const model = monaco.editor.getModel(uri);
    if (!model) return;
    // Only when they differ from the markers set last: setting markers rebuilds the editor's
    // decorations and re-renders it, and this runs on every keystroke (the editor moves its
    // markers with the text by itself).
    const markers = toMarkers(diagnostics, path);
    const key = JSON.stringify(markers);
    if (appliedMarkers.get(model) === key) return;
    appliedMarkers.set(model, key);
    monaco.editor.setModelMarkers(model, MARKER_OWNER, markers);
  }, [diagnostics, path, value]);

  return (
    <Editor
      path={modelUri(path)}
      defaultValue={value}
      language="yaml"
      theme={theme === 'dark' ? DARK_THEME : 'vs'}
      onChange={handleChange}
      onMount={onMount}
      loading={
        <div className="state state-loading" role="status">
          Loading editor…
        </div>
      }
      options={options}
      wrapperProps={WRAPPER_PROPS}
    />
  );
}

/** Memoised: a result that changes nothing the editor shows does not re-render it. */
export default memo(SpecEditor);
