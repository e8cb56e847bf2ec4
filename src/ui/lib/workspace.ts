/**
 * The studio's virtual workspace: the examples and environment override files shipped in
 * `examples/`, addressed by the same relative paths the CLI uses (`examples/payment-api.yaml`,
 * `examples/environments/prod.yaml`), so environment lookup and the manifest's spec hash match
 * `nthlayer apply` exactly.
 */
import { environmentFileCandidates } from '../../core/model/load.ts';

export interface WorkspaceFile {
  path: string;
  text: string;
}

export interface ExampleInfo extends WorkspaceFile {
  /** `payment-api` from `examples/payment-api.yaml`. */
  id: string;
  title: string;
  summary: string;
  service: string;
  type: string;
  tier: string;
}

/** Directory every studio document lives in, so `environments/` files resolve like on disk. */
export const WORKSPACE_DIR = 'examples';

/** `../../examples/environments/dev.yaml` (a glob key) → `examples/environments/dev.yaml`. */
export function workspacePath(globKey: string): string {
  const i = globKey.lastIndexOf(`${WORKSPACE_DIR}/`);
  return i >= 0 ? globKey.slice(i) : globKey;
}

export function filesFromGlob(glob: Record<string, string>): WorkspaceFile[] {
  return Object.entries(glob)
    .map(([key, text]) => ({ path: workspacePath(key), text }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** The service name as written, read before parsing (the CLI does the same to find overrides). */
export function serviceNameOf(text: string): string {
  const m = /^service:[ \t]*(?:#.*)?\r?\n(?:(?:[ \t]+.*|[ \t]*)\r?\n)*?[ \t]+name:[ \t]*["']?([a-z][a-z0-9-]*)/m.exec(text);
  return m?.[1] ?? '';
}

function fieldOf(text: string, field: string): string {
  const m = new RegExp(`^service:[\\s\\S]*?^[ \\t]+${field}:[ \\t]*["']?([A-Za-z0-9_-]+)`, 'm').exec(text);
  return m?.[1] ?? '';
}

/** The first comment lines of an example describe it; they become the gallery card. */
export function describeExample(file: WorkspaceFile): ExampleInfo {
  const id = (file.path.split('/').pop() ?? file.path).replace(/\.ya?ml$/, '');
  const comments = file.text
    .split('\n')
    .slice(0, 8)
    .filter((l) => l.startsWith('#'))
    .map((l) => l.replace(/^#+\s?/, '').trim())
    // Editor modelines (`yaml-language-server: $schema=…`) are not descriptions.
    .filter((l) => l !== '' && !/^yaml-language-server:/.test(l));
  return {
    ...file,
    id,
    title: comments[0] ?? '',
    summary: comments.slice(1, 3).join(' '),
    service: serviceNameOf(file.text) || id,
    type: fieldOf(file.text, 'type'),
    tier: fieldOf(file.text, 'tier'),
  };
}

/** Base name of a path without the directory. */
export function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}

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
