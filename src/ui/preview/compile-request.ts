/** The one function that turns the studio's inputs into a preview; the worker and tests call it. */
import { compile, type SourceText } from '../../core/index.ts';
import { summarize, type PreviewResult } from './summary.ts';

export interface CompileRequest {
  seq: number;
  file: string;
  text: string;
  environments: SourceText[];
  environment?: string;
}

export function runCompile(req: CompileRequest, now: () => number): PreviewResult {
  const t0 = now();
  const result = compile({
    file: req.file,
    text: req.text,
    environments: req.environments,
    ...(req.environment ? { environment: req.environment } : {}),
  });
  return summarize(req.seq, result, now() - t0);
}
