/**
 * A parsed YAML document that remembers where every node came from, so any problem found later
 * (schema, semantics, PromQL inside a string) can be reported at a line and column.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Scalar } from 'yaml';
import { formatPath, MAX_DIAGNOSTICS_PER_FILE, type Diagnostic, type Severity, type SpecPath } from './diagnostics.ts';
import { duplicateKeys, isPlainDocument, reparseItem, reparseLine, YAML_OPTIONS, type CleanParse } from './reparse.ts';

/** Bigger than any real service.yaml by two orders of magnitude; protects the tab and the CI runner. */
export const MAX_SPEC_BYTES = 1_000_000;
/** Aliases allowed before expansion is treated as an attack ("billion laughs"). */
export const MAX_ALIAS_COUNT = 100;

export interface SourceFile {
  file: string;
  text: string;
  doc: Document.Parsed | undefined;
  lines: LineCounter;
}

export interface Position {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ParsedYaml {
  source: SourceFile;
  /** The document as plain data; undefined when the YAML could not be read at all. */
  value: unknown;
  diagnostics: Diagnostic[];
}

/**
 * The last clean parse of each recently parsed file, so the next keystroke's text can be read by
 * re-parsing the one list item it changed (reparse.ts). A few files at most: the studio compiles
 * a spec and its environment files; memory never grows with the number of edits.
 */
const remembered = new Map<string, CleanParse>();
const REMEMBERED_FILES = 4;
let remembering = true;

/**
 * How many parses were answered by re-reading one line (a scalar value or a comment), by
 * re-parsing one list item, by a parse already made, and how many read the whole text.
 */
export const parseCounts = { line: 0, item: 0, full: 0, same: 0 };

/**
 * Runs `fn` as if nothing had been parsed before and without remembering anything: what a fresh
 * process would compute. Tests compare the incremental results against it.
 */
export function freshly<T>(fn: () => T): T {
  const was = remembering;
  remembering = false;
  try {
    return fn();
  } finally {
    remembering = was;
  }
}

/** Whether results may be looked up or remembered (false inside freshly()). */
export function isRemembering(): boolean {
  return remembering;
}

/** Parses YAML text with limits on size and alias expansion; never throws for bad input. */
export function parseYaml(text: string, file: string): ParsedYaml {
  const lines = new LineCounter();
  const emptySource: SourceFile = { file, text, doc: undefined, lines };
  // UTF-16 code units to UTF-8 bytes is at most 1 to 3: a text this short is under the limit.
  const bytes = text.length * 3 <= MAX_SPEC_BYTES ? text.length : new TextEncoder().encode(text).length;
  if (bytes > MAX_SPEC_BYTES) {
    return {
      source: emptySource,
      value: undefined,
      diagnostics: [
        diagnosticAt(
          emptySource,
          [],
          'error',
          'yaml/too-large',
          `file is ${formatBytes(bytes)}, over the ${formatBytes(MAX_SPEC_BYTES)} limit for a service spec`,
          'split it into one file per service; a service.yaml is usually a few kilobytes',
          { line: 1, column: 1, endLine: 1, endColumn: 1 },
        ),
      ],
    };
  }
  if (text.trim() === '') {
    return {
      source: emptySource,
      value: undefined,
      diagnostics: [
        diagnosticAt(
          emptySource,
          [],
          'error',
          'yaml/empty',
          'the file is empty',
          'start from an example (`nthlayer init`) or write a `service:` block with name, team, tier and type',
          { line: 1, column: 1, endLine: 1, endColumn: 1 },
        ),
      ],
    };
  }

  const prev = remembering ? remembered.get(file) : undefined;
  // The same text read under another name a moment ago (the studio finds the service name, to
  // pick environment files, before compiling): a clean parse has nothing that names its file.
  const twin = remembering && prev?.text !== text ? sameText(text) : undefined;
  if (twin) {
    parseCounts.same++;
    remember(file, twin);
    return { source: { file, text, doc: twin.doc, lines: twin.lines }, value: twin.value, diagnostics: [] };
  }
  if (prev) {
    const line = reparseLine(prev, text);
    const next = line ?? reparseItem(prev, text, MAX_ALIAS_COUNT);
    if (next) {
      if (next === prev) parseCounts.same++;
      else if (line) parseCounts.line++;
      else parseCounts.item++;
      remember(file, next);
      return { source: { file, text, doc: next.doc, lines: next.lines }, value: next.value, diagnostics: [] };
    }
  }
  if (remembering) parseCounts.full++;

  // The YAML library checks key uniqueness by comparing each key with every earlier one, which
  // is quadratic in the size of a mapping; duplicateKeys() does it with one set per map.
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter: lines });
  const source: SourceFile = { file, text, doc, lines };
  const duplicates = duplicateKeys(doc);
  const diagnostics: Diagnostic[] = duplicates
    .slice(0, MAX_DIAGNOSTICS_PER_FILE)
    .map((at) =>
      rangeDiagnostic(source, 'error', 'yaml/duplicate-key', yamlMessage('DUPLICATE_KEY', ''), yamlHint('DUPLICATE_KEY'), at, at + 1),
    );
  if (duplicates.length > MAX_DIAGNOSTICS_PER_FILE) {
    const at = duplicates[MAX_DIAGNOSTICS_PER_FILE]!;
    diagnostics.push(
      rangeDiagnostic(
        source,
        'error',
        'yaml/duplicate-key',
        `${duplicates.length - MAX_DIAGNOSTICS_PER_FILE} more duplicate keys from here on`,
        yamlHint('DUPLICATE_KEY'),
        at,
        at + 1,
      ),
    );
  }
  for (const err of doc.errors) {
    const [from, to] = err.pos;
    diagnostics.push(
      rangeDiagnostic(
        source,
        'error',
        `yaml/${err.code.toLowerCase().replace(/_/g, '-')}`,
        yamlMessage(err.code, err.message),
        yamlHint(err.code),
        from,
        Math.max(to, from + 1),
      ),
    );
  }
  for (const warn of doc.warnings) {
    const [from, to] = warn.pos;
    diagnostics.push(
      rangeDiagnostic(
        source,
        'warning',
        `yaml/${warn.code.toLowerCase().replace(/_/g, '-')}`,
        firstLine(warn.message),
        undefined,
        from,
        Math.max(to, from + 1),
      ),
    );
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { source, value: undefined, diagnostics };

  try {
    const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    if (remembering && diagnostics.length === 0 && isPlainDocument(text, doc)) remember(file, { text, doc, lines, value });
    return { source, value, diagnostics };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const aliasAt = findFirstAlias(text);
    return {
      source,
      value: undefined,
      diagnostics: [
        rangeDiagnostic(
          source,
          'error',
          'yaml/alias-limit',
          /alias/i.test(message)
            ? `YAML aliases expand to too many nodes (limit ${MAX_ALIAS_COUNT}); this looks like an alias bomb`
            : firstLine(message),
          'write the values out instead of nesting anchors (&) and aliases (*)',
          aliasAt,
          aliasAt + 1,
        ),
      ],
    };
  }
}

