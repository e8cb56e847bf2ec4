/**
 * Prometheus HTTP API client, isomorphic: `fetch` and the clock are injected, every response is
 * validated with zod, and every failure is a typed value a person can read:
 *   network  – nothing answered (refused, DNS, TLS)
 *   timeout  – no answer within the time limit
 *   http     – an HTTP error (with Prometheus's own error text when it sent one)
 *   api      – Prometheus answered `status: error` (bad query, …)
 *   decode   – the answer was not what the API returns (not Prometheus?)
 *   circuit  – too many recent failures: not asking again until the cool-down ends
 * Works against Prometheus, Thanos, Mimir and Cortex (tenant header, basic or bearer auth).
 * Imports nothing of NthLayer's own.
 */
import { z } from 'zod';

export type PromErrorKind = 'network' | 'timeout' | 'http' | 'api' | 'decode' | 'circuit';

export interface PromError {
  kind: PromErrorKind;
  message: string;
  status?: number;
  /** Prometheus's errorType (bad_data, execution, timeout …) when it sent one. */
  errorType?: string;
}

export type PromResult<T> = { ok: true; data: T } | { ok: false; error: PromError };

export type FetchLike = (
  input: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal; redirect?: 'manual' },
) => Promise<{
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  /** When present, the answer is read from it chunk by chunk, so a size cap holds. */
  body?: ReadableStream<Uint8Array> | null;
}>;

/** The biggest answer read (the proxy has the same cap): a larger one is refused, not buffered. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

class ResponseTooLarge extends Error {}

/** Reads a body as text, giving up (and cancelling the stream) past `max` bytes. */
async function readCapped(res: Awaited<ReturnType<FetchLike>>, max: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > max) throw new ResponseTooLarge();
  if (!res.body) {
    const text = await res.text();
    if (text.length > max) throw new ResponseTooLarge();
    return text;
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let out = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      throw new ResponseTooLarge();
    }
    out += decoder.decode(value, { stream: true });
  }
  return out + decoder.decode();
}

export interface PromClientOptions {
  /** Base URL of Prometheus (or the proxy), e.g. http://127.0.0.1:9090 or /prometheus. */
  baseUrl: string;
  fetch: FetchLike;
  /** Per-request time limit in ms (default 10 000). */
  timeoutMs?: number;
  /** Retries for failed reads (network, timeout, 5xx, 429); default 2. */
  retries?: number;
  /** First back-off delay in ms, doubled per retry (default 200). */
  backoffMs?: number;
  /** Largest answer read, in bytes (default {@link DEFAULT_MAX_RESPONSE_BYTES}). */
  maxResponseBytes?: number;
  /** Mimir/Cortex tenant, sent as X-Scope-OrgID. */
  tenant?: string;
  auth?: { bearer: string } | { username: string; password: string };
  /** Consecutive failures that open the circuit (default 5) and how long it stays open (default 30 s). */
  circuit?: { failures: number; cooldownMs: number };
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const vectorSample = z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) });
const matrixSeries = z.object({ metric: z.record(z.string(), z.string()), values: z.array(z.tuple([z.number(), z.string()])) });

const QueryData = z.discriminatedUnion('resultType', [
  z.object({ resultType: z.literal('vector'), result: z.array(vectorSample) }),
  z.object({ resultType: z.literal('matrix'), result: z.array(matrixSeries) }),
  z.object({ resultType: z.literal('scalar'), result: z.tuple([z.number(), z.string()]) }),
  z.object({ resultType: z.literal('string'), result: z.tuple([z.number(), z.string()]) }),
]);
const BuildInfo = z.object({ version: z.string(), revision: z.string().optional(), branch: z.string().optional() }).passthrough();
const Metadata = z.record(z.string(), z.array(z.object({ type: z.string(), help: z.string().optional(), unit: z.string().optional() })));
const Envelope = z.object({
  status: z.enum(['success', 'error']),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional(),
});

