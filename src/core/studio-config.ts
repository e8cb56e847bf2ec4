/**
 * The studio's runtime configuration: a small JSON file beside index.html that whoever serves the
 * studio provides. `nthlayer proxy` answers `{"proxy":true}`, `nthlayer studio` and a static export
 * `{"proxy":false}`, and the Vite dev server says whether NTHLAYER_PROMETHEUS_URL is set. The
 * studio reads it once at start instead of probing the Prometheus API, so a static host never
 * sees (or logs) a request that is bound to fail.
 */
export const STUDIO_CONFIG_FILE = 'studio-config.json';

export interface StudioConfig {
  /** Whether the server that serves the studio also answers the Prometheus API (/api/v1/…). */
  proxy: boolean;
}

export function renderStudioConfig(config: StudioConfig): string {
  return `${JSON.stringify({ proxy: config.proxy })}\n`;
}

/** The config from the file's text; undefined when the text is not a studio config. */
export function parseStudioConfig(text: string): StudioConfig | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const proxy = (value as Record<string, unknown>).proxy;
  return typeof proxy === 'boolean' ? { proxy } : undefined;
}
