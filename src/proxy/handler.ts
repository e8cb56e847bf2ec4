/**
 * The CORS proxy's request handler: forwards a read-only allowlist of Prometheus HTTP API calls
 * to ONE configured upstream and refuses everything else. It is never an open proxy:
 *   - the upstream is fixed at start; nothing in a request can change host, scheme or port;
 *   - only GET/POST of /api/v1/{query,query_range,series,labels,label/<name>/values,metadata,
 *     status/buildinfo}; absolute-form targets, `//host`, dot segments and encoded slashes are refused;
 *   - request bodies, response bodies and time are capped;
 *   - hop-by-hop, cookie and auth headers from the browser are dropped; configured credentials
 *     are added server-side and never reach the browser;
 *   - only loopback or configured Host headers are served (DNS rebinding cannot borrow it);
 *   - answers are always JSON with `nosniff` and a sandboxing CSP;
 *   - no request can crash it: malformed ones get a 4xx, aborted bodies drop their socket;
 *   - one JSON log line per request; credentials never appear in a log line or an answer.
 * Used by `nthlayer proxy` and, with the same rules, by the Vite dev server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../prom/client.ts';
import { redactText, redactUrl, splitCredentials } from '../prom/url.ts';

export interface ProxyConfig {
  /** The one upstream, e.g. http://127.0.0.1:9090 or https://mimir.example/prometheus. */
  upstream: string;
  /** Origins allowed to call the API cross-origin (the proxy's own origin is always allowed). */
  allowOrigins: string[];
  /** Host names (besides loopback ones) the proxy answers to, like Vite's `allowedHosts`. */
  allowHosts?: string[];
  auth?: { bearer: string } | { username: string; password: string };
  /** Tenant for Mimir/Cortex; when unset, the browser's X-Scope-OrgID is passed through. */
  tenant?: string;
  maxRequestBytes?: number;
  maxResponseBytes?: number;
  timeoutMs?: number;
  /** Time allowed to receive a request body (default 10 s): trickling clients are cut off. */
  bodyTimeoutMs?: number;
  log?: (entry: Record<string, unknown>) => void;
  fetch?: typeof fetch;
}

const PROXY_DEFAULTS = {
  maxRequestBytes: 64 * 1024,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  timeoutMs: 30_000,
  bodyTimeoutMs: 10_000,
} as const;

/** Headers on every API answer: the body is data, never a page a browser could render or sniff. */
const API_RESPONSE_HEADERS = {
  'Content-Type': 'application/json',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
  'Cache-Control': 'no-store',
} as const;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The host name of a Host header without its port (`[::1]:8787` → `[::1]`), lower case. */
function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

/**
 * Whether a Host header names this proxy: a loopback name, or one the user allowed. Anything
 * else is a page on another name that resolves here (DNS rebinding) and gets nothing.
 */
export function hostAllowed(host: string | undefined, allowHosts: readonly string[] = []): boolean {
  if (!host) return false;
  const name = hostName(host);
  if (LOOPBACK_HOSTS.has(name) || name.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return true;
  return allowHosts.some((a) => (a === '*' ? false : hostName(a) === name || (a.startsWith('.') && name.endsWith(a.toLowerCase()))));
}

const ALLOWED_PATH = /^\/api\/v1\/(query|query_range|series|labels|metadata|status\/buildinfo|label\/[A-Za-z_][A-Za-z0-9_]*\/values)$/;
/** Request headers we pass on (lower case). Everything else — cookies, auth, hop-by-hop — stays behind. */
const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'user-agent'];
// Content-Type is not among them: API answers are always sent as JSON (API_RESPONSE_HEADERS).
const FORWARDED_RESPONSE_HEADERS = ['date'];

export type ProxyRefusal = { status: number; errorType: string; message: string };

