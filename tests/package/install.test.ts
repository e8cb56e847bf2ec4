/**
 * The package as a user installs it: `npm pack`, then `npm install <tarball>` into an empty
 * project, then the installed CLI, the library (`import('nthlayer')`, `nthlayer/core`) and its
 * types (the repo's tsc against the installed .d.ts files).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedPackages, packAndInstall, packageVersion, REPO, treeBytes, type Installed } from '../helpers/package.ts';
import { tempDir } from '../helpers/promtool.ts';

let pkg: Installed;

beforeAll(() => {
  pkg = packAndInstall();
  const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;
  console.log(
    `package: tarball ${mb(pkg.tarballBytes)}, ${pkg.files.length} files; installed node_modules ${mb(treeBytes(join(pkg.project, 'node_modules')))}`,
  );
}, 240_000);

// The installed project is ~25 MB: do not leave one behind per run.
afterAll(() => {
  if (!pkg) return;
  rmSync(pkg.project, { recursive: true, force: true });
  rmSync(dirname(pkg.tarball), { recursive: true, force: true });
});

function inProject(cmd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd: pkg.project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm pack', () => {
  it('ships the built CLI, library, types, studio and schema, and no sources, tests or benchmarks', () => {
    for (const f of [
      'bin/nthlayer.mjs',
      'dist/cli/main.js',
      'dist/cli/licenses.md',
      'dist/lib/index.js',
      'dist/lib/core.js',
      'dist/types/index.d.ts',
      'dist/types/core/index.d.ts',
      'dist/studio/index.html',
      'dist/studio/studio-config.json',
      'dist/studio/licenses.md',
      'schemas/service.schema.json',
      'package.json',
      'README.md',
    ]) {
      expect(pkg.files, f).toContain(f);
    }
    const stray = pkg.files.filter(
      (f) => /^(src|tests|bench|scripts|examples|\.ci|node_modules)\//.test(f) || /\.test\.|\.bench\./.test(f),
    );
    expect(stray).toEqual([]);
  });

  it("installs without an install-script warning, and so does the clone (esbuild's script is approved)", () => {
    expect(pkg.installOutput).not.toMatch(/install-scripts|install script/i);
    const clone = spawnSync('npm', ['install-scripts', 'ls'], { cwd: REPO, encoding: 'utf8' });
    expect(clone.status).toBe(0);
    expect(clone.stdout).not.toMatch(/not yet covered/);
  });

  it('brings no build tool, UI library or TypeScript into the installing project', () => {
    const installed = installedPackages(join(pkg.project, 'node_modules'));
    expect(installed).toContain('nthlayer');
    const forbidden = [
      'vite',
      'vitest',
      'esbuild',
      'rolldown',
      'react',
      'react-dom',
      'monaco-editor',
      'monaco-yaml',
      '@monaco-editor/react',
      'recharts',
      'zustand',
      'jszip',
      'fflate',
      'tsx',
      'typescript',
      'playwright-core',
      'commander',
      '@pagerduty/pdjs',
    ];
    expect(installed.filter((name) => forbidden.includes(name))).toEqual([]);
  });
});

describe('the installed CLI', () => {
  it('`npx nthlayer --version` prints the package version', () => {
    const r = inProject('npx', ['nthlayer', '--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(packageVersion());
  });

  it('`npx nthlayer validate` exits 0 on an example and 1 on a broken spec, with file:line:col', () => {
    const ok = inProject('npx', ['nthlayer', 'validate', join(REPO, 'examples/order-api.yaml')]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('valid (order-api, 2 SLOs)');
    const bad = inProject('npx', ['nthlayer', 'validate', join(REPO, 'tests/fixtures/invalid/tabs.yaml')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/tabs\.yaml:\d+:\d+: error:/);
  });

  it("`nthlayer apply` writes the same bytes as the library's generate", () => {
    const out = tempDir('nthlayer-installed-apply-');
    const r = inProject('npx', ['nthlayer', 'apply', join(REPO, 'examples/payment-api.yaml'), '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const lib = inProject('node', [
      '--input-type=module',
      '-e',
      `
      import { readFileSync } from 'node:fs';
      import { compile } from 'nthlayer';
      const file = ${JSON.stringify(join(REPO, 'examples/payment-api.yaml'))};
      const r = compile({ file, text: readFileSync(file, 'utf8'), checkFileName: true });
      console.log(JSON.stringify(r.bundle.files));`,
    ]);
    expect(lib.status, lib.stderr).toBe(0);
    const files = JSON.parse(lib.stdout) as { path: string; content: string }[];
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(readFileSync(join(out, f.path), 'utf8'), f.path).toBe(f.content);
  });

  it('`nthlayer studio --export` writes the static studio, which says there is no proxy', () => {
    const out = join(tempDir('nthlayer-installed-export-'), 'tools', 'nthlayer');
    const r = inProject('npx', ['nthlayer', 'studio', '--export', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['index.html', 'assets', 'studio-config.json']));
    expect(JSON.parse(readFileSync(join(out, 'studio-config.json'), 'utf8'))).toEqual({ proxy: false });
    // Every URL in the page is relative, so it works under /tools/nthlayer/ as well as at a root.
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(
      [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((u) => !u!.startsWith('./') && !u!.startsWith('data:')),
    ).toEqual([]);
    // A second export to the same place replaces the first; a directory with other files is refused.
    expect(inProject('npx', ['nthlayer', 'studio', '--export', out]).status).toBe(0);
    const occupied = tempDir('nthlayer-occupied-');
    writeFileSync(join(occupied, 'notes.txt'), 'mine\n');
    const refused = inProject('npx', ['nthlayer', 'studio', '--export', occupied]);
    expect(refused.status).toBe(73);
    expect(refused.stderr).toContain('not empty');
    expect(readFileSync(join(occupied, 'notes.txt'), 'utf8')).toBe('mine\n');
  });

  it('`nthlayer studio` serves the packaged studio and its config, offline', async () => {
    const child = spawn(join(pkg.project, 'node_modules/.bin/nthlayer'), ['studio', '--port', '0'], {
      cwd: pkg.project,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        let err = '';
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(err);
          if (m) resolveUrl(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`nthlayer studio exited with ${code}: ${err}`)));
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>NthLayer Studio</title>');
      const config = await fetch(new URL('studio-config.json', url));
      expect(await config.json()).toEqual({ proxy: false });
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
    }
    expect(child.exitCode).toBe(0);
  });
});

describe('the installed library', () => {
  it("`import('nthlayer')` and `import('nthlayer/core')` compile a spec", () => {
    const r = inProject('node', [
      '--input-type=module',
      '-e',
      `
      const lib = await import('nthlayer');
      const core = await import('nthlayer/core');
      const text = 'service:\\n  name: tiny\\n  team: t\\n  tier: low\\n  type: api\\nresources:\\n- kind: SLO\\n  name: availability\\n  spec:\\n    objective: 99.5\\n';
      for (const m of [lib, core]) {
        const r = m.compile({ file: 'tiny.yaml', text });
        if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
        console.log(r.bundle.files.map((f) => f.path).join(','));
      }
      console.log(lib.GENERATOR_VERSION);`,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const [a, b, version] = r.stdout.trim().split('\n');
    expect(a).toContain('tiny/recording-rules.yaml');
    expect(b).toBe(a);
    expect(version).toBe(packageVersion());
  });

  it('its types resolve for TypeScript (node16 resolution, strict), are not `any`, and the README example type-checks', () => {
    const dir = join(pkg.project, 'typecheck');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'check.ts'),
      [
        "import { compile, formatDiagnostic, type CompileResult, type Diagnostic } from 'nthlayer';",
        "import { parseSpec } from 'nthlayer/core';",
        "const r: CompileResult = compile({ file: 'svc.yaml', text: 'service: {}' });",
        'const d: Diagnostic[] = r.diagnostics;',
        'export const lines: string[] = d.map(formatDiagnostic);',
        "export const parsed = parseSpec('service: {}', 'svc.yaml', { checkFileName: false });",
        '// @ts-expect-error a number is not a file name: proves the types are real, not any',
        "compile({ file: 1, text: '' });",
        '',
      ].join('\n'),
    );
    // The README's library example, as a user would paste it.
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const example = /## Library[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain("from 'nthlayer'");
    writeFileSync(join(dir, 'readme.ts'), `${example}\nexport {};\n`);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'node16',
          moduleResolution: 'node16',
          target: 'es2022',
          lib: ['es2023', 'dom'],
          typeRoots: [join(REPO, 'node_modules/@types')],
          types: ['node'],
          skipLibCheck: false,
        },
        files: ['check.ts', 'readme.ts'],
      }),
    );
    // The repo's compiler: the installing project has no TypeScript (asserted above).
    const tsc = spawnSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    expect(existsSync(join(pkg.project, 'node_modules/nthlayer/dist/types/index.d.ts'))).toBe(true);
  });
});
