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

/**
 * Results remembered per object (an SLO), valid while the other inputs it was made from are the
 * same values or objects (`===`): models share unchanged parts between compiles (model/share.ts),
 * so an edit to one SLO recomputes that SLO's part and nothing else.
 */
export interface ObjectMemo<K extends object, T> {
  get: (owner: K, inputs: readonly unknown[], compute: () => T) => T;
}

export function objectMemo<K extends object, T>(): ObjectMemo<K, T> {
  const cache = new WeakMap<K, { inputs: readonly unknown[]; value: T }>();
  return {
    get(owner, inputs, compute) {
      const hit = cache.get(owner);
      if (hit && hit.inputs.length === inputs.length && hit.inputs.every((v, i) => v === inputs[i])) return hit.value;
      const value = compute();
      cache.set(owner, { inputs, value });
      return value;
    },
  };
}