/** Decides whether a request may be forwarded; returns the path+query to forward or why not. */
function checkRequest(
  method: string | undefined,
  rawUrl: string | undefined,
): { ok: true; target: string } | { ok: false; refusal: ProxyRefusal } {
  const refuse = (status: number, errorType: string, message: string) => ({ ok: false as const, refusal: { status, errorType, message } });
  if (!rawUrl || !rawUrl.startsWith('/') || rawUrl.startsWith('//')) {
    return refuse(400, 'bad_request', 'only origin-form paths are accepted; the proxy never follows a client-supplied host');
  }
  const rawPath = rawUrl.split('?')[0]!;
  if (/%2f|%5c|%2e|\\|\/\.\.?(\/|$)/i.test(rawPath)) return refuse(400, 'bad_request', 'encoded slashes and dot segments are not accepted');
  if (!ALLOWED_PATH.test(rawPath))
    return refuse(404, 'not_allowed', `${rawPath} is not one of the Prometheus API calls this proxy forwards`);
  if (method !== 'GET' && method !== 'POST')
    return refuse(405, 'method_not_allowed', `${method ?? 'unknown'} is not allowed; only GET and POST`);
  return { ok: true, target: rawUrl };
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { ...API_RESPONSE_HEADERS, 'Content-Length': Buffer.byteLength(text), ...extra });
  res.end(text);
}

function errorBody(errorType: string, message: string): unknown {
  return { status: 'error', errorType, error: message };
}

/**
 * Reads a request body up to `limit` bytes within `timeoutMs`. A client that stops sending,
 * trickles, or closes the connection midway gets 'aborted' or 'timeout', never an exception.
 */
function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer | 'too_large' | 'aborted' | 'timeout'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const done = (v: Buffer | 'too_large' | 'aborted' | 'timeout'): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onAbort).off('aborted', onAbort).off('close', onClose);
      resolve(v);
    };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) done('too_large');
      else chunks.push(chunk);
    };
    const onEnd = (): void => done(Buffer.concat(chunks));
    const onAbort = (): void => done('aborted');
    const onClose = (): void => {
      if (!req.complete) done('aborted');
    };
    req.on('data', onData).on('end', onEnd).on('error', onAbort).on('aborted', onAbort).on('close', onClose);
  });
}