function sameText(text: string): CleanParse | undefined {
  for (const parse of remembered.values()) if (parse.text === text) return parse;
  return undefined;
}

function remember(file: string, parse: CleanParse): void {
  remembered.delete(file);
  remembered.set(file, parse);
  if (remembered.size > REMEMBERED_FILES) remembered.delete(remembered.keys().next().value!);
}

function findFirstAlias(text: string): number {
  const m = /(^|[\s[{,:-])\*[^\s,\]}]+/m.exec(text);
  return m ? m.index + m[1]!.length : 0;
}

function yamlMessage(code: string, message: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'duplicate key: a mapping can have each key only once';
    case 'TAB_AS_INDENT':
      return 'tab used for indentation; YAML allows only spaces';
    default:
      return `YAML syntax: ${firstLine(message)}`;
  }
}

function yamlHint(code: string): string | undefined {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'remove one of the two keys or merge their values';
    case 'TAB_AS_INDENT':
      return 'replace the tab with spaces (two per level is the convention)';
    case 'MISSING_CHAR':
    case 'UNEXPECTED_TOKEN':
      return 'check quotes, colons and brackets on this line and the one before';
    case 'BAD_INDENT':
      return 'align this line with its siblings using spaces';
    default:
      return 'fix the YAML syntax at this position';
  }
}

function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? s;
  return line.replace(/ at line \d+, column \d+:?$/, '').trim();
}

