/**
 * bin/nthlayer.mjs picks what to run: the build in an installed package; in a clone the build only
 * while it is newer than every source it was built from, else the sources through tsx. Checked on
 * a scratch tree holding the real launcher, the real tsx, and two stand-in mains that say which ran.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/package.ts';
import { tempDir } from './helpers/promtool.ts';

function scratchTree(): string {
  const root = tempDir('nthlayer-launcher-');
  mkdirSync(join(root, 'bin'));
  copyFileSync(join(REPO, 'bin/nthlayer.mjs'), join(root, 'bin/nthlayer.mjs'));
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
  writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
  mkdirSync(join(root, 'dist/cli'), { recursive: true });
  writeFileSync(join(root, 'dist/cli/main.js'), "export async function main(argv) { console.log('built ' + argv.join(' ')); return 0; }\n");
  writeFileSync(join(root, 'dist/cli/build-stamp.json'), '{}\n');
  mkdirSync(join(root, 'src/cli'), { recursive: true });
  writeFileSync(
    join(root, 'src/cli/main.ts'),
    "export async function main(argv: string[]): Promise<number> { console.log('source ' + argv.join(' ')); return 3; }\n",
  );
  return root;
}

function setTimes(file: string, secondsAgo: number): void {
  const t = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(file, t, t);
}

function launch(root: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin/nthlayer.mjs'), 'validate', 'x.yaml'], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout.trim() };
}

describe('bin/nthlayer.mjs', () => {
  it('runs the build when it is newer than the sources', () => {
    const root = scratchTree();
    setTimes(join(root, 'src/cli/main.ts'), 60);
    setTimes(join(root, 'src/cli'), 60);
    expect(launch(root)).toEqual({ status: 0, out: 'built validate x.yaml' });
  });

  it('runs the sources through tsx when one of them changed after the build', () => {
    const root = scratchTree();
    setTimes(join(root, 'dist/cli/build-stamp.json'), 60);
    expect(launch(root)).toEqual({ status: 3, out: 'source validate x.yaml' });
  });

  it('runs the sources when there is no build, and the build when there are no sources (an installed package)', () => {
    const clone = scratchTree();
    rmSync(join(clone, 'dist'), { recursive: true });
    expect(launch(clone).out).toBe('source validate x.yaml');
    const installed = scratchTree();
    rmSync(join(installed, 'src'), { recursive: true });
    setTimes(join(installed, 'dist/cli/build-stamp.json'), 60);
    expect(launch(installed).out).toBe('built validate x.yaml');
  });
});
