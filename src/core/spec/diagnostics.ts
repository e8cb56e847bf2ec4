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
  /**
   * The text that fixes it in place of the range line:column–endLine:endColumn (a misspelt key or
   * enum value): the editor's quick fix, offered before anything else.
   */
  suggestion?: string;
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

/**
 * Findings shown per file. A file with more is broken in one repeated way; listing every one
 * only slows the editor and the terminal (a 1 MB file can hold 130 000 of the same finding).
 */
export const MAX_DIAGNOSTICS_PER_FILE = 200;

/**
 * Keeps the first {@link MAX_DIAGNOSTICS_PER_FILE} diagnostics of each file (already sorted) and
 * replaces the rest with one "N more" diagnostic of their highest severity, so nothing is hidden
 * silently and an error beyond the cap still makes the file invalid.
 */
export function capDiagnostics(sorted: readonly Diagnostic[], max = MAX_DIAGNOSTICS_PER_FILE): Diagnostic[] {
  const out: Diagnostic[] = [];
  const dropped = new Map<string, Diagnostic[]>();
  const kept = new Map<string, number>();
  for (const d of sorted) {
    const n = kept.get(d.file) ?? 0;
    if (n < max) {
      kept.set(d.file, n + 1);
      out.push(d);
    } else {
      let list = dropped.get(d.file);
      if (!list) dropped.set(d.file, (list = []));
      list.push(d);
    }
  }
  for (const [file, list] of dropped) {
    const count = (s: Severity): number => list.filter((d) => d.severity === s).length;
    const severity: Severity = count('error') ? 'error' : count('warning') ? 'warning' : 'info';
    const first = list[0]!;
    out.push({
      severity,
      code: 'diagnostics/truncated',
      file,
      message: `${list.length} more problem(s) in this file are not shown (${count('error')} errors, ${count('warning')} warnings, ${count('info')} infos)`,
      path: '',
      line: first.line,
      column: first.column,
      endLine: first.endLine,
      endColumn: first.endColumn,
      hint: 'fix the ones above first: they are usually the same mistake repeated',
    });
  }
  return out;
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

const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Spec text quoted in a message, made safe for a terminal: control characters (escape sequences
 * that could retitle the window, move the cursor or hide text) and bidirectional overrides are
 * shown as `\x1b` / `\u{202e}` instead of being sent.
 */
function escapeControls(s: string): string {
  return s.replace(UNPRINTABLE, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u{${n.toString(16)}}`;
  });
}

/** `payment-api.yaml:12:7: error: … (hint)` — the format the CLI prints and editors can parse. */
export function formatDiagnostic(d: Diagnostic): string {
  const hint = d.hint ? `\n    hint: ${escapeControls(d.hint)}` : '';
  const where = d.path ? ` [${escapeControls(d.path)}]` : '';
  return `${escapeControls(d.file)}:${d.line}:${d.column}: ${d.severity}: ${escapeControls(d.message)}${where}${hint}`;
}
