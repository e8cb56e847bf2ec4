/**
 * `apply --lint --lint-format json|sarif|github`: the specs' diagnostics and the lint findings of
 * the files written, each at its file, line and column. json and sarif are one document printed
 * at the end (stdout holds nothing else); github prints annotations at the end too.
 */
import type { Bundle, Diagnostic, LintFinding } from '../../core/index.ts';
import type { Io } from '../io.ts';
import { annotation, diagnosticAnnotation } from './github.ts';
import { locateExpr } from './locate.ts';
import { findingOfDiagnostic, sarifLog, type Finding } from './sarif.ts';

export type LintFormat = 'text' | 'json' | 'sarif' | 'github';

export interface LintReport {
  /** json and sarif: stdout is the report only. */
  machine: boolean;
  diagnostics: (ds: readonly Diagnostic[]) => void;
  lint: (findings: readonly LintFinding[], bundle: Bundle, writtenPath: (f: LintFinding) => string) => void;
  print: (io: Io) => void;
}

/** A lint finding at the place its expression was written. */
function lintFinding(f: LintFinding, bundle: Bundle, writtenPath: (f: LintFinding) => string): Finding {
  const file = bundle.files.find((x) => x.path === f.file || x.path.endsWith(`/${f.file}`));
  const pos = file ? locateExpr(file.content, f.where, f.expr) : { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return {
    ruleId: `lint/${f.check}`,
    level: f.severity,
    message: `${f.where}: ${f.message}${f.expr ? `\nexpr: ${f.expr}` : ''}`,
    file: writtenPath(f),
    ...pos,
    logical: f.where,
  };
}

export function lintReport(format: Exclude<LintFormat, 'text'>): LintReport {
  const findings: Finding[] = [];
  const diagnostics: Diagnostic[] = [];
  return {
    machine: format !== 'github',
    diagnostics(ds) {
      diagnostics.push(...ds.filter((d) => d.severity !== 'info'));
    },
    lint(list, bundle, writtenPath) {
      findings.push(...list.map((f) => lintFinding(f, bundle, writtenPath)));
    },
    print(io) {
      if (format === 'github') {
        for (const d of diagnostics) io.out(diagnosticAnnotation(d));
        for (const f of findings) {
          io.out(
            annotation({
              level: f.level === 'note' ? 'notice' : f.level,
              file: f.file,
              line: f.line,
              col: f.column,
              title: `nthlayer ${f.ruleId}`,
              message: f.message,
            }),
          );
        }
      } else if (format === 'sarif') {
        io.out(JSON.stringify(sarifLog([...diagnostics.map(findingOfDiagnostic), ...findings]), null, 2));
      } else {
        io.out(JSON.stringify({ diagnostics, lint: findings }, null, 2));
      }
    },
  };
}
