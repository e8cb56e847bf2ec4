/**
 * Writing `<output-dir>/<service>/` safely:
 *   - atomically: every file goes to a temporary file first and is renamed over the old one only
 *     when all of them were written, so a full disk or a crash never leaves a truncated
 *     alerts.yaml that still loads with half its rules (the old files stay as they were);
 *   - under a lock: `.nthlayer-apply.lock` in the directory; a second apply into it stops with a
 *     clear message; a lock whose process is gone (or that is older than an hour) is taken over;
 *   - without leftovers: files the previous manifest.json lists that this run no longer generates
 *     (say alertmanager.yaml, with its routing keys, after the PagerDuty resource was removed) are
 *     deleted. Only plain file names from that manifest, only regular files, never anything else.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, sep } from 'node:path';
import { z } from 'zod';
import { FILES } from '../core/index.ts';
import type { GeneratedFile } from '../core/index.ts';
import { EXIT } from './exit-codes.ts';
import { CliError } from './load.ts';

export const LOCK_FILE = '.nthlayer-apply.lock';
/** A lock older than this is stale whatever its pid says (pids are reused). */
const STALE_LOCK_MS = 60 * 60 * 1000;

const LockInfo = z.object({ pid: z.number().int(), host: z.string(), started: z.string() });
const PreviousManifest = z.object({ files: z.array(z.object({ path: z.string() })) });

export interface WriteResult {
  written: string[];
  removed: string[];
}

function describe(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EFBIG') return 'file too large for this file system or limit';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'read-only file system';
  return e instanceof Error ? e.message : String(e);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

/** Takes the directory's lock, or says who holds it. Returns the function that releases it. */
function lockDirectory(dir: string, now: () => number = Date.now): () => void {
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o644);
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST')
        throw new CliError(`cannot lock ${dir}: ${describe(e)}`, EXIT.cannotWrite, 'check that --output-dir is writable');
      let holder: z.infer<typeof LockInfo> | undefined;
      try {
        holder = LockInfo.parse(JSON.parse(readFileSync(file, 'utf8')));
      } catch {
        holder = undefined;
      }
      const stale = !holder
        ? lockAge(file, now) > 10_000 // unreadable and not just being written: a crashed writer
        : (holder.host === hostname() && !processAlive(holder.pid)) || now() - Date.parse(holder.started) > STALE_LOCK_MS;
      if (stale && attempt === 0) {
        rmSync(file, { force: true });
        continue;
      }
      throw new CliError(
        `${dir} is being written by another nthlayer apply${holder ? ` (pid ${holder.pid} on ${holder.host}, since ${holder.started})` : ''}`,
        EXIT.cannotWrite,
        `wait for it to finish and run again; if no apply is running, delete ${file}`,
      );
    }
    writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), started: new Date(now()).toISOString() }));
    closeSync(fd);
    return () => rmSync(file, { force: true });
  }
  throw new CliError(`cannot lock ${dir}`, EXIT.cannotWrite);
}

function lockAge(file: string, now: () => number): number {
  try {
    return now() - lstatSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

/** File names the previous run wrote, from its manifest.json (plain names only). */
function previousFiles(dir: string): string[] {
  const file = join(dir, FILES.manifest);
  if (!existsSync(file)) return [];
  try {
    const m = PreviousManifest.parse(JSON.parse(readFileSync(file, 'utf8')));
    return m.files.map((f) => f.path).filter((p) => p === basename(p) && p !== '.' && p !== '..' && !p.includes('\\') && p !== LOCK_FILE);
  } catch {
    // Not a manifest we wrote: then we do not know what we wrote, and remove nothing.
    return [];
  }
}

/**
 * Writes a service's files into `<outputDir>/<service>/` (and its shared files, such as
 * `_fleet/<technology>-alerts.yaml`, beside it), atomically, under the service folder's lock, and
 * removes what the previous manifest listed and this bundle no longer has (its own files only).
 */
export function writeServiceDirectory(outputDir: string, service: string, files: readonly GeneratedFile[]): WriteResult {
  const rank = (target: string): number =>
    target.startsWith(join(outputDir, service) + sep) ? (basename(target) === FILES.manifest ? 2 : 1) : 0;
  const dir = join(outputDir, service);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new CliError(`cannot create ${dir}: ${describe(e)}`, EXIT.cannotWrite, 'check that --output-dir is writable');
  }
  const release = lockDirectory(dir);
  const temps: string[] = [];
  try {
    const before = previousFiles(dir);
    const own = files.filter((f) => f.path.startsWith(`${service}/`));
    const names = own.map((f) => f.path.slice(service.length + 1));
    // Shared files (`_fleet/<technology>-alerts.yaml`) sit beside the service folders; every service
    // writes the same bytes, so the last atomic rename wins harmlessly. Never removed by a service.
    const shared = files.filter((f) => !f.path.startsWith(`${service}/`));
    const targets = [...names.map((n) => join(dir, n)), ...shared.map((f) => join(outputDir, ...f.path.split('/')))];
    // 1. Every file to a temporary name next to its target (same file system, so rename is atomic).
    const suffix = `.tmp-${process.pid}`;
    [...own, ...shared].forEach((f, i) => {
      const target = targets[i]!;
      const temp = join(dirname(target), `.${basename(target)}${suffix}`);
      temps.push(temp);
      let fd: number | undefined;
      try {
        mkdirSync(dirname(target), { recursive: true });
        fd = openSync(temp, 'w', 0o644);
        const bytes = Buffer.from(f.content, 'utf8');
        let off = 0;
        while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
        fsyncSync(fd);
      } catch (e) {
        throw new CliError(
          `cannot write ${target}: ${describe(e)}; the previous files are unchanged`,
          EXIT.cannotWrite,
          'free some space or check that --output-dir is writable, then run again',
        );
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
    });
    // 2. All written: rename into place, shared files first, manifest.json last (it describes the others).
    const order = targets.map((t, i) => ({ t, i })).sort((a, b) => rank(a.t) - rank(b.t));
    for (const { t, i } of order) {
      try {
        renameSync(temps[i]!, t);
      } catch (e) {
        throw new CliError(`cannot write ${t}: ${describe(e)}`, EXIT.cannotWrite, 'check that --output-dir is writable');
      }
    }
    temps.length = 0;
    // 3. What we wrote last time and no longer generate.
    const removed: string[] = [];
    for (const old of before) {
      if (names.includes(old)) continue;
      const target = join(dir, old);
      try {
        if (!lstatSync(target).isFile()) continue;
        unlinkSync(target);
        removed.push(old);
      } catch {
        // Already gone, or not ours to touch.
      }
    }
    return { written: [...names, ...shared.map((f) => f.path)], removed };
  } finally {
    for (const t of temps) rmSync(t, { force: true });
    release();
  }
}
