/**
 * pagerduty-config.json and alertmanager.yaml: the tier table, support-model variants, golden
 * files for order-api, and the real `amtool` on every example that sets an integration key.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadAndCompile } from '../../src/cli/load.ts';
import { ALERTMANAGER, FILES } from '../../src/core/conventions.ts';
import type { PagerDutyConfig } from '../../src/core/generators/pagerduty/types.ts';
import { compile } from '../../src/core/index.ts';
import { tempDir } from '../helpers/promtool.ts';

const GOLDEN = 'tests/pagerduty/golden';
const update = process.env.UPDATE_GOLDEN === '1';

const examples = readdirSync('examples')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => `examples/${f}`);

function files(text: string): Record<string, string> {
  const r = compile({ file: 'svc.yaml', text });
  if (!r.bundle) throw new Error(JSON.stringify(r.diagnostics.filter((d) => d.severity === 'error')));
  return Object.fromEntries(r.bundle.files.map((f) => [f.path.split('/').pop()!, f.content]));
}

function spec(service: Record<string, string>, pagerduty: Record<string, unknown> = {}, servicePd = ''): string {
  const lines = Object.entries({ name: 'svc', team: 'web', tier: 'standard', type: 'api', ...service }).map(([k, v]) => `  ${k}: ${v}`);
  const pd = Object.entries(pagerduty).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`);
  return `service:\n${lines.join('\n')}\n${servicePd}resources:\n  - kind: PagerDuty\n    name: primary\n    spec:\n${pd.length ? pd.join('\n') : '      urgency: low'}\n`;
}

const config = (text: string): PagerDutyConfig => JSON.parse(files(text)[FILES.pagerduty]!) as PagerDutyConfig;
const body = (c: PagerDutyConfig, kind: string, name?: string): Record<string, any> => {
  const r = c.resources.find((x) => x.kind === kind && (name === undefined || x.name === name) && !x.lookupOnly);
  if (!r?.body) throw new Error(`no ${kind} ${name ?? ''}`);
  return Object.values(r.body)[0] as Record<string, any>;
};

function amtool(args: string[]): { ok: boolean; output: string } {
  const r = spawnSync('amtool', args, { encoding: 'utf8', timeout: 60_000 });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

describe('escalation defaults by tier', () => {
  it.each([
    ['critical', [5, 15, 30], 3, ['primary', 'secondary', 'manager'], 'severity_based'],
    ['high', [15, 30, 60], 2, ['primary', 'secondary', 'manager'], 'severity_based'],
    ['standard', [30, 60], 1, ['primary', 'secondary'], 'low'],
    ['low', [60], 0, ['primary'], 'low'],
  ])('a %s service escalates after %j minutes, loops %i times, through %j, urgency %s', (tier, delays, loops, levels, urgency) => {
    const c = config(spec({ tier: tier as string }, { auto_create: true }));
    const ep = body(c, 'escalation_policy');
    expect(ep.escalation_rules.map((r: any) => r.escalation_delay_in_minutes)).toEqual(delays);
    expect(ep.num_loops).toBe(loops);
    expect(c.escalation.steps.map((s) => s.level)).toEqual(levels);
    expect(c.resources.filter((r) => r.kind === 'schedule').map((r) => r.name)).toEqual((levels as string[]).map((l) => `web-${l}`));
    expect(body(c, 'service').incident_urgency_rule).toEqual({ type: 'constant', urgency });
  });

  it('tier aliases use the same table: tier-2 is standard, never a separate "medium"', () => {
    const c = config(spec({ tier: 'tier-2' }, { auto_create: true }));
    expect(c.tier).toBe('standard');
    expect(body(c, 'escalation_policy').num_loops).toBe(1);
  });

  it('escalation_delays in the spec replace the tier default', () => {
    const c = config(spec({ tier: 'critical' }, { escalation_delays: [2, 10] }));
    expect(c.escalation.steps).toEqual([
      { level: 'primary', schedule: 'web-primary', delayMinutes: 2, startsAtMinute: 0 },
      { level: 'secondary', schedule: 'web-secondary', delayMinutes: 10, startsAtMinute: 2 },
    ]);
    expect(c.escalation.cycleMinutes).toBe(12);
  });

  it('urgency: high in the spec overrides a low tier default', () => {
    expect(body(config(spec({ tier: 'low' }, { urgency: 'high' })), 'service').incident_urgency_rule.urgency).toBe('severity_based');
  });
});

describe('service settings', () => {
  it('auto-resolve and acknowledgement timeouts take seconds or durations', () => {
    const s = body(config(spec({}, { auto_resolve_timeout: '2h', acknowledgement_timeout: 600 })), 'service');
    expect(s.auto_resolve_timeout).toBe(7200);
    expect(s.acknowledgement_timeout).toBe(600);
  });

  it('auto_resolve: false disables auto-resolution', () => {
    expect(body(config(spec({}, { auto_resolve: false })), 'service').auto_resolve_timeout).toBeNull();
  });

  it('an unreadable timeout is reported and the default used', () => {
    const r = compile({ file: 'svc.yaml', text: spec({}, { auto_resolve_timeout: 'soon' }) });
    expect(r.diagnostics.some((d) => d.code === 'pagerduty/invalid-timeout')).toBe(true);
    expect(body(JSON.parse(r.bundle!.files.find((f) => f.path.endsWith(FILES.pagerduty))!.content), 'service').auto_resolve_timeout).toBe(
      14400,
    );
  });

  it('schedules hand off weekly on Monday 09:00 in the service time zone, with its UTC offset', () => {
    const layer = body(config(spec({}, {}, '  pagerduty:\n    timezone: America/New_York\n')), 'schedule', 'web-primary')
      .schedule_layers[0];
    expect(layer.rotation_virtual_start).toBe('2024-01-01T09:00:00-05:00');
    expect(layer.rotation_turn_length_seconds).toBe(604800);
  });

  it('an unknown time zone is reported and UTC used', () => {
    const r = compile({ file: 'svc.yaml', text: spec({}, {}, '  pagerduty:\n    timezone: Mars/Olympus\n') });
    expect(r.diagnostics.some((d) => d.code === 'pagerduty/unknown-time-zone')).toBe(true);
  });

  it('a spec without a PagerDuty resource produces neither file', () => {
    const f = files('service:\n  name: svc\n  team: web\n  tier: low\n  type: api\n');
    expect(f[FILES.pagerduty]).toBeUndefined();
    expect(f[FILES.alertmanager]).toBeUndefined();
  });
});

describe('support models', () => {
  it('self: 24x7 schedules and no event orchestration', () => {
    const c = config(spec({ support_model: 'self' }));
    expect(c.coverage).toBe('24x7');
    expect(body(c, 'schedule', 'web-primary').schedule_layers[0].restrictions).toEqual([]);
    expect(c.resources.some((r) => r.kind === 'event_orchestration')).toBe(false);
  });

  it('shared: business-hours schedules, and off-hours or routing=sre events go to the SRE policy', () => {
    const c = config(spec({ support_model: 'shared' }, {}, '  pagerduty:\n    sre_escalation_policy_id: PSRE123\n'));
    expect(body(c, 'schedule', 'web-primary').schedule_layers[0].restrictions).toHaveLength(5);
    const o = body(c, 'event_orchestration');
    expect(o.sets[0].id).toBe('start');
    expect(o.sets[0].rules.map((r: any) => r.conditions[0].expression)).toEqual([
      "event.custom_details.routing matches 'sre'",
      'not (now in Mon,Tue,Wed,Thu,Fri 09:00:00 to 18:00:00 America/New_York)',
    ]);
    expect(o.sets[0].rules.every((r: any) => r.actions.escalation_policy === 'PSRE123')).toBe(true);
  });

  it('sre: every event goes to the SRE policy, looked up by name when no id is given', () => {
    const c = config(spec({ support_model: 'sre' }));
    expect(body(c, 'event_orchestration').sets[0].rules).toEqual([
      expect.objectContaining({ conditions: [], actions: { escalation_policy: 'ref:escalation_policies/sre-escalation' } }),
    ]);
    expect(c.resources).toContainEqual({
      kind: 'escalation_policy',
      name: 'sre-escalation',
      path: 'escalation_policies',
      lookupOnly: true,
    });
  });

  it('business_hours: high urgency in support hours only', () => {
    const s = body(config(spec({ support_model: 'business_hours', tier: 'critical' }, { auto_create: true })), 'service');
    expect(s.incident_urgency_rule).toEqual({
      type: 'use_support_hours',
      during_support_hours: { type: 'constant', urgency: 'severity_based' },
      outside_support_hours: { type: 'constant', urgency: 'low' },
    });
    expect(s.support_hours).toMatchObject({
      type: 'fixed_time_per_day',
      days_of_week: [1, 2, 3, 4, 5],
      start_time: '09:00:00',
      end_time: '18:00:00',
    });
  });

  it('an existing schedule named in the spec is referenced, not created', () => {
    const c = config(spec({}, { schedule: 'web-oncall' }));
    expect(c.resources).toContainEqual({ kind: 'schedule', name: 'web-oncall', path: 'schedules', lookupOnly: true });
    expect(body(c, 'escalation_policy').escalation_rules[0].targets[0].id).toBe('ref:schedules/web-oncall');
  });
});

describe('golden files for order-api', () => {
  const f = files(readFileSync('examples/order-api.yaml', 'utf8'));
  it.each([FILES.pagerduty, FILES.alertmanager])('%s matches tests/pagerduty/golden/order-api', (name) => {
    const path = join(GOLDEN, 'order-api', name);
    if (update) writeFileSync(path, f[name]!);
    expect(existsSync(path), `${path} is missing; run with UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(f[name]).toBe(readFileSync(path, 'utf8'));
  });
});

describe('alertmanager.yaml', () => {
  it('is produced only when the PagerDuty resource has an integration key (order-api among the examples)', () => {
    const withFile = examples.filter((e) =>
      loadAndCompile(e, undefined).result.bundle?.files.some((x) => x.path.endsWith(FILES.alertmanager)),
    );
    expect(withFile).toEqual(['examples/order-api.yaml']);
  });

  it('passes amtool check-config for every example and environment that has one', () => {
    const dir = tempDir();
    let checked = 0;
    for (const file of examples) {
      for (const env of [undefined, 'dev', 'staging', 'prod']) {
        let loaded;
        try {
          loaded = loadAndCompile(file, env);
        } catch {
          continue;
        } // no override file for that environment
        const am = loaded.result.bundle?.files.find((x) => x.path.endsWith(FILES.alertmanager));
        if (!am) continue;
        const path = join(dir, `${checked}-alertmanager.yaml`);
        writeFileSync(path, am.content);
        const r = amtool(['check-config', path]);
        expect(r.ok, `${file} ${env ?? ''}: ${r.output}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  describe('routes (amtool config routes test)', () => {
    const dir = tempDir();
    const path = join(dir, 'alertmanager.yaml');
    writeFileSync(path, files(readFileSync('examples/order-api.yaml', 'utf8'))[FILES.alertmanager]!);
    const route = (...labels: string[]): string => {
      const r = amtool(['config', 'routes', 'test', `--config.file=${path}`, ...labels]);
      expect(r.ok, r.output).toBe(true);
      return r.output
        .split('\n')
        .filter((l) => l && !l.startsWith('Warning'))
        .join('\n')
        .trim();
    };
    const slo = [
      'alertname=OrderApiAvailabilityErrorBudgetBurn',
      'service=order-api',
      'slo=availability',
      'team=commerce',
      'tier=critical',
    ];

    it('a critical SLO alert reaches the team receiver', () => {
      expect(route(...slo, 'severity=critical', 'routing=shared', 'burn_tier=page_fast')).toBe(ALERTMANAGER.teamReceiver('commerce'));
    });
    it('a warning SLO alert reaches the team receiver too', () => {
      expect(route(...slo, 'severity=warning', 'routing=shared', 'burn_tier=ticket_slow')).toBe('commerce-pagerduty');
    });
    it('a routing="sre" alert reaches the SRE receiver', () => {
      expect(route(...slo, 'severity=critical', 'routing=sre')).toBe(ALERTMANAGER.sreReceiver);
    });
    it('an info alert of the service (PostgresqlRestarted) reaches no PagerDuty receiver', () => {
      expect(route('alertname=PostgresqlRestarted', 'service=order-api', 'severity=info', 'routing=shared', 'technology=postgresql')).toBe(
        ALERTMANAGER.defaultReceiver,
      );
    });
    it("another service's alert reaches neither", () => {
      expect(route('alertname=X', 'service=payment-api', 'severity=critical', 'routing=sre')).toBe(ALERTMANAGER.defaultReceiver);
    });
  });

  it('mutes the slower burn-rate tiers of an SLO while a faster one fires, and repeats by tier', () => {
    const am = parse(files(readFileSync('examples/order-api.yaml', 'utf8'))[FILES.alertmanager]!);
    const equal = ['alertname', 'service', 'slo'];
    expect(am.inhibit_rules).toEqual([
      {
        source_matchers: ['burn_tier="page_fast"', 'service="order-api"'],
        target_matchers: ['burn_tier=~"page_slow|ticket_fast|ticket_slow"', 'service="order-api"'],
        equal,
      },
      {
        source_matchers: ['burn_tier="page_slow"', 'service="order-api"'],
        target_matchers: ['burn_tier=~"ticket_fast|ticket_slow"', 'service="order-api"'],
        equal,
      },
      {
        source_matchers: ['burn_tier="ticket_fast"', 'service="order-api"'],
        target_matchers: ['burn_tier=~"ticket_slow"', 'service="order-api"'],
        equal,
      },
    ]);
    expect(am.route.routes.map((r: any) => [r.receiver, r.group_wait, r.repeat_interval])).toEqual([
      ['nthlayer-default', undefined, undefined],
      ['sre-pagerduty', '10s', '1h'],
      ['commerce-pagerduty', '10s', '1h'],
    ]);
    const low = parse(files(spec({ tier: 'low' }, { integration_key: 'k' }))[FILES.alertmanager]!);
    expect(low.route.routes).toEqual([
      { receiver: 'nthlayer-default', matchers: ['service="svc"', 'severity="info"'] },
      { receiver: 'web-pagerduty', matchers: ['service="svc"'], group_wait: '5m', repeat_interval: '12h' },
    ]);
    expect(low.receivers[1].pagerduty_configs[0].severity).toBe('info');
  });
});
