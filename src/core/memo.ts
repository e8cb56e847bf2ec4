/**
 * Results remembered by a content key. The studio compiles on every keystroke and most of a
 * spec (its other SLOs) is unchanged, so per-SLO work is looked up, not redone; the returned
 * objects are the same ones, which lets later stages (rendering, checks) remember by identity.
 */
export interface Memo<T> {
  get: (key: string, compute: () => T) => T;
}

let generation = 0;

/**
 * Starts a new generation (generate() calls it once per run). A memo keeps what the last run and
 * this one used and drops the rest, so memory follows one spec's size: a service renamed one
 * keystroke at a time, or a bench that generates new services in a loop, does not pile up a
 * thousand SLOs' rules per run until a count limit is hit.
 */
export function nextGeneration(): void {
  generation++;
}

export function memo<T>(limit = 100_000): Memo<T> {
  let current = new Map<string, T>();
  let previous = new Map<string, T>();
  let seen = generation;
  return {
    get(key, compute) {
      if (seen !== generation) {
        previous = current;
        current = new Map();
        seen = generation;
      }
      let v = current.get(key);
      if (v === undefined) {
        v = previous.get(key);
        if (v === undefined) v = compute();
        if (current.size >= limit) current.clear();
        current.set(key, v);
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
