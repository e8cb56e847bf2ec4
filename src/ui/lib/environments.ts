/**
 * Which environment override files apply to a spec, found exactly as the CLI finds them
 * (`environmentFileCandidates`). This pulls in the core's model loader, so only the compile
 * worker (and tests) import it, never the page's first chunk.
 */
import { environmentFileCandidates } from '../../core/model/load.ts';
import { baseName, type WorkspaceFile } from './workspace.ts';

/** Environment names that have at least one override file for this spec. */
export function environmentsFor(specPath: string, service: string, envFiles: readonly WorkspaceFile[]): string[] {
  const stem = baseName(specPath).replace(/\.(reliability\.)?ya?ml$/, '');
  const names = new Set<string>();
  for (const f of envFiles) {
    const name = baseName(f.path).replace(/\.ya?ml$/, '');
    for (const prefix of [service, stem]) {
      if (prefix && name.startsWith(`${prefix}-`)) names.add(name.slice(prefix.length + 1));
    }
    // Generic overrides (`prod.yaml`) have no dash; `order-api-dev.yaml` belongs to one service.
    if (!name.includes('-')) names.add(name);
  }
  return [...names].filter((env) => overridesFor(specPath, service, env, envFiles).length > 0).sort(envOrder);
}

const ENV_ORDER = ['dev', 'development', 'test', 'qa', 'staging', 'stage', 'prod', 'production'];
function envOrder(a: string, b: string): number {
  const ia = ENV_ORDER.indexOf(a);
  const ib = ENV_ORDER.indexOf(b);
  if (ia >= 0 && ib >= 0) return ia - ib;
  if (ia >= 0) return -1;
  if (ib >= 0) return 1;
  return a.localeCompare(b);
}

/** The override files that apply for `env`, in the order the core merges them (as the CLI finds them). */
export function overridesFor(specPath: string, service: string, env: string, envFiles: readonly WorkspaceFile[]): WorkspaceFile[] {
  const byPath = new Map(envFiles.map((f) => [f.path, f]));
  return environmentFileCandidates(specPath, service, env)
    .map((p) => byPath.get(p))
    .filter((f): f is WorkspaceFile => f !== undefined);
}
