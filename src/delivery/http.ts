/**
 * The HTTP seam of the delivery clients (rulers, Grafana): `fetch` injected, a time limit, the
 * tenant and credentials added as headers, and every failure a typed error whose message names
 * the method and URL but never a credential. Imports nothing of NthLayer's own.
 */

export type FetchLike = (
  input: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{
  ok: boolean;
  status: number;
  text(): Promise<string>;
}>;

export type DeliveryErrorKind = 'network' | 'timeout' | 'http' | 'decode';

export class DeliveryError extends Error {
  constructor(
    readonly kind: DeliveryErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export type Auth = { bearer: string } | { username: string; password: string };

export interface HttpClientOptions {
  baseUrl: string;
  fetch: FetchLike;
  /** Sent as X-Scope-OrgID (Mimir, Cortex, Loki). */
  tenant?: string;
  auth?: Auth;
  /** Per-request time limit in ms (default 30 000). */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  text: string;
}

export interface HttpClient {
  /** The base URL without any user:password part, for messages. */
  readonly displayUrl: string;
  /** Answers 2xx, and the statuses in `accept` (e.g. 404 for "not there yet"); anything else throws. */
  request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    init?: { body?: string; contentType?: string; accept?: readonly number[] },
  ): Promise<HttpResponse>;
  /** Requests sent that change something (POST, PUT, DELETE). */
  writes(): number;
}

function networkReason(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (e as { code?: string }).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ECONNRESET') return 'connection reset';
  return cause?.message ?? (e instanceof Error ? e.message : String(e));
}

export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const u = new URL(opts.baseUrl);
  // Credentials in the URL become a header, so they never appear in a message.
  const urlAuth: Auth | undefined = u.username
    ? { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) }
    : undefined;
  u.username = '';
  u.password = '';
  const base = u.href.replace(/\/+$/, '');
  const auth = opts.auth ?? urlAuth;
  const headers: Record<string, string> = {};
  if (opts.tenant) headers['X-Scope-OrgID'] = opts.tenant;
  if (auth && 'bearer' in auth) headers.Authorization = `Bearer ${auth.bearer}`;
  if (auth && 'username' in auth) headers.Authorization = `Basic ${btoa(`${auth.username}:${auth.password}`)}`;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let writes = 0;

  return {
    displayUrl: base,
    writes: () => writes,
    async request(method, path, init = {}) {
      const url = `${base}${path}`;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      if (method !== 'GET') writes++;
      let status: number;
      let text: string;
      try {
        const res = await opts.fetch(url, {
          method,
          headers: { ...headers, ...(init.body !== undefined ? { 'Content-Type': init.contentType ?? 'application/json' } : {}) },
          ...(init.body !== undefined ? { body: init.body } : {}),
          signal: controller.signal,
        });
        status = res.status;
        text = await res.text();
      } catch (e) {
        if (controller.signal.aborted) throw new DeliveryError('timeout', `${method} ${url}: no answer within ${timeoutMs / 1000} s`);
        throw new DeliveryError('network', `${method} ${url}: ${networkReason(e)}`);
      } finally {
        clearTimeout(timer);
      }
      if ((status >= 200 && status < 300) || init.accept?.includes(status)) return { status, text };
      const detail = text.trim().slice(0, 300);
      throw new DeliveryError('http', `${method} ${url}: HTTP ${status}${detail ? ` (${detail})` : ''}`, status);
    },
  };
}
