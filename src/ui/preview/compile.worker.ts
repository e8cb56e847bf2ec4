/// <reference lib="webworker" />
/** Compiles specs off the typing path. One request in, one result out: only what changed (see delta.ts). */
import { runCompile, type CompileRequest } from './compile-request.ts';
import { diffPreview } from './delta.ts';
import type { PreviewResult } from './summary.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

/** The last result posted: the page holds the same one, and the next message is relative to it. */
let last: PreviewResult | undefined;

scope.onmessage = (event: MessageEvent<CompileRequest>) => {
  const req = event.data;
  const received = performance.timeOrigin + performance.now();
  try {
    const result = runCompile(req, () => performance.now());
    const delta = diffPreview(last, result);
    last = result;
    delta.workerTiming = { received, posted: performance.timeOrigin + performance.now() };
    scope.postMessage({ type: 'result', delta });
  } catch (e) {
    // A throw here is a bug in the core; report it rather than leave the preview spinning.
    scope.postMessage({ type: 'crash', seq: req.seq, message: e instanceof Error ? e.message : String(e) });
  }
};
