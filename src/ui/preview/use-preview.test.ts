import { describe, expect, it } from 'vitest';
import { watchInput, type PreviewInput, type PreviewSource } from './use-preview.ts';

/** A store in miniature: set() notifies synchronously, as zustand does. */
function source(initial: PreviewInput): PreviewSource & { set: (patch: Partial<PreviewInput>) => void } {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    subscribe: (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    set: (patch) => {
      state = { ...state, ...patch };
      for (const l of listeners) l();
    },
  };
}

const start: PreviewInput = { file: 'a/a.yaml', text: 'one', environment: '', environmentFiles: [] };

function manualDefer(): { defer: (fn: () => void) => void; run: () => void } {
  const queue: (() => void)[] = [];
  return { defer: (fn) => queue.push(fn), run: () => queue.splice(0).forEach((f) => f()) };
}

describe('what the preview sends to the compiler', () => {
  it('sends the input at once, and a keystroke at once, before anything else runs', () => {
    const s = source(start);
    const sent: string[] = [];
    const { defer } = manualDefer();
    watchInput(s, (i) => sent.push(i.text), defer);
    s.set({ text: 'one!' });
    expect(sent).toEqual(['one', 'one!']);
  });

  it('changes made together (another file, then its environment) are sent once, as the final input', () => {
    const s = source(start);
    const sent: string[] = [];
    const d = manualDefer();
    watchInput(s, (i) => sent.push(`${i.file}@${i.environment}`), d.defer);
    s.set({ file: 'b/b.yaml', text: 'two' });
    s.set({ environment: 'prod' });
    s.set({ text: 'two!' });
    expect(sent).toEqual(['a/a.yaml@']);
    d.run();
    expect(sent).toEqual(['a/a.yaml@', 'b/b.yaml@prod']);
  });

  it('a change that leaves the input as it was sends nothing; override files compare by content', () => {
    const s = source({ ...start, environmentFiles: [{ path: 'a/environments/prod.yaml', text: 'x' }] });
    const sent: number[] = [];
    const d = manualDefer();
    watchInput(s, () => sent.push(1), d.defer);
    s.set({ environmentFiles: [{ path: 'a/environments/prod.yaml', text: 'x' }] });
    s.set({ text: 'one' });
    d.run();
    expect(sent).toHaveLength(1);
  });

  it('after unsubscribing nothing more is sent, even a change already waiting', () => {
    const s = source(start);
    const sent: number[] = [];
    const d = manualDefer();
    const stop = watchInput(s, () => sent.push(1), d.defer);
    s.set({ environment: 'prod' });
    stop();
    d.run();
    s.set({ text: 'two' });
    expect(sent).toHaveLength(1);
  });
});
