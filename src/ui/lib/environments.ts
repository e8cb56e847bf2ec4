/**
 * The studio's side of environment selection: the core's rule (`environmentsFor`,
 * `overrideFilesFor`, the same the CLI uses) applied to the workspace's files. This pulls in the
 * core's model loader, so only the compile worker (and tests) import it, never the first chunk.
 */
import { environmentsFor as coreEnvironmentsFor, overrideFilesFor } from '../../core/index.ts';
import type { WorkspaceFile } from './workspace.ts';

/** Environment names that have at least one override file for this spec. */
export function environmentsFor(specPath: string, service: string, envFiles: readonly WorkspaceFile[]): string[] {
  return coreEnvironmentsFor(
    specPath,
    service,
    envFiles.map((f) => f.path),
  );
}

/** The override files that apply for `env`, in the order the core merges them. */
export function overridesFor(specPath: string, service: string, env: string, envFiles: readonly WorkspaceFile[]): WorkspaceFile[] {
  const byPath = new Map(envFiles.map((f) => [f.path, f]));
  return overrideFilesFor(
    specPath,
    service,
    env,
    envFiles.map((f) => f.path),
  ).map((p) => byPath.get(p)!);
}
