/** Review mode's read-only diff: the author's base on the left, the shared spec on the right. */
import { DiffEditor } from '@monaco-editor/react';
import type React from 'react';
import { markEditorReady } from '../lib/perf.ts';
import type { Theme } from '../lib/store.ts';
import './setup.ts';

export interface ReviewDiffProps {
  path: string;
  base: string;
  text: string;
  theme: Theme;
}

function ReviewDiff({ path, base, text, theme }: ReviewDiffProps): React.JSX.Element {
  return (
    <DiffEditor
      original={base}
      modified={text}
      language="yaml"
      originalModelPath={`inmemory://review/base/${path}`}
      modifiedModelPath={`inmemory://review/shared/${path}`}
      theme={theme === 'dark' ? 'vs-dark' : 'vs'}
      onMount={() => markEditorReady()}
      loading={<div className="state state-loading" role="status">Loading diff…</div>}
      options={{
        readOnly: true,
        originalEditable: false,
        renderSideBySide: true,
        minimap: { enabled: false },
        automaticLayout: true,
        fontSize: 13,
        scrollBeyondLastLine: false,
      }}
      wrapperProps={{ 'data-testid': 'review-diff' }}
    />
  );
}

export default ReviewDiff;
