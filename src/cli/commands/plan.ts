import { planSummary, planText } from '../../core/index.ts';
import { EXIT } from '../exit-codes.ts';
import { loadAndCompile } from '../load.ts';
import { printDiagnostics, type Io } from '../output.ts';

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
  const plan = planSummary(result.model, result.bundle);
  io.out(opts.format === 'json' ? JSON.stringify(plan, null, 2) : planText(plan).trimEnd());
  return EXIT.ok;
}
