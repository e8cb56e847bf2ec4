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
  tenant?: string;
  staticDir?: string;
}

/** `nthlayer proxy`: runs until interrupted; resolves with the exit code when the server closes. */
export async function proxyCommand(opts: ProxyOptions, io: Io): Promise<number> {
  const settings = resolveSettings({ prometheusUrl: opts.prometheusUrl });
  const upstream = settings.prometheusUrl.value;
  if (!upstream) throw new CliError('no Prometheus URL', EXIT.usage, 'pass --prometheus-url http://127.0.0.1:9090 or set NTHLAYER_PROMETHEUS_URL');
  const port = parsePort(opts.port);
  const auth = settings.prometheusBearer.value
    ? { bearer: settings.prometheusBearer.value }
    : settings.prometheusUsername.value ? { username: settings.prometheusUsername.value, password: settings.prometheusPassword.value ?? '' } : undefined;
  const server = createStudioServer({
    port, host: opts.host, upstream, allowOrigins: opts.allowOrigin ?? [],
    ...(opts.tenant ?? settings.tenant.value ? { tenant: opts.tenant ?? settings.tenant.value } : {}),
    ...(auth ? { auth } : {}),
    staticDir: opts.staticDir ?? packagedStudioDir(),
  });
  return serveUntilStopped(server, port, opts.host, io, (url) => `nthlayer proxy: studio and Prometheus API on ${url} → ${upstream}`);
}
