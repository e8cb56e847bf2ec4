import { formatDuration } from '../../core/units.ts';
import { EXIT } from '../exit-codes.ts';
import { loadAndCompile } from '../load.ts';
import { paint, printDiagnostics, type Io } from '../output.ts';

interface Cost { rules: number; recordedSeries: number; samplesPerEvaluation: { inputSeries1: number; inputSeries100: number } }

export interface PlanOptions {
  env?: string;
  format?: 'text' | 'json';
}

/** `nthlayer plan <spec>`: what apply would write, without writing it. */
export function planCommand(file: string, opts: PlanOptions, io: Io): number {
  const { result } = loadAndCompile(file, opts.env);
  printDiagnostics(io, result.diagnostics, 'warning');
  if (!result.ok || !result.bundle || !result.model) {
    io.err(`${file}: invalid; fix the errors above (nthlayer validate ${file})`);
    return EXIT.failed;
  }
  const { model, bundle } = result;
  const files = bundle.artifacts.map((a, i) => ({ path: bundle.files[i]!.path, bytes: new TextEncoder().encode(bundle.files[i]!.content).length, counts: a.counts }));
  if (opts.format === 'json') {
    io.out(JSON.stringify({
      service: model.name,
      environment: model.environment ?? null,
      slos: model.slos.map((s) => ({ name: s.name, objective: s.objectivePercent, window: formatDuration(s.window) })),
      technologies: model.technologies,
      files,
    }, null, 2));
    return EXIT.ok;
  }
  io.out(`${paint(io, 'bold', model.name)} (${model.team}, tier ${model.tier}, ${model.type}${model.environment ? `, env ${model.environment}` : ''})`);
  io.out(model.slos.length === 0 ? 'SLOs: none' : 'SLOs:');
  for (const s of model.slos) io.out(`  - ${s.name}: ${s.objectivePercent}% over ${formatDuration(s.window)}`);
  io.out(`Technologies: ${model.technologies.join(', ') || 'none'}`);
  const manifest = JSON.parse(bundle.files.find((f) => f.path.endsWith('manifest.json'))!.content) as { cost: { assumptions: { scrapeInterval: string }; slos: { slo: string; nthlayer: Cost; sloth: Cost }[] } };
  if (manifest.cost.slos.length > 0) {
    io.out(`Rule cost per SLO (samples read per evaluation, ${manifest.cost.assumptions.scrapeInterval} scrape, 1 / 100 input series per selector):`);
    for (const c of manifest.cost.slos) {
      io.out(`  - ${c.slo}: ${c.nthlayer.rules} rules, ${c.nthlayer.recordedSeries} series, ${c.nthlayer.samplesPerEvaluation.inputSeries1} / ${c.nthlayer.samplesPerEvaluation.inputSeries100} samples` +
        ` (Sloth's shape: ${c.sloth.rules} rules, ${c.sloth.samplesPerEvaluation.inputSeries1} / ${c.sloth.samplesPerEvaluation.inputSeries100})`);
    }
  }
  io.out('Would write:');
  for (const f of files) {
    const counts = Object.entries(f.counts).map(([k, v]) => `${v} ${k}`).join(', ');
    io.out(`  ${f.path} (${f.bytes} bytes${counts ? `; ${counts}` : ''})`);
  }
  return EXIT.ok;
}
