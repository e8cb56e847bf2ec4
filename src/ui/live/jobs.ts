/** Sends jobs to the jobs worker (created on first use); each answer comes back by id. */
import type { ImportResult } from '../../core/index.ts';
import type { CompiledSpec, ImportJob, PortfolioJob, RequirementsAnswer, RequirementsJob, ReviewAnswer, ReviewJob } from './jobs-core.ts';
import JobsWorker from './jobs.worker.ts?worker';

type Answer = { id: number; ok: true; answer: unknown } | { id: number; ok: false; error: string };

let worker: Worker | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

function send(
  job: Omit<RequirementsJob, 'id'> | Omit<PortfolioJob, 'id'> | Omit<ImportJob, 'id'> | Omit<ReviewJob, 'id'>,
): Promise<unknown> {
  if (!worker) {
    worker = new JobsWorker();
    worker.onmessage = (e: MessageEvent<Answer>) => {
      const w = waiting.get(e.data.id);
      if (!w) return;
      waiting.delete(e.data.id);
      if (e.data.ok) w.resolve(e.data.answer);
      else w.reject(new Error(e.data.error));
    };
    worker.onerror = (e) => {
      for (const w of waiting.values()) w.reject(new Error(`the jobs worker failed: ${e.message}`));
      waiting.clear();
    };
  }
  const id = nextId++;
  const live = worker;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    live.postMessage({ ...job, id });
  });
}

export function requirementsOf(job: Omit<RequirementsJob, 'id' | 'type'>): Promise<RequirementsAnswer> {
  return send({ type: 'requirements', ...job }) as Promise<RequirementsAnswer>;
}

export function compilePortfolio(files: PortfolioJob['files']): Promise<CompiledSpec[]> {
  return send({ type: 'portfolio', files }) as Promise<CompiledSpec[]>;
}

export function importFiles(files: ImportJob['files']): Promise<ImportResult> {
  return send({ type: 'import', files }) as Promise<ImportResult>;
}

export function reviewOf(job: Omit<ReviewJob, 'id' | 'type'>): Promise<ReviewAnswer> {
  return send({ type: 'review', ...job }) as Promise<ReviewAnswer>;
}
