/**
 * `nthlayer studio`: the packaged studio on a local port, offline (no Prometheus, no network), and
 * `nthlayer studio --export DIR`: the same static files for any static host, root or sub-path.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { renderStudioConfig, STUDIO_CONFIG_FILE } from '../../core/index.ts';
import { createStudioServer } from '../../proxy/server.ts';
import { CliError } from '../errors.ts';
import { EXIT } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { packagedStudioDir } from '../package-files.ts';
import { parsePort, serveUntilStopped } from '../serve.ts';

export interface StudioOptions {
  port: string;
  host: string;
  export?: string;
}

function builtStudio(): string {
  const dir = packagedStudioDir();
  if (!existsSync(join(dir, 'index.html'))) {
    throw new CliError(
      `the studio is not built (${dir} has no index.html)`,
      EXIT.noInput,
      'in a clone of NthLayer run `npm run build` first (or `npm start` for the dev server); an installed package ships it built',
    );
  }
  return dir;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)).map((g) => `${f}/${g}`) : [f]));
}

/**
 * Writes the studio into `target`. A directory that holds anything but an earlier export is
 * refused rather than overwritten; an earlier export is replaced whole, so no stale asset stays.
 */
function exportStudio(target: string, io: Io): number {
  const from = builtStudio();
  const dir = resolve(target);
  if (dir === from || dir.startsWith(`${from}${sep}`) || from.startsWith(`${dir}${sep}`)) {
    throw new CliError(`${target} overlaps the packaged studio (${from})`, EXIT.cannotWrite, 'export to a directory outside the package');
  }
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory())
      throw new CliError(`${target} exists and is not a directory`, EXIT.cannotWrite, 'choose a new or empty directory');
    const entries = readdirSync(dir);
    const earlierExport = entries.includes(STUDIO_CONFIG_FILE) && entries.includes('index.html');
    if (entries.length > 0 && !earlierExport) {
      throw new CliError(
        `${target} is not empty and holds no earlier studio export`,
        EXIT.cannotWrite,
        'choose a new or empty directory; an earlier export there is replaced',
      );
    }
    for (const e of entries) rmSync(join(dir, e), { recursive: true, force: true });
  }
  try {
    mkdirSync(dir, { recursive: true });
    cpSync(from, dir, { recursive: true });
    // No server stands behind a static host, so the studio must not look for a proxy there.
    writeFileSync(join(dir, STUDIO_CONFIG_FILE), renderStudioConfig({ proxy: false }));
  } catch (e) {
    throw new CliError(`cannot write ${target}: ${e instanceof Error ? e.message : String(e)}`, EXIT.cannotWrite);
  }
  const files = filesUnder(dir);
  const bytes = files.reduce((n, f) => n + statSync(join(dir, f)).size, 0);
  io.out(`wrote the studio to ${target} (${files.length} files, ${(bytes / 1e6).toFixed(1)} MB)`);
  io.out('Serve that directory from any static host, at its root or under a sub-path (e.g. https://intranet/tools/nthlayer/);');
  io.out('every URL in it is relative, it asks no other origin, and shared review links point back to where it is served.');
  return EXIT.ok;
}

/** Serves the packaged studio until interrupted; no Prometheus API (use `nthlayer proxy` for that). */
export async function studioCommand(opts: StudioOptions, io: Io): Promise<number> {
  if (opts.export !== undefined) return exportStudio(opts.export, io);
  const port = parsePort(opts.port);
  const server = createStudioServer({ port, host: opts.host, staticDir: builtStudio() });
  return serveUntilStopped(
    server,
    port,
    opts.host,
    io,
    (url) => `nthlayer studio: ${url} (offline; nthlayer proxy --prometheus-url … adds live data)`,
  );
}
