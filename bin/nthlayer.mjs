#!/usr/bin/env node
// `nthlayer`: runs the built CLI (dist/cli/main.js, plain JavaScript, nothing transpiled at start).
// An installed package has only the build. In a clone (src/ is here) the build is used only while
// it is newer than every source file it was built from; otherwise the TypeScript runs through tsx,
// so a developer never runs a stale build (`npm run build` makes it fast again).
import { existsSync, readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const built = new URL('dist/cli/main.js', root);
const stamp = new URL('dist/cli/build-stamp.json', root);
const source = new URL('src/cli/main.ts', root);
/** Everything the CLI bundle is built from (the studio's src/ui is not part of it; dependencies are, through the lock file). */
const INPUTS = ['src/cli', 'src/core', 'src/live', 'src/prom', 'src/proxy', 'src/pagerduty', 'src/demo', 'src/index.ts',
  'package.json', 'package-lock.json', 'scripts/build-package.ts'];

function newestMtime(url) {
  const st = statSync(url);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(url, { withFileTypes: true })) {
    const child = new URL(entry.name + (entry.isDirectory() ? '/' : ''), url.href.endsWith('/') ? url : `${url.href}/`);
    newest = Math.max(newest, newestMtime(child));
  }
  return newest;
}

function buildIsFresh() {
  if (!existsSync(built) || !existsSync(stamp)) return false;
  const builtAt = statSync(stamp).mtimeMs;
  return INPUTS.every((p) => {
    const url = new URL(p, root);
    return !existsSync(url) || newestMtime(url) <= builtAt;
  });
}

// `nthlayer slo list | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

let main;
if (!existsSync(source) || buildIsFresh()) {
  ({ main } = await import(built.href));
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('nthlayer: this clone has no up-to-date build and no tsx to run the sources.\n    hint: run `npm install` (or `npm run build`)\n');
    process.exit(70);
  }
  register();
  ({ main } = await import(new URL('src/cli/main.ts', root).href));
}
process.exitCode = await main(process.argv.slice(2));
