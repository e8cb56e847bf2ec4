/**
 * Reading the input: a YAML stream of one or more documents, where a document may also be a
 * list of objects (OpenSLO's examples) or a Kubernetes `List` (`kubectl get -o yaml`). Every
 * object keeps its place in the file, so any field can be reported at its line and column.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import { formatPath, type Diagnostic, type Severity, type SpecPath } from '../spec/diagnostics.ts';
import { diagnosticAt, MAX_ALIAS_COUNT, positionAt, positionInScalar, positionOfRange, type SourceFile } from '../spec/source.ts';
import type { ImportInput } from './types.ts';

/** Import files may hold many objects (a whole namespace of Pyrra SLOs); still bounded. */
const MAX_IMPORT_BYTES = 4_000_000;

export interface SourceObject {
  file: string;
  value: unknown;
  source: SourceFile;
  /** Where the object sits inside its YAML document: [] or [3] or ['items', 3]. */
  base: SpecPath;
  /** The YAML document could not be read (the error is already reported); nothing in it is imported. */
  broken?: boolean;
}

export function readObjects(input: ImportInput, sink: Diagnostic[]): SourceObject[] {
  const lines = new LineCounter();
  const empty: SourceFile = { file: input.file, text: input.text, doc: undefined, lines };
  const start = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const bytes = new TextEncoder().encode(input.text).length;
  if (bytes > MAX_IMPORT_BYTES) {
    sink.push(
      diagnosticAt(
        empty,
        [],
        'error',
        'import/too-large',
        `file is ${Math.round(bytes / 1e6)} MB, over the ${MAX_IMPORT_BYTES / 1e6} MB import limit`,
        'split it into smaller files',
        start,
      ),
    );
    return [];
  }
  if (input.text.trim() === '') {
    sink.push(diagnosticAt(empty, [], 'error', 'import/empty', 'the file is empty', 'pass a Sloth, OpenSLO or Pyrra YAML file', start));
    return [];
  }
  const docs = parseAllDocuments(input.text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (!Array.isArray(docs)) return [];
  const out: SourceObject[] = [];
  for (const doc of docs) {
    const source: SourceFile = { file: input.file, text: input.text, doc, lines };
    if (doc.errors.length > 0) {
      // The first error is the one to fix; the rest are usually its echoes.
      for (const err of doc.errors.slice(0, 1)) {
        const [from, to] = err.pos;
        sink.push({
          severity: 'error',
          code: 'import/yaml',
          message: `YAML syntax: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
          path: '',
          file: input.file,
          ...positionOfRange(source, from, Math.max(to, from + 1)),
          hint: 'fix the YAML at this position; nothing in this document was imported',
        });
      }
      out.push({ file: input.file, value: undefined, source, base: [], broken: true });
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch {
      sink.push(
        diagnosticAt(
          source,
          [],
          'error',
          'import/yaml-aliases',
          `YAML aliases expand to too many nodes (limit ${MAX_ALIAS_COUNT})`,
          'write the values out instead of nesting anchors and aliases',
        ),
      );
      continue;
    }
    if (value === null || value === undefined) continue; // an empty document between `---` lines
    if (Array.isArray(value)) {
      value.forEach((item, i) => out.push({ file: input.file, value: item, source, base: [i] }));
    } else if (isRecord(value) && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
      value.items.forEach((item, i) => out.push({ file: input.file, value: item, source, base: ['items', i] }));
    } else {
      out.push({ file: input.file, value, source, base: [] });
    }
  }
  return out;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The place of a field: for diagnostics, comments in the written spec and duplicate checks. */
export interface Place {
  file: string;
  line: number;
  /** `slos[2].sli` */
  path: string;
}

/**
 * Reports problems about one object and reads its fields with type checks. Every reader reports
 * a wrong type as an error at the field; unknown fields are reported by {@link Reader.keys}.
 */
export interface Reader {
  readonly object: SourceObject;
  report(path: SpecPath, severity: Severity, code: string, message: string, hint?: string, want?: 'key' | 'value'): void;
  /** Reports at a character range inside a string value (a PromQL error inside a query). */
  reportIn(path: SpecPath, from: number, to: number, severity: Severity, code: string, message: string, hint?: string): void;
  place(path: SpecPath): Place;
  /** Warns about every key of `value` not in `known` (a field this importer does not read). */
  keys(value: Record<string, unknown>, path: SpecPath, known: readonly string[], where: string): void;
  map(value: unknown, path: SpecPath): Record<string, unknown> | undefined;
  list(value: unknown, path: SpecPath): unknown[] | undefined;
  string(value: unknown, path: SpecPath): string | undefined;
  number(value: unknown, path: SpecPath): number | undefined;
  bool(value: unknown, path: SpecPath): boolean | undefined;
  /** A map of strings (labels, annotations); numbers and booleans are read as their text. */
  strings(value: unknown, path: SpecPath): Record<string, string> | undefined;
  /** How many diagnostics this reader has reported so far. */
  count(): number;
  /** Warnings and errors reported since `start` (a {@link Reader.count}), as comment lines. */
  notesSince(start: number): string[];
  /** Whether an error was reported since `start`. */
  errorsSince(start: number): boolean;
}

export function reader(object: SourceObject, sink: Diagnostic[]): Reader {
  const full = (path: SpecPath): SpecPath => [...object.base, ...path];
  const own: Diagnostic[] = [];
  const push = (d: Diagnostic): void => {
    sink.push(d);
    own.push(d);
  };
  const r: Reader = {
    object,
    count: () => own.length,
    notesSince: (start) =>
      own
        .slice(start)
        .filter((d) => d.severity !== 'info')
        .map((d) => `${d.severity} (line ${d.line}): ${d.message}`),
    errorsSince: (start) => own.slice(start).some((d) => d.severity === 'error'),
    report(path, severity, code, message, hint, want = 'value') {
      push(diagnosticAt(object.source, full(path), severity, code, message, hint, undefined, want));
    },
    reportIn(path, from, to, severity, code, message, hint) {
      push({
        severity,
        code,
        message,
        path: formatPath(full(path)),
        file: object.file,
        ...positionInScalar(object.source, full(path), from, to),
        ...(hint ? { hint } : {}),
      });
    },
    place(path) {
      return { file: object.file, line: positionAt(object.source, full(path), 'key').line, path: formatPath(full(path)) };
    },
    keys(value, path, known, where) {
      for (const key of Object.keys(value)) {
        if (known.includes(key)) continue;
        r.report(
          [...path, key],
          'warning',
          'import/unknown-field',
          `dropped: \`${key}\` is not a field of ${where} that NthLayer knows`,
          "check the spelling against the format's documentation; the field was not imported",
          'key',
        );
      }
    },
    map(value, path) {
      if (value === undefined || value === null) return undefined;
      if (isRecord(value)) return value;
      r.report(
        path,
        'error',
        'import/invalid-type',
        `\`${String(path[path.length - 1] ?? 'document')}\` must be a mapping, not ${describe(value)}`,
      );
      return undefined;
    },
    list(value, path) {
      if (value === undefined || value === null) return undefined;
      if (Array.isArray(value)) return value;
      r.report(path, 'error', 'import/invalid-type', `\`${String(path[path.length - 1])}\` must be a list, not ${describe(value)}`);
      return undefined;
    },
    string(value, path) {
      if (value === undefined || value === null) return undefined;
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      r.report(path, 'error', 'import/invalid-type', `\`${String(path[path.length - 1])}\` must be a string, not ${describe(value)}`);
      return undefined;
    },
    number(value, path) {
      if (value === undefined || value === null) return undefined;
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      r.report(path, 'error', 'import/invalid-type', `\`${String(path[path.length - 1])}\` must be a number, not ${describe(value)}`);
      return undefined;
    },
    bool(value, path) {
      if (value === undefined || value === null) return undefined;
      if (typeof value === 'boolean') return value;
      r.report(path, 'error', 'import/invalid-type', `\`${String(path[path.length - 1])}\` must be true or false, not ${describe(value)}`);
      return undefined;
    },
    strings(value, path) {
      const m = r.map(value, path);
      if (!m) return undefined;
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(m)) {
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
        else
          r.report(
            [...path, k],
            'warning',
            'import/dropped',
            `dropped: \`${k}\` is ${describe(v)}, not a string`,
            'write the value as a string',
          );
      }
      return out;
    },
  };
  return r;
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}
