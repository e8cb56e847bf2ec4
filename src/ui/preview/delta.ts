/**
 * What crosses the compile worker's boundary per edit: only what changed since the result posted
 * before it. Most keystrokes change one generated file (a comment edit changes only the spec's
 * hash in manifest.json), so posting every file, the model and the dashboard plan again cost more
 * than the compile itself: structured-clone on both sides, and React re-rendering views whose
 * inputs were equal but new objects. The page rebuilds the full {@link PreviewResult}, reusing
 * its previous objects for everything unchanged, so memoised views skip them.
 *
 * Both ends keep the last full result; the channel is ordered and the page applies every message,
 * so they stay in step. A delta names the result it is relative to and the page refuses one that
 * does not match (that would be a bug, never a silently wrong preview).
 */
import type { GeneratedFile } from '../../core/index.ts';
import type { PreviewResult } from './summary.ts';

/** The parts of a result worth leaving out when unchanged (the rest are a few numbers and strings). */
const KEPT_FIELDS = ['diagnostics', 'slos', 'plan', 'dashboardPlan', 'model', 'environments', 'overrides'] as const;
type KeptField = (typeof KEPT_FIELDS)[number];

/** A generated file the page already has: same path, same content. */
export interface KeptFile {
  path: string;
  kept: true;
}

export type DeltaFile = GeneratedFile | KeptFile;

export interface PreviewDelta extends Omit<PreviewResult, KeptField | 'files'> {
  /** The `seq` of the result this one is relative to; undefined for a full result. */
  base?: number;
  /** Fields equal to the base's, left out of this message. */
  same: KeptField[];
  diagnostics?: PreviewResult['diagnostics'];
  slos?: PreviewResult['slos'];
  plan?: PreviewResult['plan'];
  dashboardPlan?: PreviewResult['dashboardPlan'];
  model?: PreviewResult['model'];
  environments?: PreviewResult['environments'];
  overrides?: PreviewResult['overrides'];
  /** In order; a file whose path and content are unchanged is sent as a {@link KeptFile}. */
  files?: DeltaFile[];
}

/** Deep equality of plain data (what structured clone carries between the worker and the page). */
export function samePlainData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    if (a.length !== bs.length) return false;
    for (let i = 0; i < a.length; i++) if (!samePlainData(a[i], bs[i])) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra);
  if (keys.length !== Object.keys(rb).length) return false;
  for (const k of keys) {
    if (!Object.hasOwn(rb, k) || !samePlainData(ra[k], rb[k])) return false;
  }
  return true;
}

function isKept(f: DeltaFile): f is KeptFile {
  return 'kept' in f;
}

/** The message for `next`, given the result posted before it (undefined: send it all). */
export function diffPreview(prev: PreviewResult | undefined, next: PreviewResult): PreviewDelta {
  const { files, diagnostics, slos, plan, dashboardPlan, model, environments, overrides, ...rest } = next;
  const full: Pick<PreviewResult, KeptField> = { diagnostics, slos, plan, dashboardPlan, model, environments, overrides };
  const delta: PreviewDelta = { ...rest, same: [] };
  if (prev) delta.base = prev.seq;
  for (const k of KEPT_FIELDS) {
    if (prev && Object.hasOwn(prev, k) === Object.hasOwn(next, k) && samePlainData(prev[k], next[k])) delta.same.push(k);
    else if (Object.hasOwn(next, k)) Object.assign(delta, { [k]: full[k] });
  }
  if (files) {
    const before = new Map((prev?.files ?? []).map((f) => [f.path, f]));
    delta.files = files.map((f) => {
      const old = before.get(f.path);
      // The content itself is compared, not the fingerprint: a preview must never show a stale file.
      return old && old.content === f.content && old.hash === f.hash && old.bytes === f.bytes ? { path: f.path, kept: true } : f;
    });
  }
  return delta;
}

/** The full result a delta stands for, reusing `prev`'s objects for every unchanged part. */
export function applyPreview(prev: PreviewResult | undefined, delta: PreviewDelta): PreviewResult {
  const { base, same, files, ...rest } = delta;
  if (base !== undefined && base !== prev?.seq) {
    throw new Error(`the preview update is relative to result ${base}, but the studio has ${prev?.seq ?? 'none'}`);
  }
  const out: PreviewResult = { ...rest } as PreviewResult;
  for (const k of same) {
    if (prev && Object.hasOwn(prev, k)) Object.assign(out, { [k]: prev[k] });
  }
  if (files) {
    const before = new Map((prev?.files ?? []).map((f) => [f.path, f]));
    out.files = files.map((f) => {
      if (!isKept(f)) return f;
      const old = before.get(f.path);
      if (!old) throw new Error(`the preview update keeps ${f.path}, which the studio does not have`);
      return old;
    });
  }
  return out;
}
