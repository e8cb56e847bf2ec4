import { describe, expect, it } from 'vitest';
import { compile } from '../index.ts';
import { budgetRemaining, burnRate, projectedExhaustion, sloBudget, statusOf } from './budget.ts';
import { sloFacts } from './facts.ts';
import { evaluateCondition, parseCondition } from './condition.ts';
import { evaluateGate, timeParts } from './gate.ts';
import type { SloModel } from '../model/types.ts';

const model = (extra = '', tier = 'critical') =>
  compile({
    file: 'svc.yaml',
    text: `service:\n  name: svc\n  team: payments\n  tier: ${tier}\n  type: api\n  pagerduty:\n    timezone: UTC\nresources:\n  - kind: SLO\n    name: availability\n    spec:\n      objective: 99.9\n      window: 30d\n  - kind: SLO\n    name: latency\n    spec:\n      objective: 99\n      indicator:\n        threshold_ms: 300\n${extra}`,
  }).model!;

describe('error-budget math', () => {
  const m0 = model();
  const slo = m0.slos[0]!;
  it('99.9 % over 30 days allows 43.2 minutes', () => expect(sloFacts(m0, slo).budgetMinutes).toBe(43.2));
  it('99.95 % over 30 days allows 21.6 minutes', () =>
    expect(sloFacts(m0, { ...slo, errorBudget: 0.0005 } as SloModel).budgetMinutes).toBe(21.6));
  it('burn rate is the error ratio over the budget', () => expect(burnRate(0.0144, slo.errorBudget)).toBe(14.4));
  it('remaining is 1 − error ratio / budget', () => {
    expect(budgetRemaining(0.00025, slo.errorBudget)).toBe(0.75);
    expect(budgetRemaining(0.002, slo.errorBudget)).toBe(-1);
  });
  it('status follows the share consumed', () => {
    expect([statusOf(0.9), statusOf(0.5), statusOf(0.1), statusOf(0), statusOf(undefined)]).toEqual([
      'healthy',
      'warning',
      'critical',
      'exhausted',
      'no_data',
    ]);
  });
  it('a 14.4× burn exhausts a full 30-day budget in 50 hours', () => expect(projectedExhaustion(1, 14.4, slo.window)).toBe(180_000));
  it('no burn means no projected exhaustion', () => expect(projectedExhaustion(0.5, 0, slo.window)).toBeUndefined());
  it('per tier: 2 % of the budget consumed when the fast page fires, and 50 h to exhaustion', () => {
    const t = sloFacts(m0, slo).tiers;
    expect(t.map((x) => x.budgetConsumedAtFire)).toEqual([0.02, 0.05, 0.1, 0.1]);
    expect(t[0]!.exhaustionAtThreshold).toBe(180_000);
    expect(t[0]!.detectionTimeFullOutage).toBe(51.84); // 14.4 × 0.001 × 3600 s
    expect(t[0]!.firesAfterFullOutage).toBe(171.84); // + the 2m `for`
  });
  it('sloBudget combines measurements into a status with burn rates per window', () => {
    const m = model();
    const b = sloBudget(m, m.slos[0]!, { windowErrorRatio: 0.0006, windowRatios: { 3600: 0.0144, 300: 0.02 } });
    expect(b).toMatchObject({ remaining: 0.4, status: 'warning', sli: 0.9994, consumedMinutes: 25.92 });
    expect(b.burnRates.find((r) => r.window === 3600)?.burnRate).toBe(14.4);
    expect(b.exhaustionIn).toBe(72_000);
    expect(sloBudget(m, m.slos[0]!, {}).status).toBe('no_data');
  });
  it('a window ratio whose SLI metrics are gone now is no data, not the last value it saw', () => {
    const m = model();
    const b = sloBudget(m, m.slos[0]!, { windowErrorRatio: 0.0001, current: false });
    expect(b).toMatchObject({ status: 'no_data', stale: true, remaining: 0.9 });
  });
});

describe('gate conditions', () => {
  const ctx = { vars: { hour: 10, weekday: true, budget_remaining: 15, tier: 'critical', date: '2026-12-24' } };
  it.each([
    ['hour >= 9 AND hour <= 17 AND weekday', true],
    ['hour >= 9 and hour <= 17 and not weekday', false],
    ['business_hours()', true],
    ["tier == 'critical' AND budget_remaining < 20", true],
    ["freeze_period('2026-12-20', '2027-01-02')", true],
    ['(hour < 9 OR hour > 17) AND weekday', false],
  ] as const)('%s → %s', (src, expected) => {
    const { node, error } = parseCondition(src);
    expect(error).toBeUndefined();
    expect(evaluateCondition(node!, ctx)).toBe(expected);
  });
  it.each([
    ['hour >= ', 'ends too early'],
    ['hour >= 9 AND', 'ends too early'],
    ['hours > 3', 'unknown variable "hours"'],
    ['now() > 3', 'unknown function now()'],
    ['(hour > 3', 'missing closing parenthesis'],
    ["tier == 'critical", 'unterminated string'],
  ])('%s is a parse error: %s', (src, message) => {
    expect(parseCondition(src).error?.message).toContain(message);
  });
  it('validate reports a bad condition at its line', () => {
    const r = compile({
      file: 'svc.yaml',
      text: 'service:\n  name: svc\n  team: t\n  tier: low\n  type: api\nresources:\n  - kind: DeploymentGate\n    name: gate\n    spec:\n      conditions:\n        - name: bh\n          when: "hour >= 9 AND"\n',
    });
    expect(r.diagnostics.find((d) => d.code === 'gate/condition-syntax')).toMatchObject({ severity: 'error', line: 12 });
  });
});

