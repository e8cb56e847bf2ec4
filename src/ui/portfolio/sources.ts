/**
 * Opening many specs at once: a folder (from `<input webkitdirectory>`) or a zip. Uploads are a
 * boundary: only .yaml/.yml files, bounded in number, per-file and total size (a zip is read
 * entry by entry and an entry stops inflating once it passes the limit), text decoded strictly
 * as UTF-8. Environment override files (`environments/`) come along as files of their own (not
 * services): they become editable documents beside the specs, picked by the core's rule.
 */
import JSZip from 'jszip';
import { isEnvironmentPath, type WorkspaceFile } from '../lib/workspace.ts';

export const PORTFOLIO_LIMITS = { files: 500, fileBytes: 1_000_000, totalBytes: 20_000_000, zipBytes: 20_000_000 } as const;

export interface LoadedSpecs {
  /** Service specs. */
  files: WorkspaceFile[];
  /** Environment override files (`…/environments/<name>.yaml`). */
  environments: WorkspaceFile[];
  /** What was left out and why, for one message. */
  skipped: string[];
}

export interface UploadedFile {
  /** Path inside the folder or zip. */
  path: string;
  size: number;
  read: () => Promise<Uint8Array>;
}

const SPEC_RE = /\.ya?ml$/i;
const decoder = new TextDecoder('utf-8', { fatal: true });

function hiddenOrVendored(path: string): boolean {
  return path.split('/').some((p) => p.startsWith('.') || p === 'node_modules' || p === '__MACOSX');
}

/** True for paths that may hold a service spec. */
export function isSpecPath(path: string): boolean {
  return !hiddenOrVendored(path) && !path.split('/').includes('environments') && SPEC_RE.test(path);
}

/** True for an environment override file the core's rule can pick. */
export function isOverridePath(path: string): boolean {
  return !hiddenOrVendored(path) && isEnvironmentPath(path);
}

/** Applies the limits in order and decodes each file as text. */
export async function loadSpecs(uploads: readonly UploadedFile[]): Promise<LoadedSpecs> {
  const files: WorkspaceFile[] = [];
  const environments: WorkspaceFile[] = [];
  const skipped: string[] = [];
  let total = 0;
  const candidates = uploads.filter((u) => isSpecPath(u.path) || isOverridePath(u.path)).sort((a, b) => a.path.localeCompare(b.path));
  const ignored = uploads.length - candidates.length;
  if (ignored > 0)
    skipped.push(
      `${ignored} ${ignored === 1 ? 'file that is' : 'files that are'} neither a service spec nor an environment override (.yaml)`,
    );
  for (const u of candidates) {
    if (files.length + environments.length >= PORTFOLIO_LIMITS.files) {
      skipped.push(`everything after the first ${PORTFOLIO_LIMITS.files} files`);
      break;
    }
    if (u.size > PORTFOLIO_LIMITS.fileBytes) {
      skipped.push(`${u.path}: ${Math.round(u.size / 1000)} KB is too big for a spec`);
      continue;
    }
    if (total + u.size > PORTFOLIO_LIMITS.totalBytes) {
      skipped.push(`everything from ${u.path} on: more than ${PORTFOLIO_LIMITS.totalBytes / 1e6} MB in all`);
      break;
    }
    let bytes: Uint8Array;
    try {
      bytes = await u.read();
    } catch (e) {
      skipped.push(`${u.path}: ${e instanceof Error ? e.message : 'could not be read'}`);
      continue;
    }
    if (bytes.length > PORTFOLIO_LIMITS.fileBytes) {
      skipped.push(`${u.path}: too big for a spec`);
      continue;
    }
    total += bytes.length;
    try {
      (isSpecPath(u.path) ? files : environments).push({ path: u.path, text: decoder.decode(bytes) });
    } catch {
      skipped.push(`${u.path}: not UTF-8 text`);
    }
  }
  return { files, environments, skipped };
}

/** Files picked with `<input type=file webkitdirectory>`. */
export function folderUploads(list: FileList | readonly File[]): UploadedFile[] {
  return [...list].map((f) => ({
    path: (f.webkitRelativePath || f.name).replace(/\\/g, '/'),
    size: f.size,
    read: async () => new Uint8Array(await f.arrayBuffer()),
  }));
}

/** Reads an entry but stops once it passes `limit` bytes, so a zip bomb never inflates fully. */
type Streamable = JSZip.JSZipObject & { internalStream?: (type: 'uint8array') => JSZip.JSZipStreamHelper<Uint8Array> };

function readBounded(entry: Streamable, limit: number): Promise<Uint8Array> {
  // internalStream is JSZip's documented streaming API, missing from its type declarations.
  const open = entry.internalStream?.bind(entry);
  if (!open) return entry.async('uint8array');
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const stream = open('uint8array');
    stream
      .on('data', (chunk: Uint8Array) => {
        size += chunk.length;
        if (size > limit) {
          stream.pause();
          reject(new Error(`more than ${Math.round(limit / 1000)} KB uncompressed`));
          return;
        }
        chunks.push(chunk);
      })
      .on('error', (e: Error) => reject(e))
      .on('end', () => {
        const out = new Uint8Array(size);
        let at = 0;
        for (const c of chunks) {
          out.set(c, at);
          at += c.length;
        }
        resolve(out);
      });
    stream.resume();
  });
}

export type ZipLoad = { ok: true; uploads: UploadedFile[] } | { ok: false; error: string };

/** The entries of a zip as uploads (sizes are checked again while inflating). */
export async function zipUploads(data: Blob): Promise<ZipLoad> {
  if (data.size > PORTFOLIO_LIMITS.zipBytes)
    return { ok: false, error: `the zip is ${Math.round(data.size / 1e6)} MB; the limit is ${PORTFOLIO_LIMITS.zipBytes / 1e6} MB` };
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(await data.arrayBuffer());
  } catch {
    return { ok: false, error: 'not a zip file (or a damaged one)' };
  }
  const uploads = Object.values(zip.files)
    .filter((e) => !e.dir)
    .map((e): UploadedFile => ({
      path: e.name.replace(/\\/g, '/').replace(/^\/+/, ''),
      // Unknown until inflated; readBounded enforces the limit.
      size: 0,
      read: () => readBounded(e, PORTFOLIO_LIMITS.fileBytes),
    }));
  return { ok: true, uploads };
}
