/**
 * `npm run build` (after `vite build` has written the studio to dist/studio/): the JavaScript that
 * ships in the package.
 *   dist/cli/main.js   the CLI; each command is its own chunk, imported when it runs
 *   dist/lib/index.js  `import … from 'nthlayer'` (Node)
 *   dist/lib/core.js   `import … from 'nthlayer/core'`, the isomorphic core for browsers and bundlers
 *   dist/types/        .d.ts for both entries
 * Dependencies stay external (they are the package's `dependencies`); our own TypeScript is bundled,
 * so nothing is transpiled at run time.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';

const DIST = 'dist';
/** What bin/nthlayer.mjs compares with the sources to tell a fresh build from a stale one. */
const BUILD_STAMP = join(DIST, 'cli', 'build-stamp.json');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** `from './x.ts'` → `from './x.js'`: the .d.ts files sit beside no .ts file once installed. */
function rewriteTypeImports(text: string): string {
  return text.replace(/((?:from\s+|import\s*\(\s*)(['"]))(\.{1,2}\/[^'"]+?)\.tsx?\2/g, '$1$3.js$2');
}

/**
 * zod re-exports every one of its ~50 message locales (`z.locales`), which we never use: English
 * is its default and ours. Resolving that index to English alone takes ~200 KB out of the module
 * every CLI command parses at start.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'zod-english-only' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: process.cwd(),
      loader: 'js',
    }));
  },
};

/**
 * The CLI bundles its dependencies (one file to parse instead of hundreds to resolve at start), so
 * it ships their licenses beside it, in the format Vite writes for the studio (licenses.md).
 */
function licenses(metafile: Metafile): string {
  const dirs = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) dirs.add(m[1]!);
  }
  const sections = [...dirs]
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
      const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.md|\.txt)?$/i.test(f));
      const text = file
        ? readFileSync(join(dir, file), 'utf8').trim()
        : `${pkg.license ?? 'see the package'} (the package ships no license file)`;
      return { title: `${pkg.name} - ${pkg.version} (${pkg.license ?? 'unknown'})`, text };
    })
    .sort((a, b) => a.title.localeCompare(b.title));
  return [
    '# Licenses',
    '',
    'The CLI bundles dependencies which contain the following licenses:',
    '',
    ...sections.flatMap((s) => [`## ${s.title}`, '', s.text, '']),
  ].join('\n');
}

async function bundle(): Promise<void> {
  for (const d of ['cli', 'lib', 'types']) rmSync(join(DIST, d), { recursive: true, force: true });
  const common = {
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
  } as const;
  // Two builds, so that no chunk of the browser-safe core is shared with (or imports) Node-only code.
  const cli = await build({
    ...common,
    metafile: true,
    platform: 'node',
    entryPoints: { main: 'src/cli/main.ts' },
    minify: true,
    plugins: [zodEnglishOnly],
    // esbuild's ESM output for CommonJS dependencies (the Grafana SDK) needs a require().
    banner: { js: "import { createRequire as __nthlayerRequire } from 'node:module'; const require = __nthlayerRequire(import.meta.url);" },
    outdir: join(DIST, 'cli'),
    chunkNames: 'chunks/[name]-[hash]',
  });
  writeFileSync(join(DIST, 'cli', 'licenses.md'), licenses(cli.metafile));
  await build({
    ...common,
    platform: 'neutral',
    packages: 'external',
    entryPoints: { index: 'src/index.ts', core: 'src/core/index.ts' },
    outdir: join(DIST, 'lib'),
    chunkNames: 'chunks/[name]-[hash]',
  });
}

function types(): void {
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.types.json'], { stdio: 'inherit' });
  if (tsc.status !== 0) throw new Error(`tsc (declarations) failed with status ${tsc.status}`);
  for (const f of walk(join(DIST, 'types'))) {
    if (f.endsWith('.d.ts')) writeFileSync(f, rewriteTypeImports(readFileSync(f, 'utf8')));
  }
}

await bundle();
types();
writeFileSync(BUILD_STAMP, `${JSON.stringify({ built: 'scripts/build-package.ts' })}\n`);
console.log('built dist/cli, dist/lib and dist/types');
