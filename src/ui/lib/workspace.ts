/**
 * The studio's virtual workspace: the examples and environment override files shipped in
 * `examples/`, addressed by the same relative paths the CLI uses (`examples/payment-api.yaml`,
 * `examples/environments/prod.yaml`), so environment lookup and the manifest's spec hash match
 * `nthlayer apply` exactly.
 */
// The same function the CLI uses (exported from core/index.ts); imported directly to keep the page light.
import { detectServiceName, serviceFieldsOf } from '../../core/index.ts';
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

/** The service name as written, read before compiling (the CLI uses the same core function). */
export function serviceNameOf(text: string): string {
  return detectServiceName(text);
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
  const fields = serviceFieldsOf(file.text);
  return {
    ...file,
    id,
    title: comments[0] ?? '',
    summary: comments.slice(1, 3).join(' '),
    service: fields.name || id,
    type: fields.type,
    tier: fields.tier,
  };
}

/** Base name of a path without the directory. */
export function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}
