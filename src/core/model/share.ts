/**
 * Structural sharing between two models. The studio builds a new model on every keystroke and
 * one edit changes one SLO at most: the SLOs, labels and settings that are deep-equal to the last
 * model's are replaced by the last model's own objects, so every cache that remembers by object
 * (an SLO's facts, rules, panels, costs and rendered text) answers for them at once.
 *
 * The result is deep-equal to `next`, key order included; models are never mutated after they
 * are built, which is what makes handing out the same objects again safe.
 */
export function share<T>(prev: unknown, next: T): T {
  return shareValue(prev, next) as T;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function shareValue(prev: unknown, next: unknown): unknown {
  if (prev === next) return prev;
  if (Array.isArray(next)) return Array.isArray(prev) ? shareArray(prev, next) : next;
  if (!isPlainObject(next) || !isPlainObject(prev)) return next;
  const keys = Object.keys(next);
  const prevKeys = Object.keys(prev);
  let same = keys.length === prevKeys.length;
  const out: Record<string, unknown> = {};
  keys.forEach((k, i) => {
    const v = shareValue(prev[k], next[k]);
    out[k] = v;
    if (v !== prev[k] || prevKeys[i] !== k) same = false;
  });
  return same ? prev : out;
}

/** Items matched by `name` when every earlier item has a distinct one (SLOs, dependencies), else by position. */
function shareArray(prev: readonly unknown[], next: readonly unknown[]): unknown[] {
  const byName = new Map<string, unknown>();
  for (const item of prev) {
    const name = isPlainObject(item) && typeof item.name === 'string' ? item.name : undefined;
    if (name === undefined || byName.has(name)) {
      byName.clear();
      break;
    }
    byName.set(name, item);
  }
  let same = prev.length === next.length;
  const out = next.map((item, i) => {
    const name = byName.size > 0 && isPlainObject(item) && typeof item.name === 'string' ? item.name : undefined;
    const before = name !== undefined ? byName.get(name) : prev[i];
    const v = shareValue(before, item);
    if (v !== prev[i]) same = false;
    return v;
  });
  return same ? (prev as unknown[]) : out;
}
