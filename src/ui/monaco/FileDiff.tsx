/** One generated file, before and after a change, side by side and read-only, each side labelled. */
import { DiffEditor } from '@monaco-editor/react';
import type React from 'react';
import type { Theme } from '../lib/store.ts';
import { useDisposeDiffModels } from './diff-models.ts';
import { DARK_THEME } from './setup.ts';

export interface FileDiffProps {
  path: string;
  before: string;
  after: string;
  theme: Theme;
  beforeLabel: string;
  afterLabel: string;
}

function FileDiff({ path, before, after, theme, beforeLabel, afterLabel }: FileDiffProps): React.JSX.Element {
  const originalPath = `inmemory://review-files/base/${path}`;
  const modifiedPath = `inmemory://review-files/head/${path}`;
  useDisposeDiffModels(originalPath, modifiedPath);
  return (
    <div className="file-diff" data-testid="file-diff">
      <div className="diff-labels" aria-hidden="true">
        <span>{beforeLabel}</span>
        <span>{afterLabel}</span>
      </div>
      <div className="file-diff-editor">
        <DiffEditor
          original={before}
          modified={after}
          language={path.endsWith('.json') ? 'json' : 'yaml'}
          originalModelPath={originalPath}
          modifiedModelPath={modifiedPath}
          keepCurrentOriginalModel
          keepCurrentModifiedModel
          theme={theme === 'dark' ? DARK_THEME : 'vs'}
          loading={
            <div className="state state-loading" role="status">
              Loading diff…
            </div>
          }
          // Each side is a text field to a screen reader: name it (the construction options alone leave
          // them unnamed when the diff remounts for another file).
          onMount={(editor) => {
            editor.getOriginalEditor().updateOptions({ ariaLabel: `${path}, ${beforeLabel}` });
            editor.getModifiedEditor().updateOptions({ ariaLabel: `${path}, ${afterLabel}` });
          }}
          options={{
            readOnly: true,
            originalEditable: false,
            renderSideBySide: true,
            useInlineViewWhenSpaceIsLimited: false,
            minimap: { enabled: false },
            automaticLayout: true,
            fontSize: 12,
            scrollBeyondLastLine: false,
            ariaLabel: `${path}: ${beforeLabel} on the left, ${afterLabel} on the right`,
            originalAriaLabel: `${path}, ${beforeLabel}`,
            modifiedAriaLabel: `${path}, ${afterLabel}`,
          }}
        />
      </div>
    </div>
  );
}

export default FileDiff;
