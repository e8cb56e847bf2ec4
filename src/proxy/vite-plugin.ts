/**
 * The same proxy rules inside the Vite dev server: with NTHLAYER_PROMETHEUS_URL set, `npm start`
 * answers /api/v1/… on the studio's own origin exactly as `nthlayer proxy` does. The dev server
 * and the build also provide the studio's config file (see src/core/studio-config.ts). `vite
 * preview` gets the studio's security headers (and the same API), so a preview behaves like the proxy.
 */
import type { Connect, Plugin } from 'vite';
import { renderStudioConfig, STUDIO_CONFIG_FILE } from '../core/index.ts';
import { redactUrl } from '../prom/url.ts';
import { createProxyHandler, isApiPath, type ProxyConfig } from './handler.ts';
import { STUDIO_HEADERS } from './server.ts';
function proxyConfig(env: NodeJS.ProcessEnv, allowHosts: string[]): ProxyConfig | undefined {
  const upstream = env.NTHLAYER_PROMETHEUS_URL;
  if (!upstream) return undefined;
  const auth = env.NTHLAYER_PROMETHEUS_BEARER_TOKEN
    ? { bearer: env.NTHLAYER_PROMETHEUS_BEARER_TOKEN }
    : env.NTHLAYER_PROMETHEUS_USERNAME
      ? { username: env.NTHLAYER_PROMETHEUS_USERNAME, password: env.NTHLAYER_PROMETHEUS_PASSWORD ?? '' }
      : undefined;
  return {
    upstream,
    allowOrigins: [],
    allowHosts,
    ...(env.NTHLAYER_PROMETHEUS_TENANT ? { tenant: env.NTHLAYER_PROMETHEUS_TENANT } : {}),
    ...(auth ? { auth } : {}),
    log: () => {},
  };
}

function apiMiddleware(config: ProxyConfig): Connect.NextHandleFunction {
  const handler = createProxyHandler(config);
  return (req, res, next) => {
    if (isApiPath(req.url)) void handler(req, res);
    else next();
  };
}

const hostsOf = (allowed: true | string[] | undefined): string[] => (Array.isArray(allowed) ? allowed : []);

export function nthlayerProxyPlugin(env: NodeJS.ProcessEnv = process.env): Plugin {
  return {
    name: 'nthlayer-prometheus-proxy',
    // A built studio says "no proxy" until a server that has one answers the file itself.
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: STUDIO_CONFIG_FILE, source: renderStudioConfig({ proxy: false }) });
    },
    configureServer(server) {
      // The dev server needs inline scripts for hot reload, so only framing and sniffing are
      // locked down here; the built studio gets the full CSP.
      server.middlewares.use((_req, res, next) => {
        res.setHeader('X-Frame-Options', STUDIO_HEADERS['X-Frame-Options']);
        res.setHeader('X-Content-Type-Options', STUDIO_HEADERS['X-Content-Type-Options']);
        res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
        next();
      });
      // The studio learns from this file whether /api/v1/… is answered here.
      const studioConfig = renderStudioConfig({ proxy: Boolean(env.NTHLAYER_PROMETHEUS_URL) });
      server.middlewares.use((req, res, next) => {
        if ((req.url ?? '').split('?')[0] !== `/${STUDIO_CONFIG_FILE}`) return next();
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' });
        res.end(studioConfig);
      });
      const config = proxyConfig(env, hostsOf(server.config.server.allowedHosts));
      if (!config) return;
      server.middlewares.use(apiMiddleware(config));
      server.config.logger.info(`  nthlayer: /api/v1 → ${redactUrl(config.upstream)} (read-only allowlist)`);
    },
    configurePreviewServer(server) {
      server.middlewares.use((_req, res, next) => {
        for (const [k, v] of Object.entries(STUDIO_HEADERS)) res.setHeader(k, v);
        next();
      });
      const config = proxyConfig(env, hostsOf(server.config.preview.allowedHosts));
      if (config) server.middlewares.use(apiMiddleware(config));
    },
  };
}
