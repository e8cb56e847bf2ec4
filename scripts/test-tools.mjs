#!/usr/bin/env node
// `npm test` runs this first (pretest). The suite checks our output with the real tools —
// promtool, amtool, a Prometheus server and Chromium from Debian's packages — so they must be
// there before any test starts. As root (CI, a container) they are installed; otherwise this
// stops at once with the one command to run, instead of a wall of failing tests
// (NTHLAYER_NO_APT=1 asks for that even as root).
// Plain JavaScript with no dependencies: it runs before `npm install` has necessarily happened.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What the tests run, and the Debian package each comes from. */
const TOOLS = [
  { what: 'prometheus', path: undefined, pkg: 'prometheus' },
  { what: 'promtool', path: undefined, pkg: 'prometheus' },
  { what: 'amtool', path: undefined, pkg: 'prometheus-alertmanager' },
  // tests/e2e/browser.ts launches this exact path.
  { what: 'chromium', path: '/usr/bin/chromium', pkg: 'chromium' },
  // check-deploy --format junit is parsed with a real XML parser (tests/ci/deploy-gate.test.ts).
  { what: 'xmllint', path: undefined, pkg: 'libxml2-utils' },
];

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(cmd) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && executable(join(dir, cmd)));
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0;
}

if (!existsSync('node_modules/.package-lock.json')) {
  console.error('pretest: installing the npm dependencies (npm ci)…');
  if (!run('npm', ['ci', '--no-audit', '--no-fund'])) process.exit(1);
}

const missing = TOOLS.filter((t) => !(t.path ? executable(t.path) : onPath(t.what)));
if (missing.length === 0) process.exit(0);

const packages = [...new Set(missing.map((t) => t.pkg))];
const names = missing.map((t) => t.what).join(', ');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0 && process.env.NTHLAYER_NO_APT !== '1';
const hasApt = onPath('apt-get');

if (isRoot && hasApt) {
  console.error(`pretest: ${names} not found; installing Debian packages: ${packages.join(' ')}`);
  const ok = run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages]);
  const still = TOOLS.filter((t) => !(t.path ? executable(t.path) : onPath(t.what)));
  if (ok && still.length === 0) process.exit(0);
  console.error(`pretest: apt-get could not install ${packages.join(' ')}; the tests need ${still.map((t) => t.what).join(', ')}.`);
  process.exit(1);
}

console.error(`The tests need ${names}, which ${missing.length === 1 ? 'is' : 'are'} not installed. Run:\n`);
if (hasApt) {
  console.error(`    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}\n`);
} else {
  console.error(
    `    install the Debian/Ubuntu packages ${packages.join(' ')} (or your system's equivalents, with Chromium at /usr/bin/chromium)\n`,
  );
}
console.error('then run npm test again. (As root, npm test installs them itself.)');
process.exit(1);