export type QueryResult = z.infer<typeof QueryData>;
export type VectorSample = z.infer<typeof vectorSample>;
export type MatrixSeries = z.infer<typeof matrixSeries>;
export type BuildInfoResult = z.infer<typeof BuildInfo>;
export type MetadataResult = z.infer<typeof Metadata>;

export interface PromClient {
  query(expr: string, time?: number): Promise<PromResult<QueryResult>>;
  queryRange(expr: string, start: number, end: number, stepSeconds: number): Promise<PromResult<QueryResult>>;
  series(matchers: string[], start?: number, end?: number): Promise<PromResult<Record<string, string>[]>>;
  labelValues(label: string, matchers?: string[], start?: number, end?: number): Promise<PromResult<string[]>>;
  metadata(metric?: string): Promise<PromResult<MetadataResult>>;
  buildInfo(): Promise<PromResult<BuildInfoResult>>;
  /** How many HTTP requests were sent (for the "requests per verify" figures). */
  requestCount(): number;
}

function describeNetworkError(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (e as { code?: string }).code;
  if (code === 'ECONNREFUSED') return 'connection refused (is Prometheus running at that address?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ECONNRESET') return 'connection reset';
  return cause?.message ?? (e instanceof Error ? e.message : String(e));
}

export function createPromClient(opts: PromClientOptions): PromClient {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const retries = opts.retries ?? 2;
  const backoffMs = opts.backoffMs ?? 200;
  const circuit = opts.circuit ?? { failures: 5, cooldownMs: 30_000 };
  const now = opts.now ?? (() => Date.now());
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const base = opts.baseUrl.replace(/\/+$/, '');
  const maxBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  let consecutiveFailures = 0;
  let openUntil = 0;
  let requests = 0;

  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.tenant) headers['X-Scope-OrgID'] = opts.tenant;
  if (opts.auth && 'bearer' in opts.auth) headers.Authorization = `Bearer ${opts.auth.bearer}`;
  if (opts.auth && 'username' in opts.auth) headers.Authorization = `Basic ${btoa(`${opts.auth.username}:${opts.auth.password}`)}`;

  async function once(path: string, params: [string, string][], method: 'GET' | 'POST'): Promise<PromResult<unknown>> {
    const body = new URLSearchParams(params).toString();
    const url = method === 'GET' && body ? `${base}${path}?${body}` : `${base}${path}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    requests++;
    try {
      const res = await opts.fetch(url, {
        method,
        headers: method === 'POST' ? { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' } : headers,
        ...(method === 'POST' ? { body } : {}),
        signal: controller.signal,
        // A redirect could point anywhere and would carry the tenant header and credentials.
        redirect: 'manual',
      });
      if ((res.status >= 300 && res.status < 400) || res.status === 0) {
        const to = res.headers.get('location');
        return {
          ok: false,
          error: {
            kind: 'http',
            status: res.status,
            message: `redirects are not followed${to ? ` (it points to ${to.slice(0, 200)})` : ''}: configure the URL it points to`,
          },
        };
      }
      const text = await readCapped(res, maxBytes);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        if (!res.ok)
          return {
            ok: false,
            error: { kind: 'http', status: res.status, message: `HTTP ${res.status}: ${text.slice(0, 200).trim() || 'no body'}` },
          };
        return { ok: false, error: { kind: 'decode', message: 'the answer is not JSON: is this URL a Prometheus server?' } };
      }
      const env = Envelope.safeParse(json);
      if (!env.success) {
        return {
          ok: false,
          error: {
            kind: res.ok ? 'decode' : 'http',
            ...(res.ok ? {} : { status: res.status }),
            message: 'the answer is not a Prometheus API response: is this URL a Prometheus server?',
          },
        };
      }
      if (env.data.status === 'error' || !res.ok) {
        const message = env.data.error ?? `HTTP ${res.status}`;
        return {
          ok: false,
          error: {
            kind: res.ok || res.status === 400 || res.status === 422 ? 'api' : 'http',
            status: res.status,
            message: `Prometheus says: ${message}`,
            ...(env.data.errorType ? { errorType: env.data.errorType } : {}),
          },
        };
      }
      return { ok: true, data: env.data.data };
    } catch (e) {
      if (e instanceof ResponseTooLarge)
        return {
          ok: false,
          error: {
            kind: 'decode',
            message: `the answer is larger than ${Math.round(maxBytes / 1048576)} MiB; narrow the query or the time range`,
          },
        };
      if (controller.signal.aborted) return { ok: false, error: { kind: 'timeout', message: `no answer within ${timeoutMs} ms` } };
      return { ok: false, error: { kind: 'network', message: describeNetworkError(e) } };
    } finally {
      clearTimeout(timer);
    }
  }

  const retryable = (e: PromError): boolean =>
    e.kind === 'network' || e.kind === 'timeout' || (e.kind === 'http' && (e.status === 429 || (e.status ?? 0) >= 500));

  async function call<T>(
    path: string,
    params: [string, string][],
    schema: z.ZodType<T>,
    method: 'GET' | 'POST' = 'GET',
  ): Promise<PromResult<T>> {
    if (now() < openUntil) {
      return {
        ok: false,
        error: {
          kind: 'circuit',
          message: `Prometheus failed ${consecutiveFailures} times in a row; not asking again for ${Math.ceil((openUntil - now()) / 1000)} s`,
        },
      };
    }
    let result: PromResult<unknown> = await once(path, params, method);
    for (let attempt = 0; attempt < retries && !result.ok && retryable(result.error); attempt++) {
      await sleep(backoffMs * 2 ** attempt);
      result = await once(path, params, method);
    }
    if (!result.ok) {
      if (retryable(result.error)) {
        consecutiveFailures++;
        if (consecutiveFailures >= circuit.failures) openUntil = now() + circuit.cooldownMs;
      }
      return result;
    }
    consecutiveFailures = 0;
    const parsed = schema.safeParse(result.data);
    if (!parsed.success)
      return {
        ok: false,
        error: { kind: 'decode', message: `unexpected data from ${path}: ${parsed.error.issues[0]?.message ?? 'invalid'}` },
      };
    return { ok: true, data: parsed.data };
  }

  const range = (start?: number, end?: number): [string, string][] => [
    ...(start !== undefined ? [['start', String(start)] as [string, string]] : []),
    ...(end !== undefined ? [['end', String(end)] as [string, string]] : []),
  ];

  return {
    query: (expr, time) =>
      call(
        '/api/v1/query',
        [['query', expr], ...(time !== undefined ? [['time', String(time)] as [string, string]] : [])],
        QueryData,
        'POST',
      ),
    queryRange: (expr, start, end, step) =>
      call(
        '/api/v1/query_range',
        [
          ['query', expr],
          ['start', String(start)],
          ['end', String(end)],
          ['step', String(step)],
        ],
        QueryData,
        'POST',
      ),
    series: (matchers, start, end) =>
      call(
        '/api/v1/series',
        [...matchers.map((m) => ['match[]', m] as [string, string]), ...range(start, end)],
        z.array(z.record(z.string(), z.string())),
        'POST',
      ),
    labelValues: (label, matchers = [], start, end) =>
      call(
        `/api/v1/label/${encodeURIComponent(label)}/values`,
        [...matchers.map((m) => ['match[]', m] as [string, string]), ...range(start, end)],
        z.array(z.string()),
      ),
    metadata: (metric) => call('/api/v1/metadata', metric ? [['metric', metric]] : [], Metadata),
    buildInfo: () => call('/api/v1/status/buildinfo', [], BuildInfo),
    requestCount: () => requests,
  };
}

/** One line a person can act on. */
export function describePromError(e: PromError, baseUrl: string): string {
  switch (e.kind) {
    case 'network':
      return `cannot reach Prometheus at ${baseUrl}: ${e.message}`;
    case 'timeout':
      return `Prometheus at ${baseUrl} did not answer in time (${e.message})`;
    case 'http':
      return `Prometheus at ${baseUrl} answered with an error: ${e.message}`;
    case 'api':
      return e.message;
    case 'decode':
      return `${baseUrl}: ${e.message}`;
    case 'circuit':
      return e.message;
  }
}
