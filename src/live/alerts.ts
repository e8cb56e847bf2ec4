/**
 * Which of a service's alerts are firing or pending now, from Prometheus's `ALERTS` series (one
 * instant query): what Pyrra shows beside each burn-rate tier. SLO alerts carry the `slo` and
 * `burn_tier` labels, so each answer maps onto the tier it belongs to.
 */
import { LABELS, quote } from '../core/index.ts';
import type { PromClient, PromError } from '../prom/client.ts';

export interface AlertState {
  alertname: string;
  state: 'firing' | 'pending';
  slo?: string;
  burnTier?: string;
  severity?: string;
}

export async function alertStates(
  client: PromClient,
  service: string,
  now: number,
): Promise<{ ok: true; alerts: AlertState[] } | { ok: false; error: PromError }> {
  const r = await client.query(`ALERTS{${LABELS.service}=${quote(service)}}`, Math.floor(now / 1000));
  if (!r.ok) return r;
  const alerts: AlertState[] = [];
  if (r.data.resultType === 'vector') {
    for (const s of r.data.result) {
      const state = s.metric.alertstate;
      if (state !== 'firing' && state !== 'pending') continue;
      const m = s.metric;
      alerts.push({
        alertname: m.alertname ?? '',
        state,
        ...(m[LABELS.slo] ? { slo: m[LABELS.slo] } : {}),
        ...(m[LABELS.burnTier] ? { burnTier: m[LABELS.burnTier] } : {}),
        ...(m[LABELS.severity] ? { severity: m[LABELS.severity] } : {}),
      });
    }
  }
  return { ok: true, alerts };
}
