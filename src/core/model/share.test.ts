import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSpec, toModel } from '../index.ts';
import { share } from './share.ts';

const text = readFileSync('examples/order-api.yaml', 'utf8');
const modelOf = (t: string): ReturnType<typeof toModel>['model'] => toModel(parseSpec(t, 'order-api.yaml')).model;

describe('share', () => {
  it('hands back the earlier objects for deep-equal parts and keeps the result deep-equal to the new value', () => {
    const prev = {
      a: { x: 1, list: [1, 2] },
      b: [
        { name: 'one', v: 1 },
        { name: 'two', v: 2 },
      ],
      c: 'k',
    };
    const next = {
      a: { x: 1, list: [1, 2] },
      b: [
        { name: 'two', v: 3 },
        { name: 'one', v: 1 },
      ],
      c: 'k',
    };
    const out = share(prev, structuredClone(next));
    expect(out).toEqual(next);
    expect(out.a).toBe(prev.a);
    expect(out.b[1]).toBe(prev.b[0]);
    expect(out.b[0]).not.toBe(prev.b[1]);
    expect(share(prev, structuredClone(prev))).toBe(prev);
  });

  it('never shares across a change of key order, a missing key or a different type', () => {
    const prev = { labels: { a: '1', b: '2' }, n: [1], o: { k: undefined as string | undefined } };
    const out = share(prev, { labels: { b: '2', a: '1' }, n: [1, 2], o: {} as { k?: string } });
    expect(Object.keys(out.labels)).toEqual(['b', 'a']);
    expect(out.labels).not.toBe(prev.labels);
    expect(out.n).toEqual([1, 2]);
    expect(out.o).not.toBe(prev.o);
    expect(share({ a: [1] }, { a: { 0: 1 } }).a).toEqual({ 0: 1 });
  });

  it('toModel: an edit to one SLO keeps every other SLO object, and each model equals one built from scratch', () => {
    const first = modelOf(text)!;
    const edited = text.replace('objective: 99.95', 'objective: 99.9');
    expect(edited).not.toBe(text);
    const second = modelOf(edited)!;
    const changed = second.slos.filter((s, i) => s !== first.slos[i]);
    expect(changed).toHaveLength(1);
    expect(second.slos.length).toBe(first.slos.length);
    // Deep-equal to the model of the same text built with nothing to share.
    const third = modelOf(text)!;
    expect(JSON.stringify(third)).toBe(JSON.stringify(first));
    expect(JSON.stringify(modelOf(edited))).toBe(JSON.stringify(second));
    expect(JSON.stringify(share(undefined, second))).toBe(JSON.stringify(second));
  });
});
