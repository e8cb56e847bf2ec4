/**
 * Runs a live query when its key changes (debounced, so typing never fires one per keystroke) or
 * when the person refreshes; the newest answer wins and an unmounted view never gets one.
 * Failures are values: the state says which, and the connection status hears about it.
 */
import { useEffect, useState } from 'react';
import type { PromClient, PromError } from '../../prom/client.ts';
import { useLive } from './LiveProvider.tsx';

export type LiveQuery<T> =
  | { state: 'off' }
  | { state: 'loading'; previous?: T }
  | { state: 'ok'; value: T; at: number }
  | { state: 'error'; error: PromError; message: string };

export type LiveResult<T> = { ok: true; value: T } | { ok: false; error: PromError };

/** How long the spec must stay unchanged before live data is fetched again. */
const LIVE_DEBOUNCE_MS = 700;

export function useLiveQuery<T>(
  key: string | undefined,
  run: ((client: PromClient) => Promise<LiveResult<T>>) | undefined,
  debounceMs = LIVE_DEBOUNCE_MS,
): LiveQuery<T> {
  const live = useLive();
  const [result, setResult] = useState<LiveQuery<T>>({ state: 'off' });
  const { client, refreshKey, report, describe } = live;

  useEffect(() => {
    if (!client || key === undefined || !run) {
      setResult({ state: 'off' });
      return;
    }
    let cancelled = false;
    setResult((prev) => ({
      state: 'loading',
      ...(prev.state === 'ok'
        ? { previous: prev.value }
        : prev.state === 'loading' && prev.previous !== undefined
          ? { previous: prev.previous }
          : {}),
    }));
    const timer = setTimeout(() => {
      void run(client).then(
        (r) => {
          if (cancelled) return;
          report(r.ok ? undefined : r.error);
          setResult(
            r.ok ? { state: 'ok', value: r.value, at: Date.now() } : { state: 'error', error: r.error, message: describe(r.error) },
          );
        },
        (e: unknown) => {
          if (cancelled) return;
          const error: PromError = { kind: 'decode', message: e instanceof Error ? e.message : String(e) };
          setResult({ state: 'error', error, message: describe(error) });
        },
      );
    }, debounceMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // `run` is a fresh closure each render; `key` names everything it depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above: `key` is the dependency
  }, [client, key, refreshKey]);

  return result;
}

/** Runs tasks with at most `limit` in flight, so a dashboard of 40 panels does not flood Prometheus. */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  const next = (): void => {
    active--;
    waiting.shift()?.();
  };
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        active++;
        task().then(resolve, reject).finally(next);
      };
      if (active < limit) start();
      else waiting.push(start);
    });
}
