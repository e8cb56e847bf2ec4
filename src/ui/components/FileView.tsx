/** One generated file, read-only and highlighted, with copy and download. */
import type React from 'react';
import { memo, useMemo, useState } from 'react';
import type { GeneratedFile } from '../../core/index.ts';
import { copyText, mimeOf, saveText } from '../lib/download.ts';
import { bytes } from '../lib/format.ts';
import { languageOf, tokenizeLine } from '../lib/highlight.ts';
import { baseName } from '../lib/workspace.ts';

const Line = memo(function Line({
  text,
  language,
  n,
}: {
  text: string;
  language: ReturnType<typeof languageOf>;
  n: number;
}): React.JSX.Element {
  return (
    <div className="code-line">
      <span className="code-ln" aria-hidden="true">
        {n}
      </span>
      <span className="code-text">
        {tokenizeLine(text, language).map((t, i) => (
          <span key={i} className={`tok-${t.kind}`}>
            {t.text}
          </span>
        ))}
        {'\n'}
      </span>
    </div>
  );
});

function FileViewImpl({ file }: { file: GeneratedFile }): React.JSX.Element {
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  const language = languageOf(file.path);
  const lines = useMemo(() => file.content.replace(/\n$/, '').split('\n'), [file.content]);
  const size = file.bytes;
  const name = baseName(file.path);

  const copy = async (): Promise<void> => {
    setCopied((await copyText(file.content)) ? 'done' : 'failed');
    setTimeout(() => setCopied('idle'), 1500);
  };

  return (
    <div className="file-view">
      <div className="file-bar">
        <span className="file-path" title={`generated/${file.path}`}>
          generated/{file.path}
        </span>
        <span className="muted">
          {lines.length} lines · {bytes(size)}
        </span>
        <span className="spacer" />
        <button type="button" onClick={() => void copy()} aria-label={`Copy ${name}`}>
          {copied === 'done' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy'}
        </button>
        <button type="button" onClick={() => saveText(file.content, name, mimeOf(name))} aria-label={`Download ${name}`}>
          Download
        </button>
      </div>
      <pre className="code" tabIndex={0} aria-label={`Contents of ${name}`} data-testid="file-content">
        {lines.map((l, i) => (
          <Line key={i} n={i + 1} text={l} language={language} />
        ))}
      </pre>
    </div>
  );
}

/** Memoised: an unchanged file (the same object, see preview/delta.ts) is not rendered again. */
export const FileView = memo(FileViewImpl);
