/** The spec editor: Monaco with the YAML language, the schema, and the core's diagnostics as markers. */
import Editor, { type OnMount } from '@monaco-editor/react';
import type React from 'react';
import { useEffect, useRef } from 'react';
import type { Diagnostic } from '../../core/index.ts';
import { setEditorHandle } from '../lib/editor-bridge.ts';
import { toMarkers } from '../lib/markers.ts';
import { markEditorReady } from '../lib/perf.ts';
import type { Theme } from '../lib/store.ts';
import { monaco } from './setup.ts';

export interface SpecEditorProps {
  path: string;
  value: string;
  theme: Theme;
  diagnostics: readonly Diagnostic[];
  onChange: (text: string) => void;
}

type CodeEditor = Parameters<OnMount>[0];

export const MARKER_OWNER = 'nthlayer';

export function modelUri(path: string): string {
  return `inmemory://studio/${path}`;
}

function SpecEditor({ path, value, theme, diagnostics, onChange }: SpecEditorProps): React.JSX.Element {
  const editorRef = useRef<CodeEditor | undefined>(undefined);

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    setEditorHandle({
      reveal: (line, column) => {
        editor.revealLineInCenter(line);
        editor.setPosition({ lineNumber: line, column });
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
    markEditorReady();
  };

  useEffect(() => () => setEditorHandle(undefined), []);

  useEffect(() => {
    const model = monaco.editor.getModel(monaco.Uri.parse(modelUri(path)));
    if (model) monaco.editor.setModelMarkers(model, MARKER_OWNER, toMarkers(diagnostics, path));
  }, [diagnostics, path, value]);

  return (
    <Editor
      path={modelUri(path)}
      value={value}
      language="yaml"
      theme={theme === 'dark' ? 'vs-dark' : 'vs'}
      onChange={(text) => onChange(text ?? '')}
      onMount={onMount}
      loading={<div className="state state-loading" role="status">Loading editor…</div>}
      options={{
        automaticLayout: true,
        minimap: { enabled: false },
        fontSize: 13,
        tabSize: 2,
        insertSpaces: true,
        scrollBeyondLastLine: false,
        renderWhitespace: 'selection',
        quickSuggestions: { other: true, comments: false, strings: true },
        ariaLabel: `Spec editor for ${path}`,
        fixedOverflowWidgets: true,
        // Each of these asks a worker for work on every keystroke, competing with the preview.
        stickyScroll: { enabled: false },
        occurrencesHighlight: 'off',
      }}
      wrapperProps={{ 'data-testid': 'spec-editor' }}
    />
  );
}

export default SpecEditor;
