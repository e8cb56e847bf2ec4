/**
 * `nthlayer apply --push-pagerduty` against a recording PagerDuty stand-in on a free loopback
 * port: a dry run writes nothing, `--confirm` sends exactly the expected requests through
 * @pagerduty/pdjs, a second run changes nothing, and drift is put back field by field.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { freePort } from '../helpers/prometheus.ts';
import { tempDir } from '../helpers/promtool.ts';
import { startFakePagerDuty, type FakePagerDuty } from './fake-pagerduty.ts';

const TOKEN = 'test-token-123';
const SPEC = 'examples/order-api.yaml';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), color: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const push = (...extra: string[]) => run('apply', SPEC, '-o', tempDir(), '--push-pagerduty', ...extra);
const lines = (pd: FakePagerDuty, from = 0): string[] => pd.requests.slice(from).map((r) => `${r.method} ${r.url}`);
const writes = (pd: FakePagerDuty, from = 0) => pd.requests.slice(from).filter((r) => r.method !== 'GET');
const q = (name: string): string => `?query=${encodeURIComponent(name)}&limit=100&offset=0`;

describe('apply --push-pagerduty', () => {
  let pd: FakePagerDuty;
  const saved = { key: process.env.PAGERDUTY_API_KEY, url: process.env.NTHLAYER_PAGERDUTY_URL };

  beforeAll(async () => {
    pd = await startFakePagerDuty(TOKEN);
  });
  afterAll(async () => {
    await pd.close();
  });
  beforeEach(() => {
    process.env.PAGERDUTY_API_KEY = TOKEN;
    process.env.NTHLAYER_PAGERDUTY_URL = pd.url;
  });
  afterEach(() => {
    for (const [k, v] of [
      ['PAGERDUTY_API_KEY', saved.key],
      ['NTHLAYER_PAGERDUTY_URL', saved.url],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    pd.failWith = undefined;
  });

  it('needs PAGERDUTY_API_KEY (usage error 64)', async () => {
    delete process.env.PAGERDUTY_API_KEY;
    const r = await push();
    expect(r.code).toBe(64);
    expect(r.err).toContain('PAGERDUTY_API_KEY');
  });

  it('is a dry run by default: reads, prints what would change, writes nothing', async () => {
    const from = pd.requests.length;
    const r = await push();
    expect(r.code, r.err).toBe(0);
    expect(writes(pd, from)).toEqual([]);
    expect(r.out).toContain('dry run');
    expect(r.out).toContain('+ team commerce: would create');
    expect(r.out).toContain('+ schedule commerce-manager: would create');
    expect(r.out).toContain('+ event orchestration order-api: would create');
    expect(r.out).toContain('7 to create, 0 to update, 0 unchanged (dry run)');
    expect(pd.store.teams).toEqual([]);
  });

  it('--confirm creates team, schedules, policy, service and orchestration with exactly these requests', async () => {
    const from = pd.requests.length;
    const r = await push('--confirm');
    expect(r.code, r.err).toBe(0);
    expect(lines(pd, from)).toEqual([
      'GET /users/me',
      `GET /escalation_policies${q('sre-escalation')}`,
      'GET /escalation_policies/PSRE001',
      `GET /teams${q('commerce')}`,
      'POST /teams',
      `GET /schedules${q('commerce-primary')}`,
      'POST /schedules',
      `GET /schedules${q('commerce-secondary')}`,
      'POST /schedules',
      `GET /schedules${q('commerce-manager')}`,
      'POST /schedules',
      `GET /escalation_policies${q('commerce-escalation')}`,
      'POST /escalation_policies',
      `GET /services${q('order-api')}`,
      'POST /services',
      'GET /event_orchestrations/services/PV00001',
      'PUT /event_orchestrations/services/PV00001',
    ]);
    const sent = pd.requests.slice(from);
    expect(new Set(sent.map((x) => x.authorization))).toEqual(new Set([`Token token=${TOKEN}`]));
    expect(new Set(sent.map((x) => x.accept))).toEqual(new Set(['application/vnd.pagerduty+json;version=2']));

    const [team, primary, , , policy, service, orchestration] = writes(pd, from).map((x) => x.body);
    expect(team).toEqual({ team: expect.objectContaining({ type: 'team', name: 'commerce' }) });
    expect(primary.schedule).toMatchObject({
      name: 'commerce-primary',
      time_zone: 'Europe/London',
      schedule_layers: [
        {
          rotation_virtual_start: '2024-01-01T09:00:00+00:00',
          rotation_turn_length_seconds: 604800,
          users: [{ user: { id: 'PU00001', type: 'user_reference' } }],
        },
      ],
    });
    expect(policy.escalation_policy).toMatchObject({
      name: 'commerce-escalation',
      num_loops: 3,
      escalation_rules: [
        { escalation_delay_in_minutes: 5, targets: [{ id: 'PS00001', type: 'schedule_reference' }] },
        { escalation_delay_in_minutes: 15, targets: [{ id: 'PS00002', type: 'schedule_reference' }] },
        { escalation_delay_in_minutes: 30, targets: [{ id: 'PS00003', type: 'schedule_reference' }] },
      ],
      teams: [{ id: 'PT00001', type: 'team_reference' }],
    });
    expect(service.service).toMatchObject({
      name: 'order-api',
      escalation_policy: { id: 'PE00001', type: 'escalation_policy_reference' },
      alert_creation: 'create_alerts_and_incidents',
      auto_resolve_timeout: 14400,
      acknowledgement_timeout: 1800,
      incident_urgency_rule: { type: 'constant', urgency: 'severity_based' },
    });
    expect(orchestration.orchestration_path.parent).toEqual({ id: 'PV00001', type: 'service_reference' });
    expect(orchestration.orchestration_path.sets[0].rules.map((x: any) => x.actions)).toEqual([
      { escalation_policy: 'PSRE001' },
      { escalation_policy: 'PSRE001' },
    ]);
    expect(r.out).toContain('7 created, 0 updated, 0 unchanged');
  });

  it('a second run finds everything by name and changes nothing', async () => {
    const from = pd.requests.length;
    const r = await push('--confirm');
    expect(r.code, r.err).toBe(0);
    expect(writes(pd, from)).toEqual([]);
    expect(r.out).toContain('0 created, 0 updated, 7 unchanged');
  });

  it('puts back drifted fields and keeps the rotation the team edited in PagerDuty', async () => {
    const policy = pd.store.escalation_policies.find((p) => p.name === 'commerce-escalation')!;
    policy.num_loops = 1;
    const schedule = pd.store.schedules.find((s) => s.name === 'commerce-primary')!;
    schedule.schedule_layers[0].users = [{ user: { id: 'PUOTHER', type: 'user_reference', summary: 'Someone' } }];

    const dry = await push();
    expect(dry.out).toContain('~ escalation policy commerce-escalation: would update');
    expect(dry.out).toContain('num_loops: 1 → 3');

    const from = pd.requests.length;
    const r = await push('--confirm');
    expect(r.code, r.err).toBe(0);
    expect(writes(pd, from).map((x) => `${x.method} ${x.url}`)).toEqual([`PUT /escalation_policies/${policy.id}`]);
    expect(pd.store.escalation_policies.find((p) => p.name === 'commerce-escalation')!.num_loops).toBe(3);
    expect(pd.store.schedules.find((s) => s.name === 'commerce-primary')!.schedule_layers[0].users[0].user.id).toBe('PUOTHER');
  });

  it('an upstream error exits 69 and says what failed', async () => {
    pd.failWith = 500;
    const r = await push('--confirm');
    expect(r.code).toBe(69);
    expect(r.err).toMatch(/PagerDuty: GET .*\/users\/me: HTTP 500 \(Internal Server Error\)/);
  });

  it('a wrong API key exits 69 with a hint about the key', async () => {
    process.env.PAGERDUTY_API_KEY = 'wrong';
    const r = await push();
    expect(r.code).toBe(69);
    expect(r.err).toContain('check PAGERDUTY_API_KEY');
  });

  it('an unreachable PagerDuty exits 69', async () => {
    process.env.NTHLAYER_PAGERDUTY_URL = `http://127.0.0.1:${await freePort()}`;
    const r = await push();
    expect(r.code).toBe(69);
    expect(r.err).toContain('check the network and NTHLAYER_PAGERDUTY_URL');
  });

  it('a missing SRE escalation policy stops the push before anything is written (65)', async () => {
    const sre = pd.store.escalation_policies.findIndex((p) => p.name === 'sre-escalation');
    const [removed] = pd.store.escalation_policies.splice(sre, 1);
    pd.store.teams.length = 0;
    const from = pd.requests.length;
    const r = await push('--confirm');
    pd.store.escalation_policies.push(removed!);
    expect(r.code).toBe(65);
    expect(r.out).toContain('✗ escalation policy sre-escalation: MISSING');
    expect(writes(pd, from)).toEqual([]);
  });
});
