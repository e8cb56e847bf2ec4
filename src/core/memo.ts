/**
 * Results remembered by a content key. The studio compiles on every keystroke and most of a
 * spec (its other SLOs) is unchanged, so per-SLO work is looked up, not redone; the returned
 * objects are the same ones, which lets later stages (rendering, checks) remember by identity.
 */
export interface Memo<T> {
  get: (key: string, compute: () => T) => T;
}

export function memo<T>(limit = 20_000): Memo<T> {
  const cache = new Map<string, T>();
  return {
    get(key, compute) {
      let v = cache.get(key);
      if (v === undefined) {
        v = compute();
        if (cache.size >= limit) cache.clear();
        cache.set(key, v);
      }
      return v;
    },
  };
}
