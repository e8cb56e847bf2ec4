/**
 * Round trip: every example's `sloth.yaml` and `slos.openslo.yaml` (what `nthlayer apply`
 * exports) import back to a spec with the same SLO model: objective, window, SLI queries and
 * burn-rate tiers. Sloth cannot say a tier's `for` (its alerts have none), nor an SLO period
 * (it is Sloth's --default-slo-period), so those two are checked as Sloth can express them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, importSpecs, sloFacts, type ImportOptions } from '../../src/core/index.ts';
import type { ServiceModel, SloModel } from '../../src/core/model/types.ts';
import { formatDuration } from '../../src/core/units.ts';

const EXAMPLES = readdirSync('examples')
  .filter((f) => f.endsWith('.yaml'))
  .sort();

const squash = (s: string | undefined): string | undefined => s?.replace(/\s+/g, ' ').trim();

/** The SLI as the rule generators read it: its kind and its window templates. */
function sliOf(slo: SloModel): Record<string, unknown> {
  const sli = slo.sli;
  if (sli.kind === 'events') {
    const latency = sli.latency ? { histogram: sli.latency.histogram, threshold: sli.latency.threshold, le: sli.latency.le } : undefined;
    return { kind: 'events', total: squash(sli.total.template), good: squash(sli.good?.template), bad: squash(sli.bad?.template), latency };
  }
  if (sli.kind === 'ratio') return { kind: 'ratio', errorRatio: squash(sli.errorRatio.template) };
  return { kind: 'threshold', query: squash(sli.query), threshold: sli.threshold };
}

/** The tiers as the core's facts say they are generated: severity and `for` of each tier on, or off. */
function tiersOf(model: ServiceModel, slo: SloModel, withFor: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of sloFacts(model, slo).tiers) {
    out[t.name] = t.enabled ? { severity: t.severity, ...(withFor ? { for: formatDuration(t.for) } : {}) } : 'off';
  }
  return out;
}

function exported(example: string): { model: ServiceModel; original: SloModel[]; files: Record<string, string> } {
  const text = readFileSync(`examples/${example}`, 'utf8');
  const r = compile({ file: `examples/${example}`, text });
  if (!r.ok || !r.model || !r.bundle) throw new Error(`${example} does not compile`);
  const files = Object.fromEntries(r.bundle.files.map((f) => [f.path.split('/').pop()!, f.content]));
  return { model: r.model, original: r.model.slos, files };
}

function imported(
  file: string,
  text: string,
  options: ImportOptions = {},
): { model: ServiceModel; slos: SloModel[]; diagnostics: ReturnType<typeof importSpecs>['diagnostics'] } {
  const result = importSpecs([{ file, text }], options);
  expect(
    result.diagnostics.filter((d) => d.severity === 'error'),
    file,
  ).toEqual([]);
  expect(result.specs, `${file} gives one spec`).toHaveLength(1);
  const spec = result.specs[0]!;
  const c = compile({ file: spec.file, text: spec.text });
  expect(
    c.diagnostics.filter((d) => d.severity === 'error'),
    spec.text,
  ).toEqual([]);
  return { model: c.model!, slos: c.model!.slos, diagnostics: result.diagnostics };
}

describe('examples exported as OpenSLO import back to the same SLOs', () => {
  it.each(EXAMPLES)('%s', (example) => {
    const { model, original, files } = exported(example);
    if (original.length === 0) return expect(files['slos.openslo.yaml']).toBeUndefined();
    const back = imported('slos.openslo.yaml', files['slos.openslo.yaml']!);
    expect(back.slos.map((s) => s.name)).toEqual(original.map((s) => s.name));
    for (const [i, slo] of original.entries()) {
      const b = back.slos[i]!;
      expect({ objective: b.objectivePercent, window: b.window, sli: sliOf(b), tiers: tiersOf(back.model, b, true) }, slo.name).toEqual({
        objective: slo.objectivePercent,
        window: slo.window,
        sli: sliOf(slo),
        tiers: tiersOf(model, slo, true),
      });
    }
  });
});

describe('examples exported as Sloth import back to the same SLOs', () => {
  it.each(EXAMPLES)('%s', (example) => {
    const { model, original, files } = exported(example);
    if (original.length === 0) return expect(files['sloth.yaml']).toBeUndefined();
    // sloth.yaml holds one document per SLO window, each naming the --default-slo-period it needs.
    const { model: backModel, slos: back, diagnostics } = imported('sloth.yaml', files['sloth.yaml']!);
    expect(back.map((s) => s.name).sort()).toEqual(original.map((s) => s.name).sort());
    for (const slo of original) {
      const b = back.find((x) => x.name === slo.name)!;
      expect({ objective: b.objectivePercent, window: b.window, sli: sliOf(b), tiers: tiersOf(backModel, b, false) }, slo.name).toEqual({
        objective: slo.objectivePercent,
        window: slo.window,
        sli: sliOf(slo),
        tiers: tiersOf(model, slo, false),
      });
    }
    expect(diagnostics.some((d) => d.code === 'import/sloth-period')).toBe(false);
  });
});
