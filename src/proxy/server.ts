/**
 * `nthlayer proxy`: serves the built studio (dist/) and the Prometheus API allowlist on one
 * loopback origin, so the browser never needs CORS for the common case.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { renderStudioConfig, STUDIO_CONFIG_FILE } from '../core/index.ts';
import { createProxyHandler, hostAllowed, isApiPath, type ProxyConfig } from './handler.ts';

/**
 * Headers on every page of the studio: no framing (clickjacking), no sniffing, and a CSP that
 * loads scripts, styles, fonts and workers from this origin only. Requests may go to any http(s)
 * origin because the studio can talk directly to a Prometheus that allows CORS (the user's
 * choice in the connection dialog). `vite preview` sends the same (vite-plugin.ts).
 */
export const STUDIO_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self' http: https:; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'none'",
} as const;

/** Slow-loris limits: headers within 10 s, a whole request within 30 s. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
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
  const server = createServer((req, res) => {
    try {
      serve(req, res);
    } catch {
      // Nothing a request carries may stop the server; a failure is that request's 500.
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end();
    }
  });
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  return server;

  function serve(req: IncomingMessage, res: ServerResponse): void {
    if (isApiPath(req.url)) {
      if (api) {
        void api(req, res);
        return;
      }
      const body = JSON.stringify({
        status: 'error',
        errorType: 'unavailable',
        error: 'no Prometheus configured: start with --prometheus-url or NTHLAYER_PROMETHEUS_URL',
      });
      res.writeHead(503, { 'Content-Type': 'application/json', 'X-Content-Type-Options': 'nosniff' });
      res.end(body);
      return;
    }
    if (!hostAllowed(req.headers.host, opts.allowHosts)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', ...STUDIO_HEADERS });
      res.end('This host name is not allowed: open the studio on 127.0.0.1 or localhost, or start the proxy with --allow-host <name>.\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    } catch {
      // `GET /%` and friends: malformed percent-encoding is the client's error, not ours.
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', ...STUDIO_HEADERS });
      res.end('Bad request: malformed percent-encoding in the path.\n');
      return;
    }
    if (path.includes('\0')) {
      res.writeHead(400, STUDIO_HEADERS);
      res.end();
      return;
    }
    // The studio asks this once at start to learn whether /api/v1/… is answered here.
    if (path === `/${STUDIO_CONFIG_FILE}`) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache', ...STUDIO_HEADERS });
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
      ...STUDIO_HEADERS,
    });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(target));
  }
}
