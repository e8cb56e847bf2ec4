/**
 * The service block's identifying fields, read from the parsed document (never by a regular
 * expression over the text: the old pre-scan backtracked exponentially on a 126-byte file).
 * Linear in the size of the text, with the same size and alias limits as the full parse. The CLI
 * and the studio both use it to find `environments/<service>-<env>.yaml` before compiling.
 */
import { parseYaml } from './source.ts';
import { SERVICE_NAME_RE } from './schema.ts';

export interface ServiceFields {
  /** Only a valid service name (it becomes part of a file path); '' otherwise. */
  name: string;
  type: string;
  tier: string;
}

export function serviceFieldsOf(text: string): ServiceFields {
  const { value } = parseYaml(text, 'service.yaml');
  const service = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>).service : undefined;
  const block = service && typeof service === 'object' && !Array.isArray(service) ? (service as Record<string, unknown>) : {};
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const name = str(block.name);
  return { name: SERVICE_NAME_RE.test(name) ? name : '', type: str(block.type), tier: str(block.tier) };
}

/** `service.name` as written, or '' when the file has none (or not a valid one). */
export function detectServiceName(text: string): string {
  return serviceFieldsOf(text).name;
}
