/** Review mode's read-only diff: the author's base on the left, the shared spec on the right. */
import { DiffEditor } from '@monaco-editor/react';
import type React from 'react';
import { markEditorReady } from '../lib/perf.ts';
import type { Theme } from '../lib/store.ts';
import { useDisposeDiffModels } from './diff-models.ts';
import { DARK_THEME } from './setup.ts';

export interface ReviewDiffProps {
  path: string;
  base: string;
  text: string;
  theme: Theme;
}

function ReviewDiff({ path, base, text, theme }: ReviewDiffProps): React.JSX.Element {
  const originalPath = `inmemory://review/base/${path}`;
  const modifiedPath = `inmemory://review/shared/${path}`;
  useDisposeDiffModels(originalPath, modifiedPath);
  return (
    <div className="file-diff">
      <div className="diff-labels" data-testid="review-diff-labels">
        <span>Base: the author&apos;s starting point</span>
        <span>Proposed: this review link</span>
      </div>
      <div className="file-diff-editor">
        <DiffEditor
          original={base}
          modified={text}
          language="yaml"
          originalModelPath={originalPath}
          modifiedModelPath={modifiedPath}
          keepCurrentOriginalModel
          keepCurrentModifiedModel
          theme={theme === 'dark' ? DARK_THEME : 'vs'}
          // Each side is a text field to a screen reader: name it once mounted, as FileDiff does (the
          // construction options alone can leave the sides unnamed until something re-renders).
          onMount={(editor) => {
            editor.getOriginalEditor().updateOptions({ ariaLabel: `${path}, the author's base` });
            editor.getModifiedEditor().updateOptions({ ariaLabel: `${path}, proposed in this review link` });
            markEditorReady();
          }}
          loading={
            <div className="state state-loading" role="status">
              Loading diff…
            </div>
          }
          options={{
            readOnly: true,
            originalEditable: false,
            renderSideBySide: true,
            // The labels above say left and right: never fold into one column on a narrow pane.
            useInlineViewWhenSpaceIsLimited: false,
            minimap: { enabled: false },
            automaticLayout: true,
            fontSize: 13,
            scrollBeyondLastLine: false,
            ariaLabel: `${path}: the author's base on the left, the proposed spec on the right`,
            originalAriaLabel: `${path}, the author's base`,
            modifiedAriaLabel: `${path}, proposed in this review link`,
          }}
          wrapperProps={{ 'data-testid': 'review-diff' }}
        />
      </div>
    </div>
  );
}

export default ReviewDiff;
