/**
 * The package as users get it: `npm pack` of this clone, installed from the tarball into an empty
 * project. Used by the install smoke test and the cold-start benchmark.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir } from './promtool.ts';

export const REPO = resolve(import.meta.dirname, '../..');

/** Vitest sets NODE_ENV=test, which would make Vite build React's development bundle. */
const ENV = { ...process.env, NODE_ENV: 'production', npm_config_update_notifier: 'false' };

function run(cmd: string, args: string[], cwd: string): { stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: ENV });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

/**
 * `npm run build`, unless `npm test` has just run it (it sets NTHLAYER_BUILT=1): dist/ must hold
 * this tree's build, never an older one.
 */
export function ensureBuilt(): void {
  if (process.env.NTHLAYER_BUILT === '1') return;
  run('npm', ['run', 'build', '--silent'], REPO);
}

export interface Installed {
  /** The empty project the tarball was installed into. */
  project: string;
  tarball: string;
  tarballBytes: number;
  /** What `npm pack` put in the tarball (paths inside the package). */
  files: string[];
  /** Everything `npm install` printed. */
  installOutput: string;
}

/** Packs this clone (from the existing build) and installs the tarball into a new, empty project. */
export function packAndInstall(): Installed {
  ensureBuilt();
  const out = tempDir('nthlayer-pack-');
  // The build is fresh (ensureBuilt), so prepack need not build it again.
  const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], REPO).stdout) as {
    filename: string;
    size: number;
    files: { path: string }[];
  }[];
  const info = packed[0]!;
  const tarball = join(out, info.filename);
  const project = tempDir('nthlayer-install-');
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'nthlayer-smoke', private: true, type: 'module' }, null, 2)}\n`);
  // Every dependency is already in npm's cache after `npm ci`; no registry round trip is needed.
  const installed = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], project);
  return {
    project,
    tarball,
    tarballBytes: statSync(tarball).size,
    files: info.files.map((f) => f.path),
    installOutput: `${installed.stdout}\n${installed.stderr}`,
  };
}

/** Every package directory under a node_modules tree (nested ones too), by package name. */
export function installedPackages(nodeModules: string): string[] {
  const names: string[] = [];
  const visit = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.startsWith('.')) continue;
      if (e.startsWith('@')) {
        for (const s of readdirSync(join(dir, e))) {
          names.push(`${e}/${s}`);
          visit(join(dir, e, s, 'node_modules'));
        }
        continue;
      }
      names.push(e);
      visit(join(dir, e, 'node_modules'));
    }
  };
  visit(nodeModules);
  return names;
}

/** Bytes on disk under a directory. */
export function treeBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    const st = lstatSync(p);
    total += st.isDirectory() ? treeBytes(p) : st.size;
  }
  return total;
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
}