describe('the deploy gate', () => {
  const monday10 = Date.UTC(2026, 10, 30, 10, 0); // Monday 30 Nov 2026, 10:00 UTC
  const saturday = Date.UTC(2026, 10, 28, 10, 0);
  const budgets = (remainingAvailability: number) => {
    const m = model();
    return [
      sloBudget(m, m.slos[0]!, { windowErrorRatio: (1 - remainingAvailability) * 0.001 }),
      sloBudget(m, m.slos[1]!, { windowErrorRatio: 0.001 }),
    ];
  };
  it('reads calendar parts in the service time zone', () => {
    expect(timeParts(monday10, 'UTC')).toMatchObject({ hour: 10, dayOfWeek: 1, date: '2026-11-30' });
    expect(timeParts(monday10, 'America/New_York')).toMatchObject({ hour: 5 });
  });
  it('approves a healthy service and names the worst SLO', () => {
    const g = evaluateGate({ model: model(), budgets: budgets(0.8), now: monday10 });
    expect(g).toMatchObject({ decision: 'approved', slo: 'availability', remainingPercent: 80 });
  });
  it('warns below the critical tier warning threshold (20 %)', () => {
    expect(evaluateGate({ model: model(), budgets: budgets(0.15), now: monday10 }).decision).toBe('warning');
  });
  it('blocks below the critical tier blocking threshold (10 %) and says which SLO', () => {
    const g = evaluateGate({ model: model(), budgets: budgets(0.05), now: monday10 });
    expect(g.decision).toBe('blocked');
    expect(g.message).toContain('SLO availability has 5% of its error budget left');
  });
  it('only warns for a standard-tier service (advisory gate)', () => {
    expect(evaluateGate({ model: model('', 'standard'), budgets: budgets(-0.5), now: monday10 }).decision).toBe('warning');
  });
  const gate = `  - kind: DeploymentGate\n    name: gate\n    spec:\n      thresholds: {warning: 30, blocking: 10}\n      conditions:\n        - name: business-hours\n          when: "hour >= 9 AND hour <= 17 AND weekday"\n          blocking: 25\n      exceptions:\n        - team: sre-oncall\n          allow: always\n      on_exhausted: [freeze_deploys]\n`;
  it('a matching condition raises the blocking threshold during business hours only', () => {
    expect(evaluateGate({ model: model(gate), budgets: budgets(0.2), now: monday10 })).toMatchObject({
      decision: 'blocked',
      condition: 'business-hours',
    });
    expect(evaluateGate({ model: model(gate), budgets: budgets(0.2), now: saturday }).decision).toBe('warning');
  });
  it('a team exception approves', () => {
    expect(evaluateGate({ model: model(gate), budgets: budgets(0.05), now: monday10, team: 'sre-oncall' }).decision).toBe('approved');
  });
  it('an exhausted budget with freeze_deploys blocks even an advisory tier', () => {
    const g = evaluateGate({
      model: model(gate.replace('blocking: 10', 'blocking: null'), 'standard'),
      budgets: budgets(-0.1),
      now: saturday,
    });
    expect(g.decision).toBe('blocked');
    expect(g.message).toContain('exhausted');
  });
  it('no data for one SLO fails closed: not allowed, and says it cannot judge', () => {
    const m = model();
    const b = [
      sloBudget(m, m.slos[0]!, { windowErrorRatio: 0.0001 }),
      sloBudget(m, m.slos[1]!, { windowErrorRatio: 0.001, current: false }),
    ];
    const g = evaluateGate({ model: m, budgets: b, now: monday10 });
    expect(g).toMatchObject({ decision: 'no_data', allowed: false });
    expect(g.message).toContain('cannot judge: no data for SLO latency (its metrics stopped)');
  });
  it('on_no_data: allow lets the deploy through with a warning', () => {
    const m = model('  - kind: DeploymentGate\n    name: gate\n    spec:\n      on_no_data: allow\n');
    const b = [sloBudget(m, m.slos[0]!, { windowErrorRatio: 0.0001 }), sloBudget(m, m.slos[1]!, {})];
    expect(evaluateGate({ model: m, budgets: b, now: monday10 })).toMatchObject({ decision: 'warning', allowed: true });
    expect(evaluateGate({ model: m, budgets: [sloBudget(m, m.slos[1]!, {})], now: monday10 })).toMatchObject({
      decision: 'warning',
      allowed: true,
    });
  });
});
