/**
 * Settings resolve as flag > environment variable > config file > default, and every value
 * remembers where it came from (for `nthlayer config show`). Secrets are masked when shown.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { EXIT } from './exit-codes.ts';
import { CliError } from './load.ts';

export interface Setting {
  value: string | undefined;
  source: string;
  secret: boolean;
}

/** How to reach a Prometheus-compatible endpoint (Prometheus, a ruler, Loki): the same keys for each. */
const Connection = z
  .strictObject({
    url: z.string().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    bearer_token: z.string().optional(),
    tenant: z.string().optional(),
  })
  .optional();

const ConfigFile = z.strictObject({
  prometheus: Connection,
  grafana: z.strictObject({ url: z.string().optional(), api_key: z.string().optional() }).optional(),
  ruler: Connection,
  loki: Connection,
  pagerduty: z.strictObject({ api_key: z.string().optional() }).optional(),
});
export type ConfigFileData = z.infer<typeof ConfigFile>;

interface Definition {
  env: string;
  file: (c: ConfigFileData) => string | undefined;
  secret?: boolean;
  fallback?: string;
}

export const SETTINGS = {
  prometheusUrl: { env: 'NTHLAYER_PROMETHEUS_URL', file: (c) => c.prometheus?.url },
  prometheusUsername: { env: 'NTHLAYER_PROMETHEUS_USERNAME', file: (c) => c.prometheus?.username },
  prometheusPassword: { env: 'NTHLAYER_PROMETHEUS_PASSWORD', file: (c) => c.prometheus?.password, secret: true },
  prometheusBearer: { env: 'NTHLAYER_PROMETHEUS_BEARER_TOKEN', file: (c) => c.prometheus?.bearer_token, secret: true },
  tenant: { env: 'NTHLAYER_PROMETHEUS_TENANT', file: (c) => c.prometheus?.tenant },
  grafanaUrl: { env: 'NTHLAYER_GRAFANA_URL', file: (c) => c.grafana?.url },
  grafanaApiKey: { env: 'NTHLAYER_GRAFANA_API_KEY', file: (c) => c.grafana?.api_key, secret: true },
  pagerdutyApiKey: { env: 'PAGERDUTY_API_KEY', file: (c) => c.pagerduty?.api_key, secret: true },
  // apply --push-rules: the Mimir/Cortex ruler and Loki's ruler.
  rulerUrl: { env: 'NTHLAYER_RULER_URL', file: (c) => c.ruler?.url },
  rulerUsername: { env: 'NTHLAYER_RULER_USERNAME', file: (c) => c.ruler?.username },
  rulerPassword: { env: 'NTHLAYER_RULER_PASSWORD', file: (c) => c.ruler?.password, secret: true },
  rulerBearer: { env: 'NTHLAYER_RULER_BEARER_TOKEN', file: (c) => c.ruler?.bearer_token, secret: true },
  rulerTenant: { env: 'NTHLAYER_RULER_TENANT', file: (c) => c.ruler?.tenant },
  lokiUrl: { env: 'NTHLAYER_LOKI_URL', file: (c) => c.loki?.url },
  lokiUsername: { env: 'NTHLAYER_LOKI_USERNAME', file: (c) => c.loki?.username },
  lokiPassword: { env: 'NTHLAYER_LOKI_PASSWORD', file: (c) => c.loki?.password, secret: true },
  lokiBearer: { env: 'NTHLAYER_LOKI_BEARER_TOKEN', file: (c) => c.loki?.bearer_token, secret: true },
  lokiTenant: { env: 'NTHLAYER_LOKI_TENANT', file: (c) => c.loki?.tenant },
} satisfies Record<string, Definition>;

export type SettingName = keyof typeof SETTINGS;
export type Settings = Record<SettingName, Setting> & { configFile: string };

export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NTHLAYER_CONFIG) return env.NTHLAYER_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'nthlayer', 'config.yaml');
}

export function readConfigFile(path: string): ConfigFileData {
  if (!existsSync(path)) return {};
  let data: unknown;
  try {
    data = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(
      `config file ${path} is not valid YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      EXIT.dataError,
      'fix it or run nthlayer setup again',
    );
  }
  const r = ConfigFile.safeParse(data ?? {});
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new CliError(
      `config file ${path}: ${i.path.join('.') || 'top level'}: ${i.message}`,
      EXIT.dataError,
      'known sections: prometheus (url, username, password, bearer_token, tenant), grafana (url, api_key), pagerduty (api_key), ruler and loki (url, username, password, bearer_token, tenant)',
    );
  }
  return r.data;
}

export function resolveSettings(
  flags: Partial<Record<SettingName, string | undefined>> = {},
  env: NodeJS.ProcessEnv = process.env,
): Settings {
  const configFile = configFilePath(env);
  const file = readConfigFile(configFile);
  const out = { configFile } as Settings;
  for (const [name, def] of Object.entries(SETTINGS) as [SettingName, Definition][]) {
    const flag = flags[name];
    const fromEnv = env[def.env];
    const fromFile = def.file(file);
    const secret = def.secret === true;
    if (flag !== undefined && flag !== '') out[name] = { value: flag, source: 'flag', secret };
    else if (fromEnv !== undefined && fromEnv !== '') out[name] = { value: fromEnv, source: `env ${def.env}`, secret };
    else if (fromFile !== undefined && fromFile !== '') out[name] = { value: fromFile, source: `config ${configFile}`, secret };
    else out[name] = { value: def.fallback, source: def.fallback !== undefined ? 'default' : 'unset', secret };
  }
  return out;
}

export function maskSecret(value: string | undefined): string {
  if (value === undefined) return '';
  return value.length <= 4 ? '****' : `${'*'.repeat(Math.min(8, value.length - 4))}${value.slice(-4)}`;
}
