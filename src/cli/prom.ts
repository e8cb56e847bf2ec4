/** A Prometheus client for CLI commands, from flags, environment and the config file. */
import { createPromClient, describePromError, type PromClient, type PromError } from '../prom/client.ts';
import { redactUrl, splitCredentials } from '../prom/url.ts';
import { EXIT } from './exit-codes.ts';
import { CliError } from './load.ts';
import { resolveSettings } from './settings.ts';

export interface PromFlags {
  prometheusUrl?: string;
  tenant?: string;
  timeout?: string;
}

/**
 * The client and the URL to show (userinfo masked). `user:pass@` in the URL becomes Basic auth:
 * fetch refuses such URLs, and every message would otherwise print the password.
 */
export function cliPromClient(flags: PromFlags): { client: PromClient; url: string } {
  const s = resolveSettings({ prometheusUrl: flags.prometheusUrl, tenant: flags.tenant });
  const configured = s.prometheusUrl.value;
  if (!configured)
    throw new CliError(
      'no Prometheus URL configured',
      EXIT.usage,
      'pass --prometheus-url http://127.0.0.1:9090, set NTHLAYER_PROMETHEUS_URL, or run nthlayer setup',
    );
  const shown = redactUrl(configured);
  try {
    const u = new URL(configured);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new CliError(`invalid Prometheus URL ${JSON.stringify(shown)}`, EXIT.usage, 'use a full URL such as http://127.0.0.1:9090');
  }
  const { url, auth: inUrl } = splitCredentials(configured);
  const fromSettings = s.prometheusBearer.value
    ? { bearer: s.prometheusBearer.value }
    : s.prometheusUsername.value
      ? { username: s.prometheusUsername.value, password: s.prometheusPassword.value ?? '' }
      : undefined;
  if (inUrl && fromSettings)
    throw new CliError(
      'credentials are given both in the Prometheus URL and as settings',
      EXIT.usage,
      'keep one: NTHLAYER_PROMETHEUS_USERNAME/_PASSWORD (or _BEARER_TOKEN), or user:pass@ in the URL',
    );
  const auth = fromSettings ?? inUrl;
  const timeoutMs = flags.timeout ? Number(flags.timeout) * 1000 : 10_000;
  return {
    url: shown,
    client: createPromClient({
      baseUrl: url,
      fetch: (input, init) => fetch(input, init),
      timeoutMs,
      retries: 1,
      ...(s.tenant.value ? { tenant: s.tenant.value } : {}),
      ...(auth ? { auth } : {}),
    }),
  };
}

export function promFailure(error: PromError, url: string): CliError {
  return new CliError(
    describePromError(error, url),
    EXIT.unavailable,
    error.kind === 'api' ? 'check the query or the spec' : 'check the URL, that Prometheus is up, and credentials (nthlayer config show)',
  );
}
