import { redactUrl, splitCredentials } from '../../prom/url.ts';
import { createStudioServer } from '../../proxy/server.ts';
import { EXIT } from '../exit-codes.ts';
import { CliError } from '../errors.ts';
import type { Io } from '../io.ts';
import { packagedStudioDir } from '../package-files.ts';
import { parsePort, serveUntilStopped } from '../serve.ts';
import { resolveSettings } from '../settings.ts';

export interface ProxyOptions {
  prometheusUrl?: string;
  port: string;
  host: string;
  allowOrigin?: string[];
  allowHost?: string[];
  tenant?: string;
  staticDir?: string;
}

/** `nthlayer proxy`: runs until interrupted; resolves with the exit code when the server closes. */
export async function proxyCommand(opts: ProxyOptions, io: Io): Promise<number> {
  const settings = resolveSettings({ prometheusUrl: opts.prometheusUrl });
  const upstream = settings.prometheusUrl.value;
  if (!upstream)
    throw new CliError('no Prometheus URL', EXIT.usage, 'pass --prometheus-url http://127.0.0.1:9090 or set NTHLAYER_PROMETHEUS_URL');
  const port = parsePort(opts.port);
  let parsed: URL | undefined;
  try {
    parsed = new URL(upstream);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new CliError(
      `invalid Prometheus URL ${JSON.stringify(redactUrl(upstream))}`,
      EXIT.usage,
      'use a full URL such as http://127.0.0.1:9090',
    );
  }
  const inUrl = splitCredentials(upstream).auth;
  const auth = settings.prometheusBearer.value
    ? { bearer: settings.prometheusBearer.value }
    : settings.prometheusUsername.value
      ? { username: settings.prometheusUsername.value, password: settings.prometheusPassword.value ?? '' }
      : undefined;
  if (inUrl && auth)
    throw new CliError(
      'credentials are given both in the Prometheus URL and as settings',
      EXIT.usage,
      'keep one: NTHLAYER_PROMETHEUS_USERNAME/_PASSWORD (or _BEARER_TOKEN), or user:pass@ in the URL',
    );
  const server = createStudioServer({
    port,
    host: opts.host,
    upstream,
    allowOrigins: opts.allowOrigin ?? [],
    // The address it listens on is a name it answers to, unless that is a wildcard.
    allowHosts: [...(opts.allowHost ?? []), ...(['0.0.0.0', '::', ''].includes(opts.host) ? [] : [opts.host])],
    ...((opts.tenant ?? settings.tenant.value) ? { tenant: opts.tenant ?? settings.tenant.value } : {}),
    ...(auth ? { auth } : {}),
    staticDir: opts.staticDir ?? packagedStudioDir(),
  });
  return serveUntilStopped(
    server,
    port,
    opts.host,
    io,
    (url) => `nthlayer proxy: studio and Prometheus API on ${url} → ${redactUrl(upstream)}`,
  );
}
