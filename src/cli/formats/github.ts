/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`) and the job summary.
 * Escaping follows the runner's rules: in the message `%`, CR and LF are percent-encoded; in a
 * property value `:` and `,` are too, since they delimit properties.
 */
import { appendFileSync } from 'node:fs';
import type { Diagnostic } from '../../core/index.ts';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  message: string;
  title?: string;
  file?: string;
  line?: number;
  endLine?: number;
  col?: number;
  endColumn?: number;
}

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line. Properties in GitHub's documented order; absent ones left out. */
export function annotation(a: Annotation): string {
  const props: [string, string | number | undefined][] = [
    ['file', a.file],
    ['line', a.line],
    ['endLine', a.endLine],
    ['col', a.col],
    ['endColumn', a.endColumn],
    ['title', a.title],
  ];
  const given = props.filter((p): p is [string, string | number] => p[1] !== undefined && p[1] !== '');
  const head = given.length ? ` ${given.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}` : '';
  return `::${a.level}${head}::${escapeData(a.message)}`;
}

function levelOf(severity: Diagnostic['severity']): AnnotationLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
}

/** A spec diagnostic as an annotation at its file, line and column; the hint on a second line. */
export function diagnosticAnnotation(d: Diagnostic): string {
  const sameLine = d.endLine === d.line;
  return annotation({
    level: levelOf(d.severity),
    file: d.file,
    line: d.line,
    ...(d.endLine > d.line ? { endLine: d.endLine } : {}),
    col: d.column,
    // GitHub takes a column range only within one line.
    ...(sameLine && d.endColumn > d.column ? { endColumn: d.endColumn } : {}),
    title: `nthlayer ${d.code}`,
    message: `${d.message}${d.path ? ` [${d.path}]` : ''}${d.hint ? `\nhint: ${d.hint}` : ''}`,
  });
}

/** Appends markdown to the job summary when the runner provides one ($GITHUB_STEP_SUMMARY); false otherwise. */
export function appendJobSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const path = env.GITHUB_STEP_SUMMARY;
  if (!path) return false;
  appendFileSync(path, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  return true;
}

/** A markdown table cell: pipes and line breaks would break the row. */
export function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
