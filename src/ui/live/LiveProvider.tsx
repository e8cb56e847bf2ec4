/**
 * The live connection, derived from the person's settings: which Prometheus is in effect (after
 * auto-detecting the studio's proxy), one client for it, and whether it last answered. Views ask
 * for the client here and report failures back, so the header shows one truthful status.
 */
import type React from 'react';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { parseStudioConfig, STUDIO_CONFIG_FILE } from '../../core/index.ts';
import { describePromError, type PromClient, type PromError } from '../../prom/client.ts';
import { clientFor, effectiveTarget, type ConnectionSettings, type ProxyProbe, type Target } from './connection.ts';

export type LiveStatus =
  { kind: 'off' } | { kind: 'detecting' } | { kind: 'checking' } | { kind: 'ok'; version: string } | { kind: 'error'; message: string };

export interface Live {
  target: Target | undefined;
  client: PromClient | undefined;
  status: LiveStatus;
  /** Asks Prometheus for its build info again (the header's "Test connection"). */
  check: () => void;
  /** Every live view reports its failures; network-level ones mark the connection as failing. */
  report: (error: PromError | undefined) => void;
  /** Bumped by "Refresh": live views fetch again. */
  refreshKey: number;
  refresh: () => void;
  describe: (e: PromError) => string;
}

const LiveContext = createContext<Live>({
  target: undefined,
  client: undefined,
  status: { kind: 'off' },
  check: () => undefined,
  report: () => undefined,
  refreshKey: 0,
  refresh: () => undefined,
  describe: (e) => e.message,
});

export function useLive(): Live {
  return useContext(LiveContext);
}

const pageFetch = (u: string, i?: RequestInit): Promise<Response> => fetch(u, i);

/**
 * Whether the server that served the page also answers /api/v1/…: it says so in the studio's
 * config file beside index.html (read once; a missing or foreign file means no proxy). Nothing is
 * asked of the Prometheus API until then, so a static host sees no request that must fail.
 */
function useProxyProbe(wanted: boolean): ProxyProbe {
  const [probe, setProbe] = useState<ProxyProbe>(undefined);
  useEffect(() => {
    if (!wanted || probe !== undefined) return;
    let cancelled = false;
    void fetch(new URL(STUDIO_CONFIG_FILE, document.baseURI), { cache: 'no-cache' })
      .then(async (r) => (r.ok ? parseStudioConfig(await r.text())?.proxy === true : false))
      .catch(() => false)
      .then((present) => {
        if (!cancelled) setProbe(present ? 'present' : 'absent');
      });
    return () => {
      cancelled = true;
    };
  }, [wanted, probe]);
  return probe;
}

/** The proxy answers beside the page: at its origin, or under the sub-path it is served from. */
function proxyBase(): string {
  return new URL('.', document.baseURI).href.replace(/\/+$/, '');
}

const CONNECTION_KINDS = new Set<PromError['kind']>(['network', 'timeout', 'http', 'circuit', 'decode']);

export function LiveProvider({ settings, children }: { settings: ConnectionSettings; children: React.ReactNode }): React.JSX.Element {
  const probe = useProxyProbe(settings.mode === 'auto');
  const target = effectiveTarget(settings, probe, location.origin, proxyBase());
  const key = target ? `${target.kind}|${target.baseUrl}|${target.tenant ?? ''}` : '';
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` names everything of `target` the client depends on; `target` is a new object each render
  const client = useMemo(() => (target ? clientFor(target, pageFetch) : undefined), [key]);
  const [status, setStatus] = useState<LiveStatus>({ kind: 'off' });
  const [checks, setChecks] = useState(0);
  const [refreshKey, setRefreshKey] = useState(0);

  useEffect(() => {
    if (!client || !target) {
      setStatus(settings.mode === 'auto' && probe === undefined ? { kind: 'detecting' } : { kind: 'off' });
      return;
    }
    let cancelled = false;
    setStatus({ kind: 'checking' });
    void client.buildInfo().then((r) => {
      if (cancelled) return;
      setStatus(r.ok ? { kind: 'ok', version: r.data.version } : { kind: 'error', message: describePromError(r.error, target.label) });
    });
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `client` is derived from `target` by its key
  }, [client, checks, probe, settings.mode]);

  // A page served by `nthlayer proxy` may only connect to its own origin (its CSP says so):
  // say that, instead of a bare "failed to fetch", when a direct URL is refused.
  const [blocked, setBlocked] = useState<string | undefined>(undefined);
  useEffect(() => {
    setBlocked(undefined);
    if (target?.kind !== 'direct') return;
    const onViolation = (e: SecurityPolicyViolationEvent): void => {
      if (e.effectiveDirective === 'connect-src' && e.blockedURI.startsWith(target.baseUrl)) {
        setBlocked(
          `this page's Content-Security-Policy only allows its own origin, so ${target.baseUrl} cannot be asked directly; choose "Studio proxy" (nthlayer proxy forwards to your Prometheus) or open the studio from npm start / vite preview`,
        );
      }
    };
    document.addEventListener('securitypolicyviolation', onViolation);
    return () => document.removeEventListener('securitypolicyviolation', onViolation);
  }, [target?.kind, target?.baseUrl]);

  const label = target?.label ?? '';
  // Read by `report`, which views keep from the render that started their query.
  const statusRef = useRef(status);
  statusRef.current = status;
  const report = useCallback(
    (error: PromError | undefined) => {
      if (!error) {
        // Prometheus answered again: confirm with a fresh build-info check.
        if (statusRef.current.kind === 'error') setChecks((n) => n + 1);
        return;
      }
      if (CONNECTION_KINDS.has(error.kind)) setStatus({ kind: 'error', message: describePromError(error, label) });
    },
    [label],
  );

  const shown: LiveStatus = blocked ? { kind: 'error', message: blocked } : status;
  const live = useMemo<Live>(
    () => ({
      target,
      client,
      status: shown,
      refreshKey,
      check: () => setChecks((n) => n + 1),
      report,
      refresh: () => {
        setChecks((n) => n + 1);
        setRefreshKey((n) => n + 1);
      },
      describe: (e) => describePromError(e, label),
    }),
    // `shown` is status or blocked; `target` changes with `client`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, status, blocked, refreshKey, report, label],
  );

  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}
