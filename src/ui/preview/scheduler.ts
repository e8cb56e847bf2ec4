/**
 * Keeps compiling off the typing path: at most one compile runs at a time, and while one runs
 * only the newest request waits (older ones are dropped, never queued) — a debounce that costs
 * no fixed delay. An optional timer debounce collapses bursts further before the first compile.
 */
import type { CompileRequest } from './compile-request.ts';
import type { PreviewResult } from './summary.ts';

export type Compiler = (req: CompileRequest) => Promise<PreviewResult>;

/** How a compiler's error says the compile was stopped for taking too long (not a core bug). */
export const COMPILE_TIMEOUT_PREFIX = 'Stopped:';

export interface Timers {
  set: (fn: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface SchedulerOptions {
  compiler: Compiler;
  onResult: (result: PreviewResult) => void;
  onError: (seq: number, message: string) => void;
  debounceMs?: number;
  timers?: Timers;
}

export class CompileScheduler {
  private pending: CompileRequest | undefined;
  private inFlight = false;
  private timer: unknown;
  private disposed = false;

  constructor(private readonly options: SchedulerOptions) {}

  request(req: CompileRequest): void {
    this.pending = req;
    if ((this.options.debounceMs ?? 0) <= 0) {
      // No debounce: start now if idle; if a compile runs, this waits as the newest request.
      this.flush();
      return;
    }
    const timers = this.options.timers ?? realTimers;
    if (this.timer !== undefined) timers.clear(this.timer);
    this.timer = timers.set(() => {
      this.timer = undefined;
      this.flush();
    }, this.options.debounceMs ?? 0);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) (this.options.timers ?? realTimers).clear(this.timer);
  }

  private flush(): void {
    if (this.inFlight || !this.pending || this.disposed) return;
    const req = this.pending;
    this.pending = undefined;
    this.inFlight = true;
    this.options.compiler(req).then(
      (result) => {
        this.inFlight = false;
        if (!this.disposed) this.options.onResult(result);
        this.flush();
      },
      (e: unknown) => {
        this.inFlight = false;
        if (!this.disposed) this.options.onError(req.seq, e instanceof Error ? e.message : String(e));
        this.flush();
      },
    );
  }
}
