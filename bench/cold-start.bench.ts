/**
 * Cold start of the installed CLI, in CPU time (user + system of the child, as the kernel
 * accounts it), against a bare `node -e 0` measured in the same run. The CLI is the one users get:
 * this clone packed, installed from the tarball into an empty project, run through its bin.
 * Targets (issue #14): `--version` <= 3x, `validate <one spec>` <= 8x.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { installedPackages, packAndInstall, REPO, treeBytes } from '../tests/helpers/package.ts';
import { median, type Benchmark } from './harness.ts';

const RUNS = 11;

/**
 * CPU milliseconds one run of `argv` costs: bash's `times` prints the user and system time of the
 * children it has waited for (from getrusage), so this counts the process and nothing around it.
 */
function cpuMs(argv: string[], cwd: string): number {
  const r = spawnSync('bash', ['-c', '"$@" >/dev/null 2>&1; code=$?; times; exit $code', 'cpu', ...argv], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited with ${r.status}`);
  const children = r.stdout.trim().split('\n').at(-1) ?? '';
  const parts = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60_000 + Number(m[2]) * 1000);
  if (parts.length !== 2) throw new Error(`cannot read \`times\` output: ${r.stdout}`);
  return parts[0]! + parts[1]!;
}

export const coldStartBenchmark: Benchmark = {
  name: 'cold start: the installed CLI vs node -e 0 (CPU time)',
  run() {
    const pkg = packAndInstall();
    const bin = join(pkg.project, 'node_modules', 'nthlayer', 'bin', 'nthlayer.mjs');
    const spec = join(REPO, 'examples', 'order-api.yaml');
    const cases = [
      { what: 'baseline: node -e 0', argv: [process.execPath, '-e', '0'], target: '' },
      { what: 'nthlayer --version', argv: [process.execPath, bin, '--version'], target: '<= 3x' },
      { what: 'nthlayer validate examples/order-api.yaml', argv: [process.execPath, bin, 'validate', spec], target: '<= 8x' },
    ];
    const samples = cases.map(() => [] as number[]);
    for (const c of cases) cpuMs(c.argv, pkg.project); // warm the file cache
    // Interleaved, so a busy moment on the machine touches every case alike.
    for (let i = 0; i < RUNS; i++) cases.forEach((c, k) => samples[k]!.push(cpuMs(c.argv, pkg.project)));
    const base = median(samples[0]!);
    console.log(`| command (median CPU of ${RUNS} runs) | CPU | ratio to node -e 0 | target |`);
    console.log('|---|---|---|---|');
    cases.forEach((c, k) => {
      const m = median(samples[k]!);
      console.log(`| ${c.what} | ${m.toFixed(0)} ms | ${(m / base).toFixed(1)}× | ${c.target} |`);
    });
    const modules = join(pkg.project, 'node_modules');
    // Measured before the project is removed.
    console.log(
      `\npackage: tarball ${(pkg.tarballBytes / 1e6).toFixed(2)} MB (${pkg.files.length} files); installed node_modules ${(treeBytes(modules) / 1e6).toFixed(1)} MB, ${installedPackages(modules).length} packages`,
    );
    rmSync(pkg.project, { recursive: true, force: true });
    rmSync(dirname(pkg.tarball), { recursive: true, force: true });
  },
};
