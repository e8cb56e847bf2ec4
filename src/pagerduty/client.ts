/**
 * A small PagerDuty REST API v2 client on top of the official `@pagerduty/pdjs`: a base URL that
 * can point anywhere (tests use a local server), typed errors, a timeout, and pagination.
 * pdjs resolves non-2xx answers as ordinary responses, so every status is checked here.
 */
import { api } from '@pagerduty/pdjs';

export const DEFAULT_PAGERDUTY_URL = 'https://api.pagerduty.com';

export type PagerDutyErrorKind = 'network' | 'http' | 'decode';

export class PagerDutyError extends Error {
  constructor(
    readonly kind: PagerDutyErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export type Json = Record<string, unknown>;

export interface PagerDutyClient {
  readonly baseUrl: string;
  get: (path: string, query?: Record<string, string>) => Promise<Json>;
  post: (path: string, body: Json) => Promise<Json>;
  put: (path: string, body: Json) => Promise<Json>;
  /** Every item of a paginated collection (`teams`, `schedules`, …) matching the query. */
  list: (collection: string, query?: Record<string, string>) => Promise<Json[]>;
}

export interface ClientOptions {
  token: string;
  baseUrl?: string;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
}

const PAGE_SIZE = 100;

export function createPagerDutyClient(options: ClientOptions): PagerDutyClient {
  const baseUrl = (options.baseUrl ?? DEFAULT_PAGERDUTY_URL).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function request(method: 'GET' | 'POST' | 'PUT', path: string, data?: Json | Record<string, string>): Promise<Json> {
    const url = `${baseUrl}/${path.replace(/^\/+/, '')}`;
    let response: { status: number; ok: boolean; data?: unknown };
    try {
      response = await api({
        url,
        method,
        token: options.token,
        tokenType: 'token',
        ...(data ? { data } : {}),
        // pdjs's own timer only keeps the process alive; abort through the signal instead.
        requestTimeout: 0,
        signal: AbortSignal.timeout(timeoutMs) as RequestInit['signal'],
      });
    } catch (e) {
      if (e && typeof e === 'object' && 'status' in e && typeof (e as { status: unknown }).status === 'number') {
        const status = (e as { status: number }).status;
        if (status >= 200 && status < 300) throw new PagerDutyError('decode', `${method} ${url}: the answer is not JSON`, status);
        throw new PagerDutyError('http', `${method} ${url}: HTTP ${status}`, status);
      }
      const reason = e instanceof Error ? e.message : String(e);
      throw new PagerDutyError('network', `${method} ${url}: ${reason}`);
    }
    if (!response.ok) {
      const err = (response.data as { error?: { message?: string; errors?: string[] } } | undefined)?.error;
      const detail = [err?.message, ...(err?.errors ?? [])].filter(Boolean).join('; ');
      throw new PagerDutyError('http', `${method} ${url}: HTTP ${response.status}${detail ? ` (${detail})` : ''}`, response.status);
    }
    if (!response.data || typeof response.data !== 'object' || Array.isArray(response.data)) {
      throw new PagerDutyError('decode', `${method} ${url}: expected a JSON object`, response.status);
    }
    return response.data as Json;
  }

  return {
    baseUrl,
    get: (path, query) => request('GET', path, query),
    post: (path, body) => request('POST', path, body),
    put: (path, body) => request('PUT', path, body),
    async list(collection, query = {}) {
      const items: Json[] = [];
      for (let offset = 0; ; offset += PAGE_SIZE) {
        const page = await request('GET', collection, { ...query, limit: String(PAGE_SIZE), offset: String(offset) });
        const batch = page[collection];
        if (!Array.isArray(batch))
          throw new PagerDutyError('decode', `GET ${baseUrl}/${collection}: no "${collection}" list in the answer`);
        items.push(...(batch as Json[]));
        if (page.more !== true || batch.length === 0) return items;
      }
    },
  };
}
