/**
 * The CORS proxy's request handler: forwards a read-only allowlist of Prometheus HTTP API calls
 * to ONE configured upstream and refuses everything else. It is never an open proxy:
 *   - the upstream is fixed at start; nothing in a request can change host, scheme or port;
 *   - only GET/POST of /api/v1/{query,query_range,series,labels,label/<name>/values,metadata,
 *     status/buildinfo}; absolute-form targets, `//host`, dot segments and encoded slashes are refused;
 *   - request bodies, response bodies and time are capped;
 *   - hop-by-hop, cookie and auth headers from the browser are dropped; configured credentials
 *     are added server-side and never reach the browser;
 *   - one JSON log line per request.
 * Used by `nthlayer proxy` and, with the same rules, by the Vite dev server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ProxyConfig {
  /** The one upstream, e.g. http://127.0.0.1:9090 or https://mimir.example/prometheus. */
  upstream: string;
  /** Origins allowed to call the API cross-origin (the proxy's own origin is always allowed). */
  allowOrigins: string[];
  auth?: { bearer: string } | { username: string; password: string };
  /** Tenant for Mimir/Cortex; when unset, the browser's X-Scope-OrgID is passed through. */
  tenant?: string;
  maxRequestBytes?: number;
  maxResponseBytes?: number;
  timeoutMs?: number;
  log?: (entry: Record<string, unknown>) => void;
  fetch?: typeof fetch;
}

export const PROXY_DEFAULTS = { maxRequestBytes: 64 * 1024, maxResponseBytes: 32 * 1024 * 1024, timeoutMs: 30_000 } as const;

const ALLOWED_PATH = /^\/api\/v1\/(query|query_range|series|labels|metadata|status\/buildinfo|label\/[A-Za-z_][A-Za-z0-9_]*\/values)$/;
/** Request headers we pass on (lower case). Everything else — cookies, auth, hop-by-hop — stays behind. */
const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'user-agent'];
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'cache-control', 'date'];

export type ProxyRefusal = { status: number; errorType: string; message: string };

/** Decides whether a request may be forwarded; returns the path+query to forward or why not. */
export function checkRequest(method: string | undefined, rawUrl: string | undefined): { ok: true; target: string } | { ok: false; refusal: ProxyRefusal } {
  const refuse = (status: number, errorType: string, message: string) => ({ ok: false as const, refusal: { status, errorType, message } });
  if (!rawUrl || !rawUrl.startsWith('/') || rawUrl.startsWith('//')) {
    return refuse(400, 'bad_request', 'only origin-form paths are accepted; the proxy never follows a client-supplied host');
  }
  const rawPath = rawUrl.split('?')[0]!;
  if (/%2f|%5c|%2e|\\|\/\.\.?(\/|$)/i.test(rawPath)) return refuse(400, 'bad_request', 'encoded slashes and dot segments are not accepted');
  if (!ALLOWED_PATH.test(rawPath)) return refuse(404, 'not_allowed', `${rawPath} is not one of the Prometheus API calls this proxy forwards`);
  if (method !== 'GET' && method !== 'POST') return refuse(405, 'method_not_allowed', `${method ?? 'unknown'} is not allowed; only GET and POST`);
  return { ok: true, target: rawUrl };
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...extra });
  res.end(text);
}

function errorBody(errorType: string, message: string): unknown {
  return { status: 'error', errorType, error: message };
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return 'too_large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function corsHeaders(origin: string | undefined, allowed: boolean): Record<string, string> {
  if (!origin || !allowed) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': 'GET, POST',
    'Access-Control-Allow-Headers': 'Content-Type, X-Scope-OrgID',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}

/**
 * Handles an /api/v1 request. Returns false when the path is not an API path at all (so a
 * caller serving static files can take it); every API-looking request is answered here.
 */
