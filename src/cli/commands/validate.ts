import { hasErrors, type Diagnostic } from '../../core/index.ts';
import { EXIT } from '../exit-codes.ts';
import { loadAndCompile } from '../load.ts';
import { paint, printDiagnostics, type Io } from '../output.ts';

export interface ValidateOptions {
  strict?: boolean;
  env?: string;
  format?: 'text' | 'json' | 'sarif' | 'github';
  quiet?: boolean;
}

/** `nthlayer validate <spec…>`: 0 when every file is valid, 1 when any has an error (or a warning with --strict). */
export async function validateCommand(files: string[], opts: ValidateOptions, io: Io): Promise<number> {
  let failed = false;
  const report: unknown[] = [];
  const all: Diagnostic[] = [];
  for (const file of files) {
    const { result } = loadAndCompile(file, opts.env);
    const bad = hasErrors(result.diagnostics) || (opts.strict === true && result.diagnostics.some((d) => d.severity === 'warning'));
    failed ||= bad;
    if (opts.format === 'json') {
      report.push({ file, valid: !bad, service: result.model?.name ?? null, diagnostics: result.diagnostics });
      continue;
    }
    if (opts.format === 'sarif') {
      all.push(...result.diagnostics.filter((d) => !(opts.quiet && d.severity === 'info')));
      continue;
    }
    if (opts.format === 'github') {
      const { diagnosticAnnotation } = await import('../formats/github.ts');
      for (const d of result.diagnostics) if (!(opts.quiet && d.severity === 'info')) io.out(diagnosticAnnotation(d));
    } else {
      printDiagnostics(io, result.diagnostics, opts.quiet ? 'warning' : 'info');
    }
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
    const status = bad ? paint(io, 'red', 'invalid') : paint(io, 'green', 'valid');
    io.out(
      `${file}: ${status}${result.model ? ` (${result.model.name}, ${result.model.slos.length} SLOs)` : ''}${errors + warnings ? ` — ${errors} error(s), ${warnings} warning(s)` : ''}`,
    );
  }
  if (opts.format === 'json') io.out(JSON.stringify(report, null, 2));
  if (opts.format === 'sarif') {
    const { findingOfDiagnostic, sarifLog } = await import('../formats/sarif.ts');
    io.out(JSON.stringify(sarifLog(all.map(findingOfDiagnostic)), null, 2));
  }
  return failed ? EXIT.failed : EXIT.ok;
}
