import { describe, expect, it } from 'vitest';
import type { CompileRequest } from './compile-request.ts';
import { CompileScheduler, type Timers } from './scheduler.ts';
import type { PreviewResult } from './summary.ts';

function manualTimers(): Timers & { fire: () => void } {
  let pending: (() => void) | undefined;
  return {
    set: (fn) => {
      pending = fn;
      return 1;
    },
    clear: () => {
      pending = undefined;
    },
    fire: () => {
      const f = pending;
      pending = undefined;
      f?.();
    },
  };
}

const req = (seq: number): CompileRequest => ({ seq, file: 'a.yaml', text: `t${seq}`, environment: '', environmentFiles: [] });
const result = (seq: number): PreviewResult => ({
  seq,
  ok: true,
  diagnostics: [],
  compileMs: 0,
  environments: [],
  environment: '',
  overrides: [],
});

describe('compile scheduler', () => {
  it('requests within the debounce collapse into one compile of the newest', async () => {
    const timers = manualTimers();
    const compiled: number[] = [];
    const s = new CompileScheduler({
      timers,
      debounceMs: 10,
      compiler: async (r) => {
        compiled.push(r.seq);
        return result(r.seq);
      },
      onResult: () => undefined,
      onError: () => undefined,
    });
    s.request(req(1));
    s.request(req(2));
    s.request(req(3));
    timers.fire();
    await Promise.resolve();
    expect(compiled).toEqual([3]);
  });

  it('without a debounce an idle scheduler compiles at once', () => {
    const compiled: number[] = [];
    const s = new CompileScheduler({
      compiler: async (r) => {
        compiled.push(r.seq);
        return result(r.seq);
      },
      onResult: () => undefined,
      onError: () => undefined,
    });
    s.request(req(1));
    expect(compiled).toEqual([1]);
  });

  it('while a compile runs only the newest request waits; older ones are dropped', async () => {
    const timers = manualTimers();
    const compiled: number[] = [];
    const delivered: number[] = [];
    let release: (() => void) | undefined;
    const s = new CompileScheduler({
      timers,
      debounceMs: 10,
      compiler: (r) =>
        new Promise((resolve) => {
          compiled.push(r.seq);
          release = () => resolve(result(r.seq));
        }),
      onResult: (r) => delivered.push(r.seq),
      onError: () => undefined,
    });
    s.request(req(1));
    timers.fire();
    s.request(req(2));
    timers.fire();
    s.request(req(3));
    timers.fire();
    expect(compiled).toEqual([1]);
    release?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(compiled).toEqual([1, 3]);
    release?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(delivered).toEqual([1, 3]);
  });

  it('a failing compile is reported and does not stop later ones', async () => {
    const timers = manualTimers();
    const errors: string[] = [];
    const delivered: number[] = [];
    const s = new CompileScheduler({
      timers,
      debounceMs: 10,
      compiler: async (r) => {
        if (r.seq === 1) throw new Error('boom');
        return result(r.seq);
      },
      onResult: (r) => delivered.push(r.seq),
      onError: (seq, m) => errors.push(`${seq}:${m}`),
    });
    s.request(req(1));
    timers.fire();
    await new Promise((r) => setTimeout(r, 0));
    s.request(req(2));
    timers.fire();
    await new Promise((r) => setTimeout(r, 0));
    expect(errors).toEqual(['1:boom']);
    expect(delivered).toEqual([2]);
  });
});
