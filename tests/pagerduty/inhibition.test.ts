/**
 * Noise control in the real Alertmanager: while a faster burn-rate tier of an SLO fires, its
 * slower tiers reach nobody (the generated inhibit rules, built from the same list the backtest
 * applies); another SLO's tiers are untouched; a muted tier speaks once the faster one resolves.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { slowerTiers } from '../../src/core/budget/alert-conditions.ts';
import { alertmanagerConfig } from '../../src/core/generators/alertmanager/index.ts';
import { compile } from '../../src/core/index.ts';
import { fire, pagerDutyStandIn, startAlertmanager, stopAlertmanagers, waitFor } from '../helpers/alertmanager.ts';

afterAll(stopAlertmanagers);

const SPEC = `service:
  name: checkout
  team: payments
  tier: critical
  type: api
resources:
  - kind: PagerDuty
    name: oncall
    spec:
      integration_key: team-routing-key-0001
`;

const base = { service: 'checkout', team: 'payments', tier: 'critical', routing: 'self' };
const details = (e: Record<string, unknown>): Record<string, string> =>
  (e.payload as { custom_details: Record<string, string> }).custom_details;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('burn-tier inhibition in the real Alertmanager', { timeout: 90_000 }, () => {
  it('page_fast mutes the slower tiers of its SLO only, and a muted page_slow speaks after page_fast resolves', async () => {
    const r = compile({ file: 'checkout.yaml', text: SPEC });
    const pd = await pagerDutyStandIn();
    const am = await startAlertmanager(alertmanagerConfig(r.model!)!, pd.url, { groupInterval: '2s' });
    await fire(am, { ...base, slo: 'availability', severity: 'critical', burn_tier: 'page_fast' });
    await sleep(300);
    await fire(am, { ...base, slo: 'availability', severity: 'critical', burn_tier: 'page_slow' });
    await fire(am, { ...base, slo: 'availability', severity: 'warning', burn_tier: 'ticket_slow' });
    // Another SLO's ticket shares nothing with the page: it is delivered.
    await fire(
      am,
      { ...base, slo: 'latency', severity: 'warning', burn_tier: 'ticket_fast' },
      { alertname: 'CheckoutLatencyErrorBudgetBurn' },
    );
    await waitFor(() => (pd.events.length >= 2 ? true : undefined));
    await sleep(3000);
    const delivered = pd.events.map((e) => `${details(e).slo}:${details(e).burn_tier}`).sort();
    // The page's group (alertname, service, slo, severity) holds page_fast and page_slow; only
    // page_fast is sent, so burn_tier is common to what was sent. The ticket_slow never goes out.
    expect(delivered).toEqual(['availability:page_fast', 'latency:ticket_fast']);

    // page_fast resolves: page_slow is no longer muted and goes out on the next group interval.
    // Were it still muted, the group would hold only the resolved page_fast: a "resolve" event.
    const before = pd.events.length;
    await fire(
      am,
      { ...base, slo: 'availability', severity: 'critical', burn_tier: 'page_fast' },
      { endsAt: new Date(Date.now() - 1000).toISOString() },
    );
    const later = await waitFor(() => pd.events.slice(before).find((e) => details(e).slo === 'availability'));
    expect(later.event_action).toBe('trigger');
    expect(slowerTiers('page_fast')).toEqual(['page_slow', 'ticket_fast', 'ticket_slow']);
  });
});
