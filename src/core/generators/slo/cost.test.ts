import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../index.ts';
import { seconds } from '../../units.ts';
import { samplesRead, sloCosts } from './cost.ts';
import { burnRateAlerts, recordingRules } from './rules.ts';

const assumptions = { scrapeInterval: seconds(30), evaluationInterval: seconds(60) };

describe('cost estimate', () => {
  for (const f of readdirSync('examples').filter((x) => x.endsWith('.yaml'))) {
    it(`${f}: the estimate equals a walk over the generated expressions`, () => {
      const model = compile({ file: f, text: readFileSync(`examples/${f}`, 'utf8') }).model!;
      const costs = sloCosts(model, assumptions);
      model.slos.forEach((slo, i) => {
        const rules = recordingRules(model, slo);
        const alerts = burnRateAlerts(model, slo).map((t) => t.rule);
        const exprs = [...rules.map((r) => r.expr), ...alerts.map((a) => a.expr)];
        expect(costs[i]!.nthlayer.rules).toBe(rules.length + alerts.length);
        expect(costs[i]!.nthlayer.recordedSeries).toBe(rules.length);
        expect(costs[i]!.nthlayer.samplesPerEvaluation.inputSeries1).toBe(samplesRead(exprs, assumptions, 1));
        expect(costs[i]!.nthlayer.samplesPerEvaluation.inputSeries100).toBe(samplesRead(exprs, assumptions, 100));
      });
    });
  }

  it('reads far less raw data than Sloth when selectors match many series', () => {
    const model = compile({ file: 'payment-api.yaml', text: readFileSync('examples/payment-api.yaml', 'utf8') }).model!;
    const c = sloCosts(model, assumptions)[0]!;
    expect(c.nthlayer.rules).toBe(17);
    expect(c.sloth.rules).toBe(17);
    expect(c.nthlayer.samplesPerEvaluation.inputSeries100 * 10).toBeLessThan(c.sloth.samplesPerEvaluation.inputSeries100);
  });
});
