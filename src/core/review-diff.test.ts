import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from './index.ts';
import { reviewConsequences, type Compiled } from './review-diff.ts';

const text = readFileSync('examples/payment-api.yaml', 'utf8');
function compiled(t: string): Compiled {
  const r = compile({ file: 'payment-api.yaml', text: t });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics.filter((d) => d.severity === 'error')));
  return { model: r.model!, bundle: r.bundle! };
}

describe('review consequences', () => {
  it('a lower objective says the objective, the budget and every threshold that moved', () => {
    const c = reviewConsequences(compiled(text), compiled(text.replace('objective: 99.95', 'objective: 99.9')));
    const lines = c.changes.map((x) => x.text);
    expect(lines).toContain('availability: objective 99.95% → 99.9%');
    expect(lines).toContain('availability: page_fast threshold 0.72% → 1.44% error ratio');
    expect(lines).toContain('availability: error budget 21.6 → 43.2 minutes');
    expect(c.files.filter((f) => f.status === 'changed').map((f) => f.path)).toContain('payment-api/alerts.yaml');
    expect(c.files.find((f) => f.path === 'payment-api/pagerduty-config.json')?.status).toBe('unchanged');
  });

  it('a removed SLO removes its alerts, recording rules and panels, and says so', () => {
    const without = text.replace(/ {2}# Latency SLO[\s\S]*?(?=\n {2}# |\n {2}- kind: (?!SLO))/, '');
    const head = compiled(without);
    expect(head.model.slos.length).toBeLessThan(compiled(text).model.slos.length);
    const lines = reviewConsequences(compiled(text), head).changes.map((x) => x.text);
    expect(lines.some((l) => /^SLO \S+ removed$/.test(l))).toBe(true);
    expect(lines.some((l) => /^−\d+ alerts?: /.test(l))).toBe(true);
    expect(lines.some((l) => /^−\d+ recording rules?: /.test(l))).toBe(true);
    expect(lines.some((l) => /^panel “SLOs \/ .*” removed$/.test(l))).toBe(true);
  });

  it('no change has no consequences, and every file is unchanged', () => {
    const c = reviewConsequences(compiled(text), compiled(`${text}\n# a comment\n`));
    expect(c.changes).toEqual([]);
    // Only the manifest's spec hash moves with the text.
    expect(c.files.filter((f) => f.status !== 'unchanged').map((f) => f.path)).toEqual(['payment-api/manifest.json']);
  });
});
