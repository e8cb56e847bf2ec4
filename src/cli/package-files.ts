/**
 * Files that ship inside the package, found from this module's own location: an installed
 * package (node_modules/nthlayer/dist/cli/…) and a clone (src/cli/…) both have package.json a
 * few directories up, so `nthlayer studio` works from any working directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'nthlayer') return dir;
      } catch {
        // not ours; keep looking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json of nthlayer above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** The built studio (index.html, assets/, studio-config.json): `vite build` writes it, npm pack ships it. */
export function packagedStudioDir(): string {
  return join(packageRoot(), 'dist', 'studio');
}
