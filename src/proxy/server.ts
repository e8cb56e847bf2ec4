/**
 * `nthlayer proxy`: serves the built studio (dist/) and the Prometheus API allowlist on one
 * loopback origin, so the browser never needs CORS for the common case.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { renderStudioConfig, STUDIO_CONFIG_FILE } from '../core/index.ts';
import { createProxyHandler, isApiPath, type ProxyConfig } from './handler.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
  '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.map': 'application/json', '.txt': 'text/plain; charset=utf-8', '.yaml': 'text/yaml; charset=utf-8',
};

export interface ServerOptions extends Partial<ProxyConfig> {
  port: number;
  host?: string;
  /** Directory of the built studio; default dist/studio/ (the CLI passes the packaged studio's). */
  staticDir?: string;
}

export function createStudioServer(opts: ServerOptions): Server {
  const staticDir = resolve(opts.staticDir ?? 'dist/studio');
  const api = opts.upstream ? createProxyHandler({ ...opts, upstream: opts.upstream, allowOrigins: opts.allowOrigins ?? [] }) : undefined;
  return createServer((req, res) => {
    if (isApiPath(req.url)) {
      if (api) {
        void api(req, res);
        return;
      }
      const body = JSON.stringify({ status: 'error', errorType: 'unavailable', error: 'no Prometheus configured: start with --prometheus-url or NTHLAYER_PROMETHEUS_URL' });
      res.writeHead(503, { 'Content-Type': 'application/json' });
      res.end(body);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    // The studio asks this once at start to learn whether /api/v1/… is answered here.
    if (path === `/${STUDIO_CONFIG_FILE}`) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : renderStudioConfig({ proxy: api !== undefined }));
      return;
    }
    const file = normalize(join(staticDir, path));
    if (!file.startsWith(staticDir + sep) && file !== staticDir) {
      res.writeHead(400);
      res.end();
      return;
    }
    const target = existsSync(file) && statSync(file).isFile() ? file : join(staticDir, 'index.html');
    if (!existsSync(target)) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The studio is not built yet: run `npm run build`, or use `npm start` for the dev server.\n');
      return;
    }
    const type = TYPES[extname(target)] ?? 'application/octet-stream';
    const immutable = target.includes(`${sep}assets${sep}`);
    res.writeHead(200, {
      'Content-Type': type,
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; font-src 'self' data:",
    });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(target));
  });
}
