/**
 * The zip of `generated/<service>/`: the bundle's files, byte for byte what `nthlayer apply`
 * writes, under the same relative paths. Dates are fixed so the same spec gives the same zip.
 */
import type { GeneratedFile } from '../../core/index.ts';

const ZIP_ROOT = 'generated';
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));

export async function buildZip(files: readonly GeneratedFile[]): Promise<Uint8Array> {
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  for (const f of files) zip.file(`${ZIP_ROOT}/${f.path}`, f.content, { date: FIXED_DATE, createFolders: false, binary: false });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'UNIX' });
}

export function zipName(service: string, environment: string): string {
  return `${service}${environment ? `-${environment}` : ''}-nthlayer.zip`;
}
