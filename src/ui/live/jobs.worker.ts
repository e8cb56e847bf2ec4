/// <reference lib="webworker" />
/** Runs the live views' heavier core work (see jobs-core.ts) off the main thread. */
import { runImport, runPortfolio, runRequirements, runReview, type Job } from './jobs-core.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<Job>) => {
  const job = event.data;
  try {
    const answer =
      job.type === 'requirements'
        ? runRequirements(job)
        : job.type === 'import'
          ? runImport(job)
          : job.type === 'review'
            ? runReview(job)
            : runPortfolio(job);
    scope.postMessage({ id: job.id, ok: true, answer });
  } catch (e) {
    scope.postMessage({ id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
};
