/** A {@link Compiler} backed by the compile worker, with an in-page fallback if workers fail. */
import type { CompileRequest } from './compile-request.ts';
import type { Compiler } from './scheduler.ts';
import type { PreviewResult } from './summary.ts';
import CompileWorker from './compile.worker.ts?worker';

type WorkerMessage = { type: 'result'; result: PreviewResult } | { type: 'crash'; seq: number; message: string };

export function createWorkerCompiler(): { compiler: Compiler; dispose: () => void } {
  let worker: Worker | undefined;
  try {
    worker = new CompileWorker();
  } catch {
    worker = undefined;
  }
  if (!worker) {
    // No workers (rare): compile in the page, loading the core only now.
    return {
      compiler: async (req) => (await import('./compile-request.ts')).runCompile(req, () => performance.now()),
      dispose: () => undefined,
    };
  }
  const waiting = new Map<number, { resolve: (r: PreviewResult) => void; reject: (e: Error) => void }>();
  worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
    const msg = event.data;
    const seq = msg.type === 'result' ? msg.result.seq : msg.seq;
    const w = waiting.get(seq);
    if (!w) return;
    waiting.delete(seq);
    if (msg.type === 'result') w.resolve(msg.result);
    else w.reject(new Error(msg.message));
  };
  worker.onerror = (event) => {
    for (const w of waiting.values()) w.reject(new Error(`the compile worker failed: ${event.message}`));
    waiting.clear();
  };
  const live = worker;
  return {
    compiler: (req: CompileRequest) =>
      new Promise<PreviewResult>((resolve, reject) => {
        waiting.set(req.seq, { resolve, reject });
        live.postMessage(req);
      }),
    dispose: () => live.terminate(),
  };
}
