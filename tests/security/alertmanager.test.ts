/**
 * Issue #19, finding 2 and 5, against the real Alertmanager (Debian's prometheus-alertmanager)
 * and amtool: the generated alertmanager.yaml really delivers a page (to a PagerDuty stand-in that
 * records the Events API requests), spec text lands in it literally even when it looks like a
 * template, and receivers stay unique when the team is called `sre`.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { alertmanagerConfig } from '../../src/core/generators/alertmanager/index.ts';
import { compile } from '../../src/core/index.ts';
import type { ServiceModel } from '../../src/core/model/types.ts';
import { fire, pagerDutyStandIn, startAlertmanager, stopAlertmanagers, waitFor } from '../helpers/alertmanager.ts';
import { tempDir } from '../helpers/promtool.ts';

afterAll(stopAlertmanagers);

const SPEC = (team: string, pd = 'integration_key: team-routing-key-0001') => `service:
  name: checkout
  team: ${JSON.stringify(team)}
  tier: critical
  type: api
  runbook_url: https://runbooks.example/checkout
resources:
  - kind: PagerDuty
    name: oncall
    spec:
      ${pd}
`;

function model(text: string): ServiceModel {
  const r = compile({ file: 'checkout.yaml', text });
  if (!r.model) throw new Error('no model');
  return r.model;
}

describe('alertmanager.yaml in the real Alertmanager', { timeout: 90_000 }, () => {
  it('a team name that looks like a template is refused by validate with a position, not written', async () => {
    const dir = tempDir();
    const file = join(dir, 'checkout.yaml');
    writeFileSync(file, SPEC('payments {{ end }}'));
    const err: string[] = [];
    const code = await main(['apply', '-o', join(dir, 'out'), file], { out: () => {}, err: (s) => err.push(s), color: false });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/checkout\.yaml:3:19: error: `team` contains `\{\{`/);
  });

  it('delivers the page with spec text exactly as written, even template-like text that bypassed the spec check', async () => {
    const pd = await pagerDutyStandIn();
    // Straight to the generator (no spec check): its own quoting must keep the text literal.
    const m = { ...model(SPEC('payments')), team: 'payments {{ end }} "core"' };
    const am = await startAlertmanager(alertmanagerConfig(m)!, pd.url);
    await fire(am, {
      service: 'checkout',
      slo: 'availability',
      severity: 'critical',
      team: m.team,
      routing: 'self',
      burn_tier: 'page_fast',
    });
    const event = await waitFor(() => pd.events[0]);
    expect(event.routing_key).toBe('team-routing-key-0001');
    expect(event.event_action).toBe('trigger');
    const payload = event.payload as Record<string, unknown>;
    expect(payload.group).toBe('payments {{ end }} "core"');
    expect(payload.component).toBe('checkout');
    expect(payload.class).toBe('availability');
    expect(payload.severity).toBe('critical');
    expect(payload.summary).toBe('checkout availability: error budget burning 14.4× too fast');
    expect(event.links).toEqual([{ href: 'https://runbooks.example/checkout', text: 'Runbook' }]);
  });

  it('team `sre` with an sre_integration_key: receivers stay unique (amtool passes) and each key gets its alerts', async () => {
    const text = SPEC('sre', 'integration_key: team-routing-key-0001\n      sre_integration_key: sre-routing-key-0002');
    const config = alertmanagerConfig(model(text))!;
    const names = (config.receivers as { name: string }[]).map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    const pd = await pagerDutyStandIn();
    const am = await startAlertmanager(config, pd.url);
    await fire(am, { service: 'checkout', slo: 'availability', severity: 'critical', routing: 'sre' });
    await fire(am, { service: 'checkout', slo: 'latency', severity: 'critical', routing: 'self' });
    await waitFor(() => (pd.events.length >= 2 ? true : undefined));
    const keys = pd.events.map((e) => `${(e.payload as { class: string }).class}:${String(e.routing_key)}`).sort();
    expect(keys).toEqual(['availability:sre-routing-key-0002', 'latency:team-routing-key-0001']);
  });

  it('the file apply writes for team `sre` passes amtool check-config', async () => {
    const dir = tempDir();
    const file = join(dir, 'checkout.yaml');
    writeFileSync(file, SPEC('sre', 'integration_key: a\n      sre_integration_key: b'));
    const code = await main(['apply', '-o', join(dir, 'out'), file], { out: () => {}, err: () => {}, color: false });
    expect(code).toBe(0);
    const r = spawnSync('amtool', ['check-config', join(dir, 'out', 'checkout', 'alertmanager.yaml')], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});
