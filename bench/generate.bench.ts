/**
 * Generating a 1 000-SLO spec (all files) against a baseline that string-templates the same
 * number of Sloth-shaped rules (17 per SLO) in the same process.
 */
import { generate } from '../src/core/bundle.ts';
import { compile, parseSpec, toModel } from '../src/core/index.ts';
import { performance } from 'node:perf_hooks';
import { fmt, median, time, timeOnce, type Benchmark } from './harness.ts';
import { syntheticSpec } from './spec.bench.ts';

/** What a minimal string-templating generator does per SLO: Sloth's 17 rules as YAML text. */
export function slothTemplate(n: number): string {
  const out: string[] = ['groups:'];
  const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];
  for (let i = 0; i < n; i++) {
    const id = `big-service-availability-${i}`;
    const labels = `      labels: {sloth_id: ${id}, sloth_service: big-service, sloth_slo: availability-${i}}`;
    out.push(`- name: sloth-slo-sli-recordings-${id}`, '  rules:');
    for (const w of windows) {
      out.push(
        `  - record: slo:sli_error:ratio_rate${w}`,
        `    expr: (sum(rate(http_requests_total{service="big-service",route="/r${i}",code=~"5.."}[${w}]))) / (sum(rate(http_requests_total{service="big-service",route="/r${i}"}[${w}])))`,
        labels,
      );
    }
    out.push(
      '  - record: slo:sli_error:ratio_rate30d',
      `    expr: sum_over_time(slo:sli_error:ratio_rate5m{sloth_id="${id}"}[30d]) / ignoring (sloth_window) count_over_time(slo:sli_error:ratio_rate5m{sloth_id="${id}"}[30d])`,
      labels,
    );
    out.push(`- name: sloth-slo-meta-recordings-${id}`, '  rules:');
    for (const [r, e] of [
      ['slo:objective:ratio', 'vector(0.999)'],
      ['slo:error_budget:ratio', 'vector(1-0.999)'],
      ['slo:time_period:days', 'vector(30)'],
      [
        'slo:current_burn_rate:ratio',
        `slo:sli_error:ratio_rate5m{sloth_id="${id}"} / on(sloth_id) group_left slo:error_budget:ratio{sloth_id="${id}"}`,
      ],
      [
        'slo:period_burn_rate:ratio',
        `slo:sli_error:ratio_rate30d{sloth_id="${id}"} / on(sloth_id) group_left slo:error_budget:ratio{sloth_id="${id}"}`,
      ],
      ['slo:period_error_budget_remaining:ratio', `1 - slo:period_burn_rate:ratio{sloth_id="${id}"}`],
      ['sloth_slo_info', 'vector(1)'],
    ]) {
      out.push(`  - record: ${r}`, `    expr: ${e}`, labels);
    }
    out.push(`- name: sloth-slo-alerts-${id}`, '  rules:');
    for (const sev of ['page', 'ticket']) {
      out.push(
        '  - alert: BigServiceHighErrorRate',
        `    expr: (max(slo:sli_error:ratio_rate5m{sloth_id="${id}"} > (14.4 * 0.001)) without (sloth_window) and max(slo:sli_error:ratio_rate1h{sloth_id="${id}"} > (14.4 * 0.001)) without (sloth_window))`,
        `    labels: {sloth_severity: ${sev}}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

export const generateBenchmark: Benchmark = {
  name: 'generate: 1 000-SLO spec vs string-templated Sloth-shaped rules',
  run() {
    const text = syntheticSpec(1000);
    const compiled = compile({ file: 'big-service.yaml', text });
    if (!compiled.ok || !compiled.model) throw new Error('synthetic spec does not compile');
    const model = compiled.model;
    const baseline = time(() => slothTemplate(1000), 7, 2);
    // Every run gets a different model (and text), so generate() cannot reuse its last bundle.
    let run = 0;
    const gen = time(() => generate({ ...model, description: `run ${run++}` }), 7, 2);
    const full = time(
      () => compile({ file: 'big-service.yaml', text: text.replace('  type: api', `  type: api\n  description: run ${run++}`) }),
      5,
      1,
    );
    // Cold: new service and SLO names change every rule, panel, document and file, and new
    // objects, so no cache can answer (neither by content nor by object).
    // Made before timing: the clones are not part of generating.
    const fresh = Array.from({ length: 8 }, (_, r) => ({
      ...structuredClone(model),
      name: `big-service-${r}`,
      slos: model.slos.map((slo) => ({ ...structuredClone(slo), name: `${slo.name}-r${r}` })),
    }));
    // Each cold run is timed next to baseline runs of its own, and the ratio is taken run by run:
    // this machine's speed drifts by a third from minute to minute, and a ratio of medians
    // measured seconds apart would measure the drift. The first pair warms up.
    const coldRuns: number[] = [];
    const coldRatios: number[] = [];
    for (let r = 0, runs = fresh.length; r < runs; r++) {
      const base = median([0, 1, 2].map(() => timeOnce(() => slothTemplate(1000))));
      const ms = timeOnce(() => generate(fresh.pop()!));
      if (r === 0) continue;
      coldRuns.push(ms);
      coldRatios.push(ms / base);
    }
    const cold = median(coldRuns);
    const coldRatio = median(coldRatios);
    // The studio's case: the 200-SLO spec with one objective edited, as a keystroke would.
    const small = syntheticSpec(200);
    const edit = time(
      () => compile({ file: 'big-service.yaml', text: small.replace('objective: 99.9', `objective: 99.${(run++ % 8) + 1}`) }),
      15,
      3,
    );
    // Where a keystroke's time goes: the same edit, phase by phase.
    const phase = { parse: [] as number[], model: [] as number[], generate: [] as number[] };
    for (let i = 0; i < 18; i++) {
      const edited = small.replace('objective: 99.9', `objective: 99.${(run++ % 8) + 1}`);
      const t0 = performance.now();
      const parsed = parseSpec(edited, 'big-service.yaml');
      const t1 = performance.now();
      const m = toModel(parsed).model!;
      const t2 = performance.now();
      generate(m, { specText: edited });
      const t3 = performance.now();
      if (i < 3) continue;
      phase.parse.push(t1 - t0);
      phase.model.push(t2 - t1);
      phase.generate.push(t3 - t2);
    }
    const smallCold = time(() => compile({ file: 'big-service.yaml', text: small.replace(/big-service/g, `svc-${run++}`) }), 5, 1);
    const bytes = generate(model).files.reduce((n, f) => n + f.content.length, 0);
    const rules = JSON.parse(generate(model).files.find((f) => f.path.endsWith('manifest.json'))!.content).totals;
    console.log('| what | median | ratio to baseline |');
    console.log('|---|---|---|');
    console.log(`| baseline: string-template 17 000 Sloth-shaped rules | ${fmt(baseline)} | 1.0× |`);
    console.log(
      `| generate + render (model → all files, ${(bytes / 1e6).toFixed(1)} MB) | ${fmt(gen)} | ${(gen / baseline).toFixed(1)}× |`,
    );
    console.log(`| compile (parse + validate + normalise + generate + render) | ${fmt(full)} | ${(full / baseline).toFixed(1)}× |`);
    console.log(
      `| generate + render, cold (new service and SLO names, new objects: no cache answers) | ${fmt(cold)} | ${coldRatio.toFixed(1)}× (median of ${coldRatios.length} run-by-run ratios: ${coldRatios.map((x) => x.toFixed(1)).join(', ')}) |`,
    );
    console.log(`| 200-SLO spec: compile after one objective edit (studio keystroke) | ${fmt(edit)} | budget 50 ms |`);
    console.log(
      `| 200-SLO spec, that edit phase by phase: parse ${fmt(median(phase.parse))}, model ${fmt(median(phase.model))}, generate + render ${fmt(median(phase.generate))} | | |`,
    );
    console.log(`| 200-SLO spec: compile, cold (new service name) | ${fmt(smallCold)} | — |`);
    console.log(`rules and series: ${JSON.stringify(rules)}`);
  },
};
