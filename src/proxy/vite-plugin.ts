/**
 * The same proxy rules inside the Vite dev server: with NTHLAYER_PROMETHEUS_URL set, `npm start`
 * answers /api/v1/… on the studio's own origin exactly as `nthlayer proxy` does. The dev server
 * and the build also provide the studio's config file (see src/core/studio-config.ts).
 */
import type { Plugin } from 'vite';
import { renderStudioConfig, STUDIO_CONFIG_FILE } from '../core/index.ts';
import { createProxyHandler, isApiPath } from './handler.ts';

export function nthlayerProxyPlugin(env: NodeJS.ProcessEnv = process.env): Plugin {
  return {
    name: 'nthlayer-prometheus-proxy',
    // A built studio says "no proxy" until a server that has one answers the file itself.
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: STUDIO_CONFIG_FILE, source: renderStudioConfig({ proxy: false }) });
    },
    configureServer(server) {
      const upstream = env.NTHLAYER_PROMETHEUS_URL;
      // The studio learns from this file whether /api/v1/… is answered here.
      const config = renderStudioConfig({ proxy: Boolean(upstream) });
      server.middlewares.use((req, res, next) => {
        if ((req.url ?? '').split('?')[0] !== `/${STUDIO_CONFIG_FILE}`) return next();
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' });
        res.end(config);
      });
      if (!upstream) return;
      const handler = createProxyHandler({
        upstream,
        allowOrigins: [],
        ...(env.NTHLAYER_PROMETHEUS_TENANT ? { tenant: env.NTHLAYER_PROMETHEUS_TENANT } : {}),
        ...(env.NTHLAYER_PROMETHEUS_BEARER_TOKEN ? { auth: { bearer: env.NTHLAYER_PROMETHEUS_BEARER_TOKEN } } : {}),
        log: () => {},
      });
      server.middlewares.use((req, res, next) => {
        if (isApiPath(req.url)) void handler(req, res);
        else next();
      });
      server.config.logger.info(`  nthlayer: /api/v1 → ${upstream} (read-only allowlist)`);
    },
  };
}
