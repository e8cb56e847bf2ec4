/**
 * Which environment override files apply to a spec: one rule for the CLI (`--env`, `env list`)
 * and the studio (its environment picker and every compile). The shells list the files they can
 * see; this picks from them exactly as `environmentFileCandidates` orders them.
 */
import { environmentFileCandidates } from './load.ts';

const baseName = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** The override files of `env` among `paths`, in the order the core merges them (shared, then the service's). */
export function overrideFilesFor(specPath: string, service: string, env: string, paths: readonly string[]): string[] {
  const present = new Set(paths);
  return environmentFileCandidates(specPath, service, env).filter((p) => present.has(p));
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

/** Environment names with at least one override file for this spec among `paths`, dev before prod. */
export function environmentsFor(specPath: string, service: string, paths: readonly string[]): string[] {
  const stem = baseName(specPath).replace(/\.(reliability\.)?ya?ml$/, '');
  const names = new Set<string>();
  for (const p of paths) {
    const name = baseName(p).replace(/\.ya?ml$/, '');
    for (const prefix of [service, stem]) if (prefix && name.startsWith(`${prefix}-`)) names.add(name.slice(prefix.length + 1));
    // A shared override (`prod.yaml`) applies to every spec beside the environments/ folder.
    if (!name.includes('-')) names.add(name);
  }
  return [...names].filter((env) => overrideFilesFor(specPath, service, env, paths).length > 0).sort(envOrder);
}
