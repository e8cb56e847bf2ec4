/** The one function that turns the studio's inputs into a preview; the worker and tests call it. */
import { compile } from '../../core/index.ts';
import { environmentsFor, overridesFor } from '../lib/environments.ts';
import { serviceNameOf, type WorkspaceFile } from '../lib/workspace.ts';
import { summarize, type PreviewResult } from './summary.ts';

export interface CompileRequest {
  seq: number;
  /** Workspace path of the spec, e.g. `examples/payment-api.yaml`. */
  file: string;
  text: string;
  /** The environment the person chose ('' for none); ignored when no override file matches. */
  environment: string;
  /** Every override file in the workspace; the ones that apply are picked here, like the CLI does. */
  environmentFiles: readonly WorkspaceFile[];
}

export function runCompile(req: CompileRequest, now: () => number): PreviewResult {
  const t0 = now();
  const service = serviceNameOf(req.text);
  const environments = environmentsFor(req.file, service, req.environmentFiles);
  const environment = environments.includes(req.environment) ? req.environment : '';
  const overrides = environment ? overridesFor(req.file, service, environment, req.environmentFiles) : [];
  const result = compile({
    file: req.file,
    text: req.text,
    environments: overrides.map((f) => ({ file: f.path, text: f.text })),
    ...(environment ? { environment } : {}),
  });
  return summarize(req.seq, result, now() - t0, { environments, environment, overrides: overrides.map((f) => f.path) });
}
