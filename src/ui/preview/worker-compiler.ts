/**
 * A {@link Compiler} backed by the compile worker, with an in-page fallback if workers fail.
 * A compile that runs longer than {@link compileTimeoutMs} is stopped: the worker is terminated
 * (the only way to stop a busy worker), the request fails with a message that starts with
 * {@link COMPILE_TIMEOUT_PREFIX}, and the next request gets a fresh worker.
 */
import type { CompileRequest } from './compile-request.ts';
import { applyPreview, type PreviewDelta } from './delta.ts';
import { COMPILE_TIMEOUT_PREFIX, type Compiler } from './scheduler.ts';
import type { PreviewResult } from './summary.ts';
import CompileWorker from './compile.worker.ts?worker';

type WorkerMessage = { type: 'result'; delta: PreviewDelta } | { type: 'crash'; seq: number; message: string };

/** Real specs compile in milliseconds; a compile this long is a hang, not a slow spec. */
const DEFAULT_COMPILE_TIMEOUT_MS = 10_000;

/** The limit, overridable from localStorage (`nthlayer.compileTimeoutMs`) for tests and debugging. */
export function compileTimeoutMs(): number {
  try {
    const v = Number(globalThis.localStorage?.getItem('nthlayer.compileTimeoutMs'));
    return Number.isFinite(v) && v > 0 ? v : DEFAULT_COMPILE_TIMEOUT_MS;
  } catch {
    return DEFAULT_COMPILE_TIMEOUT_MS;
  }
}

export function createWorkerCompiler(): { compiler: Compiler; dispose: () => void } {
  const spawn = (): Worker | undefined => {
    try {
      return new CompileWorker();
    } catch {
      return undefined;
    }
  };
  let worker = spawn();
  if (!worker) {
    // No workers (rare): compile in the page, loading the core only now.
    return {
      compiler: async (req) => (await import('./compile-request.ts')).runCompile(req, () => performance.now()),
      dispose: () => undefined,
    };
  }
  const limit = compileTimeoutMs();
  const waiting = new Map<
    number,
    { resolve: (r: PreviewResult) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }
  >();
  const settle = (seq: number): (typeof waiting extends Map<number, infer W> ? W : never) | undefined => {
    const w = waiting.get(seq);
    if (!w) return undefined;
    waiting.delete(seq);
    clearTimeout(w.timer);
    return w;
  };
  /** The worker's last result, rebuilt here; each new worker starts from nothing (so does its side). */
  let last: PreviewResult | undefined;
  const attach = (w: Worker): void => {
    last = undefined;
    w.onmessage = (event: MessageEvent<WorkerMessage>) => {
      // A stopped worker's last words are relative to a result this page has dropped.
      if (w !== worker) return;
      const msg = event.data;
      if (msg.type === 'crash') {
        settle(msg.seq)?.reject(new Error(msg.message));
        return;
      }
      // Every result is applied, waited for or not: the next one is relative to it.
      let result: PreviewResult;
      try {
        result = applyPreview(last, msg.delta);
      } catch (e) {
        // Out of step (a bug): report it, and start over with a new worker, which sends all.
        w.terminate();
        worker = undefined;
        for (const seq of [...waiting.keys()]) settle(seq)?.reject(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      last = result;
      settle(result.seq)?.resolve(result);
    };
    w.onerror = (event) => {
      for (const seq of [...waiting.keys()]) settle(seq)?.reject(new Error(`the compile worker failed: ${event.message}`));
    };
  };
  attach(worker);
  return {
    compiler: (req: CompileRequest) =>
      new Promise<PreviewResult>((resolve, reject) => {
        if (!worker) {
          worker = spawn();
          if (!worker) return reject(new Error('the compile worker could not be restarted; reload the page'));
          attach(worker);
        }
        const timer = setTimeout(() => {
          // The worker is stuck in this compile: stop it; the next request starts a new one.
          worker?.terminate();
          worker = undefined;
          for (const seq of [...waiting.keys()]) {
            settle(seq)?.reject(
              new Error(
                `${COMPILE_TIMEOUT_PREFIX} compiling this spec took longer than ${Math.round(limit / 100) / 10} s. The preview is out of date; simplify the spec (or report it if it is small) and edit to try again.`,
              ),
            );
          }
        }, limit);
        waiting.set(req.seq, { resolve, reject, timer });
        worker.postMessage(req);
      }),
    dispose: () => {
      for (const w of waiting.values()) clearTimeout(w.timer);
      worker?.terminate();
    },
  };
}
