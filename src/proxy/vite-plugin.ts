/**
 * The same proxy rules inside the Vite dev server: with NTHLAYER_PROMETHEUS_URL set, `npm start`
 * answers /api/v1/… on the studio's own origin exactly as `nthlayer proxy` does.
 */
import type { Plugin } from 'vite';
import { createProxyHandler, isApiPath } from './handler.ts';

export function nthlayerProxyPlugin(env: NodeJS.ProcessEnv = process.env): Plugin {
  return {
    name: 'nthlayer-prometheus-proxy',
    configureServer(server) {
      const upstream = env.NTHLAYER_PROMETHEUS_URL;
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
