/**
 * Derives the preview from the studio's inputs: every change becomes a compile request, the
 * scheduler keeps it off the typing path, and the last good result stays when the spec breaks.
 * Requests are sent from the input's own change notification (the store), not after React has
 * rendered the keystroke: the worker compiles while the page renders.
 */
import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { StudioCompileInput } from './compile-request.ts';
import { latestEdit } from '../lib/perf.ts';
import { COMPILE_TIMEOUT_PREFIX, CompileScheduler, type Compiler } from './scheduler.ts';
import type { PreviewResult } from './summary.ts';

export type PreviewInput = StudioCompileInput;

/** Where the preview's input comes from: its current value, and a notification when it may have changed. */
export interface PreviewSource {
  get: () => PreviewInput;
  /** Calls `onChange` synchronously after every change; returns the unsubscribe. */
  subscribe: (onChange: () => void) => () => void;
}

function sameFiles(a: PreviewInput['environmentFiles'], b: PreviewInput['environmentFiles']): boolean {
  return a === b || (a.length === b.length && a.every((f, i) => f.path === b[i]!.path && f.text === b[i]!.text));
}

/** Whether two inputs compile the same file, environment and override files (the text aside). */
function sameContext(a: PreviewInput, b: PreviewInput): boolean {
  return a.file === b.file && a.environment === b.environment && sameFiles(a.environmentFiles, b.environmentFiles);
}

/**
 * Calls `send` with the source's input now and whenever it changes. A keystroke (only the spec's
 * text changed) goes out at once, before anything renders. Any other change may be the first of
 * several made together (leave a review, then open an example; open an override file, then pick
 * its environment), so it waits for the rest of the task (`defer`) and sends only the final input,
 * as one render of the page would. Returns the unsubscribe.
 */
export function watchInput(
  source: PreviewSource,
  send: (input: PreviewInput) => void,
  defer: (fn: () => void) => void = queueMicrotask,
): () => void {
  let last: PreviewInput | undefined;
  let deferred = false;
  let active = true;
  const sendIfChanged = (): void => {
    const input = source.get();
    if (last && sameContext(last, input) && last.text === input.text) return;
    last = input;
    send(input);
  };
  sendIfChanged();
  const unsubscribe = source.subscribe(() => {
    const input = source.get();
    if (!deferred && last && sameContext(last, input)) {
      sendIfChanged();
      return;
    }
    if (deferred) return;
    deferred = true;
    defer(() => {
      deferred = false;
      if (active) sendIfChanged();
    });
  });
  return () => {
    active = false;
    unsubscribe();
  };
}

export interface PreviewState {
  /** The newest result (valid or not); undefined before the first compile finishes. */
  current?: PreviewResult;
  /**
   * The newest settled valid result for this document, shown (marked stale) while the spec is
   * invalid. A valid result settles once no edit follows it for {@link SETTLE_MS}: a value that
   * was only valid half-way through typing (`objective: 9` on the way to `99.95`) never becomes
   * the stale preview.
   */
  lastGood?: PreviewResult;
  /** A valid result not settled yet. */
  pending?: PreviewResult;
  /** The document the last good result belongs to (a stale preview never crosses documents). */
  lastGoodFile?: string;
  /** The edit (see perf.ts) the newest result includes. */
  edit: number;
  /** A compile that threw: a bug in the core, shown instead of spinning forever. */
  crash?: string;
  /** A compile stopped for taking too long (the worker's timeout); the preview shown is stale. */
  timedOut?: string;
}

/** Debounce before compiling; the worker makes longer waits unnecessary (see bench/studio.bench.ts). */
const COMPILE_DEBOUNCE_MS = 0;

/** How long a valid result must stand, with no edit after it, before it may be shown as the stale preview. */
const SETTLE_MS = 750;

export function usePreview(source: PreviewSource, createCompiler: () => { compiler: Compiler; dispose: () => void }): PreviewState {
  const [state, setState] = useState<PreviewState>({ edit: 0 });
  const requests = useRef(new Map<number, { edit: number; file: string }>());
  const seq = useRef(0);
  const settleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const { compiler, dispose } = createCompiler();
    const scheduler = new CompileScheduler({
      compiler,
      debounceMs: COMPILE_DEBOUNCE_MS,
      onResult: (result) => {
        const req = requests.current.get(result.seq);
        requests.current.delete(result.seq);
        if (req?.edit) {
          performance.mark(`nthlayer:result:${req.edit}`);
          // The worker's clock, mapped onto this page's timeline, for the benchmark's breakdown.
          const t = result.workerTiming;
          if (t) {
            performance.mark(`nthlayer:worker-received:${req.edit}`, { startTime: t.received - performance.timeOrigin });
            performance.mark(`nthlayer:worker-posted:${req.edit}`, { startTime: t.posted - performance.timeOrigin });
          }
        }
        clearTimeout(settleTimer.current);
        // Committed now, in the task that received the result: as a normal update React would
        // render it in a task of its own, which the browser runs after painting any frame that is
        // due (while typing, one is), so the preview lagged a frame or more behind its result.
        flushSync(() =>
          setState((prev) => {
            const file = req?.file ?? prev.lastGoodFile;
            const sameFile = prev.lastGoodFile === file;
            const next: PreviewState = { current: result, edit: req?.edit ?? prev.edit };
            if (result.ok) {
              // A first result, a new document or a change not typed in the editor settles at once.
              const settled = !sameFile || !req?.edit || prev.lastGood === undefined;
              Object.assign(
                next,
                settled ? { lastGood: result, lastGoodFile: file } : { lastGood: prev.lastGood, lastGoodFile: file, pending: result },
              );
            } else if (sameFile) {
              // An unsettled valid result is dropped: it was a half-typed value.
              Object.assign(next, { lastGood: prev.lastGood, lastGoodFile: prev.lastGoodFile });
            }
            return next;
          }),
        );
        if (result.ok) {
          settleTimer.current = setTimeout(() => {
            // Nothing newer was asked for since: this result is what the person meant.
            if (seq.current !== result.seq) return;
            setState((prev) => (prev.pending === result ? { ...prev, lastGood: result, pending: undefined } : prev));
          }, SETTLE_MS);
        }
      },
      onError: (seq, message) => {
        const req = requests.current.get(seq);
        requests.current.delete(seq);
        setState((prev) => {
          if (!message.startsWith(COMPILE_TIMEOUT_PREFIX)) return { ...prev, crash: message };
          // Nothing current any more: only this document's last good preview may stay, marked stale.
          const same = req !== undefined && prev.lastGoodFile === req.file;
          return {
            edit: req?.edit ?? prev.edit,
            timedOut: message,
            ...(same ? { lastGood: prev.lastGood, lastGoodFile: prev.lastGoodFile } : {}),
          };
        });
      },
    });
    const unsubscribe = watchInput(source, (input) => {
      seq.current += 1;
      const edit = latestEdit();
      requests.current.set(seq.current, { edit, file: input.file });
      if (edit) performance.mark(`nthlayer:request:${edit}`);
      scheduler.request({
        seq: seq.current,
        file: input.file,
        text: input.text,
        environment: input.environment,
        environmentFiles: input.environmentFiles,
      });
    });
    return () => {
      unsubscribe();
      clearTimeout(settleTimer.current);
      scheduler.dispose();
      dispose();
    };
  }, [source, createCompiler]);

  return state;
}