export function createProxyHandler(config: ProxyConfig): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const upstream = new URL(config.upstream);
  if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:') throw new Error(`upstream must be http or https: ${config.upstream}`);
  const upstreamBase = upstream.href.replace(/\/+$/, '');
  const limits = { ...PROXY_DEFAULTS, ...Object.fromEntries(Object.entries({ maxRequestBytes: config.maxRequestBytes, maxResponseBytes: config.maxResponseBytes, timeoutMs: config.timeoutMs }).filter(([, v]) => v !== undefined)) } as typeof PROXY_DEFAULTS;
  const doFetch = config.fetch ?? fetch;
  const log = config.log ?? ((e) => process.stdout.write(`${JSON.stringify(e)}\n`));
  const authHeader = config.auth
    ? 'bearer' in config.auth ? `Bearer ${config.auth.bearer}` : `Basic ${Buffer.from(`${config.auth.username}:${config.auth.password}`).toString('base64')}`
    : undefined;

  return async (req, res) => {
    const started = performance.now();
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    const host = req.headers.host;
    const sameOrigin = origin !== undefined && host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
    const originAllowed = origin === undefined || sameOrigin || config.allowOrigins.includes(origin);
    const entry: Record<string, unknown> = { ts: new Date().toISOString(), method: req.method, path: (req.url ?? '').split('?')[0], origin: origin ?? null };
    const finish = (status: number, extra: Record<string, unknown> = {}) => log({ ...entry, status, ms: Math.round(performance.now() - started), ...extra });
    const cors = corsHeaders(origin, originAllowed && origin !== undefined);

    if (req.method === 'OPTIONS') {
      const check = checkRequest('GET', req.url);
      const status = originAllowed && check.ok ? 204 : 403;
      res.writeHead(status, cors);
      res.end();
      finish(status, status === 403 ? { refused: 'preflight' } : {});
      return;
    }
    if (!originAllowed) {
      sendJson(res, 403, errorBody('forbidden_origin', `origin ${origin} is not allowed; start the proxy with --allow-origin ${origin}`));
      finish(403, { refused: 'origin' });
      return;
    }
    const check = checkRequest(req.method, req.url);
    if (!check.ok) {
      sendJson(res, check.refusal.status, errorBody(check.refusal.errorType, check.refusal.message), cors);
      finish(check.refusal.status, { refused: check.refusal.errorType });
      return;
    }

    let body: Buffer | undefined;
    if (req.method === 'POST') {
      const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/x-www-form-urlencoded') {
        sendJson(res, 415, errorBody('bad_request', 'POST bodies must be application/x-www-form-urlencoded'), cors);
        finish(415, { refused: 'content_type' });
        return;
      }
      const declared = Number(req.headers['content-length'] ?? 0);
      const read = declared > limits.maxRequestBytes ? 'too_large' : await readBody(req, limits.maxRequestBytes);
      if (read === 'too_large') {
        sendJson(res, 413, errorBody('too_large', `request body over ${limits.maxRequestBytes} bytes`), { ...cors, Connection: 'close' });
        req.resume();
        finish(413, { refused: 'request_too_large' });
        return;
      }
      body = read;
    }

    const headers: Record<string, string> = {};
    for (const h of FORWARDED_REQUEST_HEADERS) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    if (config.tenant) headers['x-scope-orgid'] = config.tenant;
    else if (typeof req.headers['x-scope-orgid'] === 'string') headers['x-scope-orgid'] = req.headers['x-scope-orgid'];
    if (authHeader) headers.authorization = authHeader;

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
    try {
      const upstreamRes = await doFetch(`${upstreamBase}${check.target}`, {
        method: req.method,
        headers,
        ...(body ? { body: body.toString('utf8') } : {}),
        signal: controller.signal,
        redirect: 'manual',
      });
      const reader = upstreamRes.body?.getReader();
      const chunks: Uint8Array[] = [];
      let size = 0;
      if (reader) {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          size += value.length;
          if (size > limits.maxResponseBytes) {
            await reader.cancel();
            sendJson(res, 502, errorBody('too_large', `upstream response over ${limits.maxResponseBytes} bytes; narrow the query`), cors);
            finish(502, { refused: 'response_too_large', upstreamStatus: upstreamRes.status });
            return;
          }
          chunks.push(value);
        }
      }
      const out: Record<string, string> = { ...cors };
      for (const h of FORWARDED_RESPONSE_HEADERS) {
        const v = upstreamRes.headers.get(h);
        if (v) out[h] = v;
      }
      // Redirects are never followed or passed on: they could point anywhere.
      const status = upstreamRes.status >= 300 && upstreamRes.status < 400 ? 502 : upstreamRes.status;
      const payload = Buffer.concat(chunks);
      res.writeHead(status, { ...out, 'Content-Length': String(payload.length) });
      res.end(payload);
      finish(status, { upstreamStatus: upstreamRes.status, bytes: payload.length });
    } catch (e) {
      const timedOut = controller.signal.aborted;
      const status = timedOut ? 504 : 502;
      const message = timedOut ? `upstream did not answer within ${limits.timeoutMs} ms` : `upstream unreachable: ${(e as { cause?: { code?: string } }).cause?.code ?? (e instanceof Error ? e.message : String(e))}`;
      if (!res.headersSent) sendJson(res, status, errorBody(timedOut ? 'timeout' : 'unavailable', message), cors);
      else res.destroy();
      finish(status, { error: message });
    } finally {
      clearTimeout(timer);
    }
  };
}

/** True for paths the proxy answers (everything under /api/); the rest is the studio's. */
export function isApiPath(url: string | undefined): boolean {
  return typeof url === 'string' && (url.startsWith('/api/') || url === '/api' || !url.startsWith('/') || url.startsWith('//'));
}
