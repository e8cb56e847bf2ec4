/**
 * How the studio reaches Prometheus — a choice the person makes, persisted with the documents:
 *   auto   – the studio's own server when its config file says it answers /api/v1/… (served by
 *            `nthlayer proxy`, `npm run demo`, or the dev server with NTHLAYER_PROMETHEUS_URL),
 *            else none
 *   none   – no Prometheus: sample data everywhere
 *   proxy  – the studio's own server, always
 *   direct – a Prometheus URL the person typed (started with --web.cors.origin), optional tenant
 * Which one is in effect is derived (see effectiveTarget); the page never asks any other origin.
 */
import { z } from 'zod';
import { createPromClient, type PromClient } from '../../prom/client.ts';

const CONNECTION_MODES = ['auto', 'none', 'proxy', 'direct'] as const;
export type ConnectionMode = (typeof CONNECTION_MODES)[number];

/** Mimir/Cortex tenant IDs: letters, digits and a few punctuation marks. */
const TENANT_RE = /^[A-Za-z0-9!._*'()-]*$/;

export const ConnectionSchema = z.object({
  mode: z.enum(CONNECTION_MODES),
  directUrl: z.string().max(2000),
  tenant: z.string().max(150).regex(TENANT_RE),
});
export type ConnectionSettings = z.infer<typeof ConnectionSchema>;

export const DEFAULT_CONNECTION: ConnectionSettings = { mode: 'auto', directUrl: '', tenant: '' };

export type UrlCheck = { ok: true; url: string } | { ok: false; error: string };

/** A direct URL must be plain http(s) without credentials, query or fragment. */
export function checkDirectUrl(text: string): UrlCheck {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, error: 'Enter the URL of a Prometheus, e.g. http://127.0.0.1:9090' };
  let u: URL;
  try {
    u = new URL(trimmed);
  } catch {
    return { ok: false, error: 'Not a URL: it should look like http://127.0.0.1:9090' };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { ok: false, error: 'Only http:// and https:// URLs are supported' };
  if (u.username || u.password)
    return { ok: false, error: 'Leave credentials out of the URL; use the proxy for authenticated Prometheus servers' };
  if (u.search || u.hash) return { ok: false, error: 'The URL should not have a query or fragment' };
  return { ok: true, url: `${u.origin}${u.pathname.replace(/\/+$/, '')}` };
}

export function checkTenant(text: string): string | undefined {
  return TENANT_RE.test(text) && text.length <= 150 ? undefined : "A tenant ID has letters, digits and ! . _ * ' ( ) - only";
}

/** What the studio's config file said about a proxy (undefined while it is read). */
export type ProxyProbe = 'present' | 'absent' | undefined;

export interface Target {
  kind: 'proxy' | 'direct';
  /** Base URL for the client: '' means the page's own origin at its root. */
  baseUrl: string;
  /** How to name it to a person. */
  label: string;
  tenant?: string;
}

/**
 * The Prometheus in effect, or undefined for none (or while auto-detection runs). `proxyBase` is
 * where the studio was served from ('' for its origin's root), so a proxy behind a sub-path works.
 */
export function effectiveTarget(settings: ConnectionSettings, probe: ProxyProbe, origin: string, proxyBase = ''): Target | undefined {
  const tenant = settings.tenant ? { tenant: settings.tenant } : {};
  if (settings.mode === 'none') return undefined;
  if (settings.mode === 'direct') {
    const url = checkDirectUrl(settings.directUrl);
    return url.ok ? { kind: 'direct', baseUrl: url.url, label: url.url, ...tenant } : undefined;
  }
  if (settings.mode === 'auto' && probe !== 'present') return undefined;
  return { kind: 'proxy', baseUrl: proxyBase, label: `the studio's proxy (${origin})`, ...tenant };
}

export function clientFor(target: Target, fetchImpl: (u: string, i?: RequestInit) => Promise<Response>): PromClient {
  return createPromClient({
    baseUrl: target.baseUrl,
    fetch: (u, i) => fetchImpl(u, i),
    ...(target.tenant ? { tenant: target.tenant } : {}),
    // Short enough that a stopped Prometheus is reported quickly; the circuit stops the rest.
    timeoutMs: 8000,
    retries: 1,
    circuit: { failures: 4, cooldownMs: 15_000 },
  });
}
