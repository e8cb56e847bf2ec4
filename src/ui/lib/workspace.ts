/**
 * The studio's workspace: a tree of files addressed like a folder on disk, so the core's rule for
 * environment files (`environments/<env>.yaml` and `environments/<service>-<env>.yaml` beside the
 * spec, the rule the CLI uses) picks the same files here as `nthlayer --env` would there.
 *
 * - The shipped examples live under `examples/` and are read-only templates: opening one forks it
 *   into a folder of its own (`payment-api/payment-api.yaml` and the override files that apply to
 *   it, `payment-api/environments/prod.yaml` …), so its environment files never reach other specs.
 * - A spec a person creates, pastes, opens or imports lives at the workspace root (or in the folder
 *   it was opened with); it never sits beside the examples and never gets their environment files.
 * - A folder or zip keeps its own layout, `environments/` files included, as editable documents.
 */
import { detectServiceName, environmentsFor, overrideFilesFor, serviceFieldsOf } from '../../core/index.ts';

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

/** Where the shipped examples (read-only templates) live. */
export const EXAMPLES_DIR = 'examples';

/** `../../examples/environments/dev.yaml` (a glob key) → `examples/environments/dev.yaml`. */
export function workspacePath(globKey: string): string {
  const i = globKey.lastIndexOf(`${EXAMPLES_DIR}/`);
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

/** The first comment lines of an example describe it; the gallery's own sentences are in gallery.ts. */
export function describeExample(file: WorkspaceFile): ExampleInfo {
  const id = exampleId(file.path);
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

/** `payment-api` from `examples/payment-api.yaml`. */
export function exampleId(path: string): string {
  return baseName(path).replace(/\.ya?ml$/, '');
}

/** Base name of a path without the directory. */
export function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}

/** `a/b/c.yaml` → `a/b/`; a file at the root → ''. */
export function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(0, i + 1) : '';
}

/** An override file the core's rule can pick: `…/environments/<name>.yaml`. */
export function isEnvironmentPath(path: string): boolean {
  return /(^|\/)environments\/[^/]+\.ya?ml$/i.test(path);
}

export function isExamplePath(path: string): boolean {
  return path.startsWith(`${EXAMPLES_DIR}/`);
}

/** The folder a spec's override files live in: `<spec folder>environments/`. */
export function environmentFolderOf(specPath: string): string {
  return `${folderOf(specPath)}environments/`;
}

/** A file or folder name that survives a review link and every file system. */
function safeName(file: string, fallback = 'service'): string {
  return (
    baseName(file)
      .replace(/\.ya?ml$/i, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+|-+$/g, '')
      .slice(0, 80) || fallback
  );
}

/** `dir + name.yaml`, or `name-2.yaml` … when that path is taken. */
export function freeFilePath(taken: (path: string) => boolean, dir: string, file: string): string {
  const name = safeName(file);
  let candidate = `${dir}${name}.yaml`;
  for (let i = 2; taken(candidate); i++) candidate = `${dir}${name}-${i}.yaml`;
  return candidate;
}

/** `name/`, or `name-2/` … when a document already lives under it. */
export function freeFolder(taken: (folder: string) => boolean, name: string): string {
  const stem = safeName(name, 'workspace');
  let candidate = `${stem}/`;
  for (let i = 2; taken(candidate); i++) candidate = `${stem}-${i}/`;
  return candidate;
}

/** Every environment override file among `envFiles` that applies to the spec in some environment. */
function applicableEnvironmentFiles(specPath: string, specText: string, envFiles: readonly WorkspaceFile[]): WorkspaceFile[] {
  const service = serviceNameOf(specText);
  const paths = envFiles.map((f) => f.path);
  const used = new Set(environmentsFor(specPath, service, paths).flatMap((env) => overrideFilesFor(specPath, service, env, paths)));
  return envFiles.filter((f) => used.has(f.path));
}

/**
 * The files a fork of an example consists of, in a folder of its own: the spec, then the example
 * override files that apply to it (the same ones `nthlayer --env` reads beside the example).
 */
export function exampleFork(example: WorkspaceFile, exampleEnvFiles: readonly WorkspaceFile[], folder: string): WorkspaceFile[] {
  const envs = applicableEnvironmentFiles(example.path, example.text, exampleEnvFiles);
  return [
    { path: `${folder}${baseName(example.path)}`, text: example.text },
    ...envs.map((f) => ({ path: `${folder}environments/${baseName(f.path)}`, text: f.text })),
  ];
}