function formatBytes(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)} MB`;
  if (n >= 1000) return `${(n / 1000).toFixed(0)} kB`;
  return `${n} B`;
}

export function positionOfRange(source: SourceFile, from: number, to: number): Position {
  const start = source.lines.linePos(Math.max(0, Math.min(from, source.text.length)));
  const end = source.lines.linePos(Math.max(0, Math.min(to, source.text.length)));
  return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}

function rangeDiagnostic(
  source: SourceFile,
  severity: Severity,
  code: string,
  message: string,
  hint: string | undefined,
  from: number,
  to: number,
): Diagnostic {
  return { severity, code, message, path: '', file: source.file, ...positionOfRange(source, from, to), ...(hint ? { hint } : {}) };
}

/** Finds the YAML node at a path; for a missing key, the closest existing parent. */
export function nodeAt(source: SourceFile, path: SpecPath, want: 'key' | 'value' = 'value'): { node: Node | undefined; exact: boolean } {
  const doc = source.doc;
  if (!doc) return { node: undefined, exact: false };
  let current: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const part = path[i]!;
    if (isMap(current)) {
      const pair = current.items.find((p) => isPair(p) && isScalar(p.key) && String((p.key as Scalar).value) === String(part));
      if (!pair) return { node: current, exact: false };
      if (i === path.length - 1 && want === 'key') return { node: pair.key as Node, exact: true };
      current = pair.value ?? pair.key;
    } else if (isSeq(current) && typeof part === 'number') {
      const item = current.items[part];
      if (item === undefined) return { node: current, exact: false };
      current = item;
    } else {
      return { node: current as Node | undefined, exact: false };
    }
  }
  return { node: current as Node | undefined, exact: true };
}

export function positionAt(source: SourceFile, path: SpecPath, want: 'key' | 'value' = 'value'): Position {
  const { node } = nodeAt(source, path, want);
  const range = node?.range;
  if (!range) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  // For a whole mapping, point at its first line only: a squiggle over fifty lines helps nobody.
  if (isMap(node) || isSeq(node)) {
    const start = positionOfRange(source, range[0], range[0]);
    const lineEnd = source.text.indexOf('\n', range[0]);
    const end = positionOfRange(source, range[0], lineEnd === -1 ? range[1] : Math.min(lineEnd, range[1]));
    return { ...start, endLine: end.endLine, endColumn: end.endColumn };
  }
  return positionOfRange(source, range[0], range[1]);
}

export function diagnosticAt(
  source: SourceFile,
  path: SpecPath,
  severity: Severity,
  code: string,
  message: string,
  hint?: string,
  position?: Position,
  want: 'key' | 'value' = 'value',
): Diagnostic {
  return {
    severity,
    code,
    message,
    path: formatPath(path),
    file: source.file,
    ...(position ?? positionAt(source, path, want)),
    ...(hint ? { hint } : {}),
  };
}

/**
 * Maps an offset inside a string value (e.g. a PromQL error at character 42 of a `query: |`
 * block) to its line and column in the file. Block scalars keep one value line per source line
 * (after the indentation), which is what makes this exact for `|` and close for `>`.
 */
export function positionInScalar(source: SourceFile, path: SpecPath, from: number, to: number): Position {
  const { node, exact } = nodeAt(source, path);
  if (!exact || !node || !isScalar(node) || !node.range) return positionAt(source, path);
  const toSource = scalarOffsetMap(source, node);
  return positionOfRange(source, toSource(from), toSource(to));
}

type OffsetMap = (offset: number) => number;
const offsetMaps = new WeakMap<Node, OffsetMap>();

/**
 * Value offset → file offset for one scalar, built once per node and kept: a scalar with a
 * hundred thousand findings is measured once (line starts + binary search), not once per finding.
 */
function scalarOffsetMap(source: SourceFile, node: Scalar): OffsetMap {
  const cached = offsetMaps.get(node);
  if (cached) return cached;
  const [start, end] = node.range!;
  let map: OffsetMap;
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const headerEnd = source.text.indexOf('\n', start);
    if (headerEnd === -1 || headerEnd >= end) {
      map = () => start;
    } else {
      const bodyStart = headerEnd + 1;
      // Each body line: where it starts in the file and how long it is (no arrays spread anywhere).
      const lineStarts: number[] = [];
      const lineLengths: number[] = [];
      let indent = Infinity;
      for (let at = bodyStart; at <= end;) {
        let nl = source.text.indexOf('\n', at);
        if (nl === -1 || nl > end) nl = end;
        lineStarts.push(at);
        lineLengths.push(nl - at);
        let i = at;
        while (i < nl && (source.text[i] === ' ' || source.text[i] === '\t')) i++;
        if (i < nl && i - at < indent) indent = i - at;
        if (nl >= end) break;
        at = nl + 1;
      }
      if (indent === Infinity) indent = 0;
      // Value offset where each line's content begins (content = the line minus the indentation).
      const valueStarts: number[] = [];
      let v = 0;
      for (let i = 0; i < lineStarts.length; i++) {
        valueStarts.push(v);
        v += Math.max(0, lineLengths[i]! - indent) + 1;
      }
      map = (offset) => {
        if (offset >= v) return end;
        let lo = 0;
        let hi = valueStarts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (valueStarts[mid]! <= offset) lo = mid;
          else hi = mid - 1;
        }
        return lineStarts[lo]! + Math.min(indent, lineLengths[lo]!) + (offset - valueStarts[lo]!);
      };
    }
  } else {
    const quote = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
    map = (offset) => Math.min(start + quote + offset, end);
  }
  offsetMaps.set(node, map);
  return map;
}
