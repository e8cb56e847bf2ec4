/**
 * The one way the studio compiles a spec: the preview, Verify, the review's base and every other
 * studio compile go through {@link compileForStudio}, which picks the override files with the
 * core's rule (`environmentsFor`, `overrideFilesFor`: the CLI's `--env`) among the workspace's files.
 */
import { compile, type CompileResult } from '../../core/index.ts';
import { environmentsFor, overridesFor } from '../lib/environments.ts';
import { serviceNameOf, type WorkspaceFile } from '../lib/workspace.ts';
import { summarize, type EnvironmentInfo, type PreviewResult } from './summary.ts';

export interface CompileRequest {
  seq: number;
  /** Workspace path of the spec, e.g. `payment-api/payment-api.yaml`. */
  file: string;
  text: string;
  /** The environment the person chose ('' for none); ignored when no override file matches. */
  environment: string;
  /** Every override file in the workspace; the ones that apply are picked here, like the CLI does. */
  environmentFiles: readonly WorkspaceFile[];
}

export type StudioCompileInput = Omit<CompileRequest, 'seq'>;

/** The core's compile with exactly the override files `nthlayer --env <environment>` would read. */
export function compileForStudio(req: StudioCompileInput): { result: CompileResult; env: EnvironmentInfo } {
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
  return { result, env: { environments, environment, overrides: overrides.map((f) => f.path) } };
}

export function runCompile(req: CompileRequest, now: () => number): PreviewResult {
  const t0 = now();
  const { result, env } = compileForStudio(req);
  return summarize(req.seq, result, now() - t0, env);
}
