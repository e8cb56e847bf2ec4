/** Problems found in a spec, each pointing at the exact node a person has to change. */
export type Severity = 'error' | 'warning' | 'info';

/** A path into the document, as zod and the YAML library both understand it. */
export type SpecPath = readonly (string | number)[];

export interface Diagnostic {
  severity: Severity;
  message: string;
  /** `resources[2].spec.objective` */
  path: string;
  /** The file the problem is in (the spec, an environment override, a template). */
  file: string;
  /** 1-based line and column of the start and end of the offending node. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** One line saying what to do about it. */
  hint?: string;
  /** A stable code for tests, docs and editors, e.g. `schema/invalid-type`. */
  code: string;
}

/** Renders `resources[2].spec.objective` from `['resources', 2, 'spec', 'objective']`. */
export function formatPath(path: SpecPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: by file, then position, then severity, then message. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.message.localeCompare(b.message),
  );
}

/** `payment-api.yaml:12:7: error: … (hint)` — the format the CLI prints and editors can parse. */
export function formatDiagnostic(d: Diagnostic): string {
  const hint = d.hint ? `\n    hint: ${d.hint}` : '';
  const where = d.path ? ` [${d.path}]` : '';
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}${where}${hint}`;
}