function corsHeaders(origin: string | undefined, allowed: boolean): Record<string, string> {
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
  // Userinfo in the upstream URL becomes Basic auth; the URL we fetch and show carries none.
  const split = splitCredentials(config.upstream);
  const upstream = new URL(split.url);
  if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:')
    throw new Error(`upstream must be http or https: ${redactUrl(config.upstream)}`);
  if (split.auth && config.auth) throw new Error('credentials are given both in the Prometheus URL and as settings; keep one');
  const auth = config.auth ?? split.auth;
  const upstreamBase = upstream.href.replace(/\/+$/, '');
  const limits = {
    ...PROXY_DEFAULTS,
    ...Object.fromEntries(
      Object.entries({
        maxRequestBytes: config.maxRequestBytes,
        maxResponseBytes: config.maxResponseBytes,
        timeoutMs: config.timeoutMs,
        bodyTimeoutMs: config.bodyTimeoutMs,
      }).filter(([, v]) => v !== undefined),
    ),
  } as typeof PROXY_DEFAULTS;
  const doFetch = config.fetch ?? fetch;
  const secrets = auth ? ('bearer' in auth ? [auth.bearer] : [auth.password]) : [];
  const rawLog = config.log ?? ((e) => process.stdout.write(`${JSON.stringify(e)}\n`));
  const log = (e: Record<string, unknown>): void => rawLog(JSON.parse(redactText(JSON.stringify(e), secrets)) as Record<string, unknown>);
  const authHeader = auth
    ? 'bearer' in auth
      ? `Bearer ${auth.bearer}`
      : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`
    : undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse, started: number, entry: Record<string, unknown>): Promise<void> => {
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    const host = req.headers.host;
    const finish = (status: number, extra: Record<string, unknown> = {}) =>
      log({ ...entry, status, ms: Math.round(performance.now() - started), ...extra });
    // DNS rebinding: a page on evil.example that resolves to 127.0.0.1 sends Host: evil.example
    // and is "same origin" with itself. Only names that are really this proxy are served.
    if (!hostAllowed(host, config.allowHosts)) {
      sendJson(
        res,
        403,
        errorBody(
          'forbidden_host',
          `host ${JSON.stringify(host ?? '')} is not allowed; open the studio on 127.0.0.1 or localhost, or start the proxy with --allow-host <name>`,
        ),
      );
      finish(403, { refused: 'host' });
      return;
    }
    const sameOrigin = origin !== undefined && host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
    const originAllowed = origin === undefined || sameOrigin || config.allowOrigins.includes(origin);
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
      const type = String(req.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      if (type !== 'application/x-www-form-urlencoded') {
        sendJson(res, 415, errorBody('bad_request', 'POST bodies must be application/x-www-form-urlencoded'), cors);
        finish(415, { refused: 'content_type' });
        return;
      }
      const declared = Number(req.headers['content-length'] ?? 0);
      const read = declared > limits.maxRequestBytes ? 'too_large' : await readBody(req, limits.maxRequestBytes, limits.bodyTimeoutMs);
      if (read === 'too_large') {
        sendJson(res, 413, errorBody('too_large', `request body over ${limits.maxRequestBytes} bytes`), { ...cors, Connection: 'close' });
        req.resume();
        finish(413, { refused: 'request_too_large' });
        return;
      }
      if (read === 'timeout') {
        sendJson(res, 408, errorBody('timeout', `request body not received within ${limits.bodyTimeoutMs} ms`), {
          ...cors,
          Connection: 'close',
        });
        res.once('finish', () => req.destroy());
        finish(408, { refused: 'body_timeout' });
        return;
      }
      if (read === 'aborted') {
        // The client went away: there is nobody to answer, so the socket is simply dropped.
        req.destroy();
        res.destroy();
        finish(499, { refused: 'body_aborted' });
        return;
      }
      body = read;
    }

    const headers: Record<string, string> = {};
    for (const h of FORWARDED_REQUEST_HEADERS) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    // The browser may choose a tenant only when the proxy adds no credentials of its own: with
    // server-side credentials, a page must not pick which tenant they open.
    if (config.tenant) headers['x-scope-orgid'] = config.tenant;
    else if (!authHeader && typeof req.headers['x-scope-orgid'] === 'string') headers['x-scope-orgid'] = req.headers['x-scope-orgid'];
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
      // Whatever the upstream says its content is, the browser gets JSON it will not sniff.
      Object.assign(out, API_RESPONSE_HEADERS);
      // Redirects are never followed or passed on: they could point anywhere.
      const status = upstreamRes.status >= 300 && upstreamRes.status < 400 ? 502 : upstreamRes.status;
      const payload = Buffer.concat(chunks);
      if (res.destroyed) return;
      res.writeHead(status, { ...out, 'Content-Length': String(payload.length) });
      res.end(payload);
      finish(status, { upstreamStatus: upstreamRes.status, bytes: payload.length });
    } catch (e) {
      const timedOut = controller.signal.aborted;
      const status = timedOut ? 504 : 502;
      const detail = (e as { cause?: { code?: string } }).cause?.code ?? (e instanceof Error ? e.message : String(e));
      const message = redactText(
        timedOut ? `upstream did not answer within ${limits.timeoutMs} ms` : `upstream unreachable: ${detail}`,
        secrets,
      );
      if (!res.headersSent) sendJson(res, status, errorBody(timedOut ? 'timeout' : 'unavailable', message), cors);
      else res.destroy();
      finish(status, { error: message });
    } finally {
      clearTimeout(timer);
    }
  };

  // The last line of defence: whatever goes wrong with one request, the server keeps serving.
  return async (req, res) => {
    const started = performance.now();
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    const entry: Record<string, unknown> = {
      ts: new Date().toISOString(),
      method: req.method,
      path: (req.url ?? '').split('?')[0],
      origin: origin ?? null,
    };
    req.on('error', () => {
      /* a reset connection is handled where the body is read */
    });
    try {
      await handle(req, res, started, entry);
    } catch (e) {
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, errorBody('internal', 'the proxy could not handle this request'));
      else res.destroy();
      log({
        ...entry,
        status: 500,
        ms: Math.round(performance.now() - started),
        error: redactText(e instanceof Error ? e.message : String(e), secrets),
      });
    }
  };
}

/** True for paths the proxy answers (everything under /api/); the rest is the studio's. */
export function isApiPath(url: string | undefined): boolean {
  return typeof url === 'string' && (url.startsWith('/api/') || url === '/api' || !url.startsWith('/') || url.startsWith('//'));
}
