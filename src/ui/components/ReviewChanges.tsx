/**
 * Review mode's "Changes" tab: what the shared spec does compared with the author's base — the
 * consequences a reviewer approves (objective, thresholds, alerts, panels), from the core — and
 * the diff of every generated file, side by side, each side labelled.
 */
import type React from 'react';
import { Suspense, lazy, useEffect, useState } from 'react';
import type { ConsequenceKind } from '../../core/index.ts';
import type { ReviewAnswer } from '../live/jobs-core.ts';
import { reviewOf } from '../live/jobs.ts';
import type { ReviewState, Theme } from '../lib/store.ts';

const FileDiff = lazy(() => import('../monaco/FileDiff.tsx'));

const BASE_LABEL = "Base: the author's starting point";
const HEAD_LABEL = 'Proposed: this review link';

const GROUPS: { kind: ConsequenceKind[]; title: string }[] = [
  { kind: ['service', 'dependencies'], title: 'Service' },
  { kind: ['slo', 'tier'], title: 'SLOs and burn-rate alerts' },
  { kind: ['alerts', 'recording-rules'], title: 'Rules' },
  { kind: ['panels'], title: 'Dashboard' },
];

type State = { state: 'loading' } | { state: 'ok'; answer: ReviewAnswer } | { state: 'error'; message: string };

export function ReviewChanges({ review, theme }: { review: ReviewState; theme: Theme }): React.JSX.Element {
  const [result, setResult] = useState<State>({ state: 'loading' });
  const [open, setOpen] = useState<string | undefined>(undefined);
  const [showUnchanged, setShowUnchanged] = useState(false);

  useEffect(() => {
    let cancelled = false;
    setResult({ state: 'loading' });
    const side = (text: string) => ({ file: review.path, text, environment: review.env ?? '', environmentFiles: review.environmentFiles });
    reviewOf({ base: side(review.base), head: side(review.text) }).then(
      (answer) => {
        if (!cancelled) setResult({ state: 'ok', answer });
      },
      (e: unknown) => {
        if (!cancelled) setResult({ state: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [review]);

  if (result.state === 'loading')
    return (
      <div className="state state-loading" role="status">
        Comparing the proposed spec with its base…
      </div>
    );
  if (result.state === 'error')
    return (
      <div className="state state-error" role="alert">
        Could not compare: {result.message}
      </div>
    );
  const a = result.answer;
  const changed = a.files.filter((f) => f.status !== 'unchanged');
  const shownFiles = showUnchanged ? a.files : changed;
  const selected = a.files.find((f) => f.path === open) ?? changed[0];
  return (
    <div className="review-changes" data-testid="review-changes">
      <h2>What this change does</h2>
      {review.base.trim() === '' && <p className="muted">The link carries no base version: everything below is new.</p>}
      {a.baseError && review.base.trim() !== '' && (
        <p className="warn-text" role="note">
          The base version does not compile ({a.baseError}), so only the files are compared.
        </p>
      )}
      {a.headError && (
        <p className="bad-text" role="note" data-testid="review-head-error">
          The proposed spec does not compile: {a.headError}
        </p>
      )}
      {a.changes.length === 0 && !a.baseError && !a.headError && (
        <p data-testid="review-no-consequences">
          No consequence for alerts, SLOs or dashboards{changed.length ? '; only the files listed below change' : ''}.
        </p>
      )}
      {GROUPS.map((g) => {
        const items = a.changes.filter((c) => g.kind.includes(c.kind));
        if (items.length === 0) return null;
        return (
          <section key={g.title} aria-label={g.title}>
            <h3>{g.title}</h3>
            <ul className="consequences" data-testid="consequences">
              {items.map((c, i) => (
                <li key={i} data-kind={c.kind}>
                  {c.text}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      <h3>
        Generated files{' '}
        <span className="muted">
          ({changed.length} of {a.files.length} change)
        </span>
      </h3>
      <div className="review-files">
        <ul className="review-file-list" aria-label="Generated files">
          {shownFiles.map((f) => (
            <li key={f.path}>
              <button
                type="button"
                className={`link file-status-${f.status}`}
                aria-pressed={selected?.path === f.path}
                onClick={() => setOpen(f.path)}
                data-file={f.path}
              >
                {f.path}
              </button>{' '}
              <span className="muted">{f.status}</span>
            </li>
          ))}
        </ul>
        <label className="check">
          <input type="checkbox" checked={showUnchanged} onChange={(e) => setShowUnchanged(e.target.checked)} /> Show unchanged files
        </label>
      </div>
      {selected && (
        <Suspense
          fallback={
            <div className="state state-loading" role="status">
              Loading diff…
            </div>
          }
        >
          <FileDiff
            key={selected.path}
            path={selected.path}
            before={selected.before ?? ''}
            after={selected.after ?? ''}
            theme={theme}
            beforeLabel={BASE_LABEL}
            afterLabel={HEAD_LABEL}
          />
        </Suspense>
      )}
    </div>
  );
}
