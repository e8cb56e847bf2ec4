/** Shown while a shared link is open: what is being reviewed, and the way out (fork or close). */
import type React from 'react';
import type { ReviewState } from '../lib/store.ts';

/** Lines added and removed between two texts, counted as multisets (order-insensitive, cheap). */
function lineDiffStats(base: string, text: string): { added: number; removed: number } {
  const count = (s: string): Map<string, number> => {
    const m = new Map<string, number>();
    for (const line of s.split('\n')) m.set(line, (m.get(line) ?? 0) + 1);
    return m;
  };
  const a = count(base);
  const b = count(text);
  let added = 0;
  let removed = 0;
  for (const [line, n] of b) added += Math.max(0, n - (a.get(line) ?? 0));
  for (const [line, n] of a) removed += Math.max(0, n - (b.get(line) ?? 0));
  return { added, removed };
}

export function ReviewBanner({
  review,
  onFork,
  onClose,
}: {
  review: ReviewState;
  onFork: () => void;
  onClose: () => void;
}): React.JSX.Element {
  const { added, removed } = lineDiffStats(review.base, review.text);
  return (
    <div className="review-banner" role="region" aria-label="Review" data-testid="review-banner">
      <strong>Review mode</strong>
      <span>
        {review.file}
        {review.env ? ` (env ${review.env})` : ''}: read-only, compared with the author's base version (+{added} −{removed} lines).
      </span>
      <span className="spacer" />
      <button type="button" className="primary" onClick={onFork}>
        Fork to edit
      </button>
      <button type="button" onClick={onClose}>
        Close review
      </button>
    </div>
  );
}
