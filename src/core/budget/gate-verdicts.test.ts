import { describe, expect, it } from 'vitest';
import { compile } from '../index.ts';
import { sloBudget } from './budget.ts';
import { evaluateGate, sloGateVerdicts } from './gate.ts';

const spec = (gate = ''): string => `service:
  name: svc
  team: t
  tier: critical
  type: api
resources:
  - kind: SLO
    name: a
    spec:
      objective: 99.9
  - kind: SLO
    name: b
    spec:
      objective: 99
${gate ? `  - kind: DeploymentGate\n    name: gate\n    spec:\n${gate}` : ''}`;

/** Verdicts for SLO a and b at the given error ratios over the window (undefined: no data). */
function verdicts(text: string, ratios: [number | undefined, number | undefined], team?: string) {
  const model = compile({ file: 'svc.yaml', text }).model!;
  const budgets = model.slos.map((s, i) =>
    sloBudget(model, s, ratios[i] === undefined ? {} : { windowErrorRatio: ratios[i]!, current: true }),
  );
  const gate = evaluateGate({ model, budgets, now: 0, ...(team ? { team } : {}) });
  return { gate, verdicts: sloGateVerdicts(model, gate, budgets).map((v) => [v.slo, v.blocks, v.warns]) };
}

describe("each SLO's part in the gate decision", () => {
  it('only the SLOs past the blocking line block; one below the warning line only warns', () => {
    const r = verdicts(spec(), [0.00095, 0.0085]); // a: 5 % left, b: 15 % left
    expect(r.gate.decision).toBe('blocked');
    expect(r.verdicts).toEqual([
      ['a', true, true],
      ['b', false, true],
    ]);
  });
  it('an exception that approves the deploy leaves no SLO blocking', () => {
    const r = verdicts(spec('      exceptions: [{team: sre, allow: always}]\n'), [0.00095, 0.001], 'sre');
    expect(r.gate.allowed).toBe(true);
    expect(r.verdicts.filter((v) => v[1])).toEqual([]);
  });
  it('no data blocks only while no data fails closed', () => {
    expect(verdicts(spec(), [undefined, 0.001]).verdicts).toEqual([
      ['a', true, false],
      ['b', false, false],
    ]);
    expect(verdicts(spec('      on_no_data: allow\n'), [undefined, 0.001]).verdicts).toEqual([
      ['a', false, true],
      ['b', false, false],
    ]);
  });
  it('freeze_deploys makes an exhausted SLO block even without a blocking threshold', () => {
    const r = verdicts(spec('      thresholds: {blocking: null}\n      on_exhausted: [freeze_deploys]\n'), [0.002, 0.001]);
    expect(r.gate.decision).toBe('blocked');
    expect(r.verdicts).toEqual([
      ['a', true, true],
      ['b', false, false],
    ]);
  });
});
