/// <reference lib="webworker" />
/** Compiles specs off the typing path. One request in, one plain-data result out. */
import { runCompile, type CompileRequest } from './compile-request.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<CompileRequest>) => {
  const req = event.data;
  const received = performance.timeOrigin + performance.now();
  try {
    const result = runCompile(req, () => performance.now());
    result.workerTiming = { received, posted: performance.timeOrigin + performance.now() };
    scope.postMessage({ type: 'result', result });
  } catch (e) {
    // A throw here is a bug in the core; report it rather than leave the preview spinning.
    scope.postMessage({ type: 'crash', seq: req.seq, message: e instanceof Error ? e.message : String(e) });
  }
};
