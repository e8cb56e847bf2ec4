/**
 * The only place that turns generated data into YAML text. Deterministic: keys in the order the
 * generator built them, fixed line width, no anchors, block scalars for multi-line PromQL.
 */
import { Document, stringify } from 'yaml';
import { joinRendered, rendered, type Rendered } from '../hash.ts';
import { notesOf } from '../notes.ts';

export function renderYaml(value: unknown, header?: string): string {
  const body = simpleYaml(value, '') ?? libraryYaml(value);
  return header ? `${header.trimEnd()}\n${body}` : body;
}

/** The yaml library's text for `value`: what every fast path here must equal byte for byte. */
export function libraryYaml(value: unknown): string {
  return stringify(value, {
    indent: 2,
    lineWidth: 0,
    minContentWidth: 0,
    aliasDuplicateObjects: false,
    blockQuote: 'literal',
    defaultStringType: 'PLAIN',
    defaultKeyType: 'PLAIN',
    singleQuote: false,
  });
}

/** Comment lines for a file header. */
export function yamlComment(lines: readonly string[]): string {
  return lines.map((l) => (l ? `# ${l}` : '#')).join('\n');
}

/**
 * A multi-document YAML stream: each document after a `---` line (and its comment lines, if any).
 * Documents are remembered by content like rules are (one OpenSLO document per SLO).
 */
export function renderYamlDocuments(docs: readonly unknown[], header?: string, comments?: readonly (readonly string[])[]): string {
  return renderYamlDocumentsText(docs, header, comments).text;
}

const DOCUMENT_START = rendered('---\n');
const GROUPS = rendered('groups:\n');

/** renderYamlDocuments's text with its fingerprint sum. */
export function renderYamlDocumentsText(docs: readonly unknown[], header?: string, comments?: readonly (readonly string[])[]): Rendered {
  const parts: Rendered[] = header ? [rendered(`${header.trimEnd()}\n`)] : [];
  docs.forEach((d, i) => {
    parts.push(DOCUMENT_START);
    if (comments?.[i]?.length) parts.push(rendered(`${yamlComment(comments[i]!)}\n`));
    parts.push(cached('doc', d));
  });
  return joinRendered(parts);
}

/**
 * Rendered text by the object rendered (and how: rules as list items, documents at the top level).
 * Generators hand back the same objects for unchanged SLOs (memo.ts, model/share.ts), so an
 * unchanged SLO's rules and documents are looked up, and nothing else needs a key.
 */
const documents = new WeakMap<object, Rendered>();

function cached(kind: 'doc' | 'rule', value: unknown): Rendered {
  const isObject = typeof value === 'object' && value !== null;
  // A rule's text is one of its notes (notes.ts: one weak map entry per rule, shared with the checks).
  const notes = isObject && kind === 'rule' ? notesOf(value) : undefined;
  const same = notes ? notes.ruleText : isObject ? documents.get(value) : undefined;
  if (same !== undefined) return same;
  // A rule as a list item under `rules:` (six spaces in), a document at the top level. No closure: this runs per rule.
  const text = rendered(kind === 'rule' ? (simpleYaml([value], RULE_INDENT) ?? indentLines(renderYaml([value]), 6)) : renderYaml(value));
  if (notes) notes.ruleText = text;
  else if (isObject) documents.set(value, text);
  return text;
}

// The yaml library's own rule for "this plain scalar would read back as something other than a
// string" (42, true, null, 0x1f, .inf, 1e3): its core schema's tags, asked directly.
const resolvesAsNonString = new Document(null).schema.tags.flatMap((t) =>
  'test' in t && t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test ? [t.test] : [],
);
// The library's own list of what a plain scalar may not start with, contain or end with.
const NEEDS_QUOTES = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
// What the library escapes or treats specially: control characters, C1, line/paragraph separators, surrogates.
const SPECIAL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]/;
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/m;
// Anything that is not printable ASCII, and the two pairs that make a one-line scalar need quotes.
const NOT_SIMPLE = /[^\x20-\x7e]|: | #/;

/** True when the yaml library writes `text` as it is (no quotes, no block): checked, not assumed. */
function isPlain(text: string): boolean {
  return (
    !DOCUMENT_MARKER.test(text) &&
    PRINTABLE_ASCII.test(text) &&
    !NEEDS_QUOTES.test(text) &&
    !resolvesAsNonString.some((re) => re.test(text))
  );
}

// What a one-line printable ASCII scalar may not start with (NEEDS_QUOTES's first alternative), and what may start one that the core schema reads as null, a boolean or a number.
const BAD_FIRST = new Set(',[]{}#&*!|>\'"%@` ');
const MAYBE_NOT_STRING = new Set('~nNtTfF0123456789+-.');

/**
 * isPlain for text already known to be one line of printable ASCII that does not start with a
 * document marker, without scanning it with the
 * regular expressions: the same rules as plain substring tests, because PromQL expressions of
 * hundreds of characters are most of what a rule file holds. yaml.test.ts compares both.
 */
function isPlainLine(text: string): boolean {
  return !text.includes(': ') && !text.includes(' #') && plainEnds(text);
}

/** Whether a one-line text starts with a document marker (DOCUMENT_MARKER on one line). */
function startsWithMarker(text: string): boolean {
  return text[0] === '%' || text.startsWith('---') || text.startsWith('...');
}

/** isPlainLine's tests of the first and last characters (and of what the text reads as), for text without `: ` and ` #`. */
function plainEnds(text: string): boolean {
  const first = text[0]!;
  const last = text[text.length - 1]!;
  if (BAD_FIRST.has(first) || last === ' ' || last === ':') return false;
  if ((first === '?' || first === '-') && (text.length === 1 || text[1] === ' ')) return false;
  return !MAYBE_NOT_STRING.has(first) || !resolvesAsNonString.some((re) => re.test(text));
}

/**
 * A map value as the library writes it at this depth (`: value`, `: "quoted"` or a `|-` literal
 * block whose lines start at `indent`), or undefined when the case is not one of these simple ones.
 */
function scalar(text: string, indent: string): string | undefined {
  // The common case in one scan: printable ASCII without `: ` or ` #` (most names and PromQL).
  // A document marker at the start of a line is the library's to write.
  if (text !== '' && !NOT_SIMPLE.test(text)) {
    return startsWithMarker(text) ? undefined : plainEnds(text) ? ` ${text}` : ` ${JSON.stringify(text)}`;
  }
  // One line (printable ASCII has no line break) holding `: ` or ` #`: never plain.
  if (text !== '' && PRINTABLE_ASCII.test(text)) return startsWithMarker(text) ? undefined : ` ${JSON.stringify(text)}`;
  if (text === '' || SPECIAL.test(text)) return undefined;
  if (!text.includes('\n')) {
    // One line with a character beyond printable ASCII (the branches above took the rest) and no
    // tab or control character, so NEEDS_QUOTES comes down to isPlainLine's substring tests.
    // Double quotes: JSON's escaping is the library's for such text; text that would be plain
    // apart from being non-ASCII is written plain by the library, so not here.
    if (startsWithMarker(text)) return undefined;
    return isPlainLine(text) ? undefined : ` ${JSON.stringify(text)}`;
  }
  if (DOCUMENT_MARKER.test(text)) return undefined;
  const lines = text.split('\n');
  // Not here: a first line that starts with a space (needs an indentation indicator), an empty first
  // or last line (other chomping), a whitespace-only last line (the library quotes it).
  if (/^[ \t]/.test(lines[0]!) || lines[0] === '' || lines[lines.length - 1]!.trim() === '') return undefined;
  return ` |-\n${lines.map((l) => (l === '' ? l : indent + l)).join('\n')}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

const RULE_INDENT = '      ';
/** Keys already found plain: generated data uses a few dozen, thousands of times each. */
const plainKeys = new Set<string>();
const KEY = /^[A-Za-z_][\w./-]{0,99}$/;

/** A number as the library writes it, for the plain cases (no exponent, no NaN or infinity). */
function simpleNumber(n: number): string | undefined {
  const text = String(n);
  return Number.isFinite(n) && !text.includes('e') ? text : undefined;
}

/** A scalar value after `key:` or `- `, or undefined for anything but strings, plain numbers and booleans. */
function simpleScalar(value: unknown, indent: string): string | undefined {
  if (typeof value === 'string') return scalar(value, indent);
  if (typeof value === 'number') {
    const text = simpleNumber(value);
    return text === undefined ? undefined : ` ${text}`;
  }
  if (typeof value === 'boolean') return ` ${value}`;
  return undefined;
}

/**
 * Generated data (maps with identifier keys, lists, strings, plain numbers, booleans) written
 * line by line the way the yaml library writes it, each line starting with `indent`: nearly
 * every generated rule and document. Anything else (null, top-level empty collections, lists in lists,
 * control characters, unusual blocks) answers undefined and goes through the library.
 * yaml.test.ts compares both on every artifact of every example and on the edge cases.
 */
export function simpleYaml(value: unknown, indent: string): string | undefined {
  const lines: string[] = [];
  if (!emit(value, indent, lines)) return undefined;
  // The final newline joined in, not appended: `a + b` makes a rope that the fingerprint would copy flat again.
  lines.push('');
  return lines.join('\n');
}

function emit(value: unknown, indent: string, lines: string[]): boolean {
  if (Array.isArray(value)) {
    if (value.length === 0) return false;
    for (const item of value) {
      const lead = `${indent}- `;
      if (isEmptyCollection(item)) {
        lines.push(`${lead}${Array.isArray(item) ? '[]' : '{}'}`);
        continue;
      }
      if (isRecord(item)) {
        if (!emitMap(item, `${indent}  `, lines, lead)) return false;
        continue;
      }
      const text = simpleScalar(item, `${indent}  `);
      if (text === undefined) return false;
      lines.push(`${lead}${text.slice(1)}`);
    }
    return true;
  }
  return isRecord(value) && emitMap(value, indent, lines);
}

/** An empty list or a map with no defined entries: the library writes them in flow style, `[]` and `{}`. */
function isEmptyCollection(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (!isRecord(value)) return false;
  for (const key in value) if (value[key] !== undefined) return false;
  return true;
}

/** A map's entries at `indent`; the first one after `first` when the map is a list item. */
function emitMap(map: Record<string, unknown>, indent: string, lines: string[], first?: string): boolean {
  let wrote = false;
  for (const key in map) {
    const value = map[key];
    if (value === undefined) continue;
    if (!plainKeys.has(key)) {
      if (!KEY.test(key) || !isPlain(key)) return false;
      if (plainKeys.size < 10_000) plainKeys.add(key);
    }
    const lead = wrote || first === undefined ? `${indent}${key}:` : `${first}${key}:`;
    wrote = true;
    if (isEmptyCollection(value)) {
      lines.push(`${lead} ${Array.isArray(value) ? '[]' : '{}'}`);
      continue;
    }
    if (Array.isArray(value) || isRecord(value)) {
      lines.push(lead);
      if (!emit(value, `${indent}  `, lines)) return false;
      continue;
    }
    const text = simpleScalar(value, `${indent}  `);
    if (text === undefined) return false;
    lines.push(`${lead}${text}`);
  }
  return wrote;
}

function indentLines(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}

function isRuleFile(v: unknown): v is { groups: { rules: unknown[] }[] } {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  const groups = (v as { groups?: unknown }).groups;
  return (
    keys.length === 1 &&
    Array.isArray(groups) &&
    groups.every(
      (g) => g && typeof g === 'object' && Array.isArray((g as { rules?: unknown }).rules) && (g as { rules: unknown[] }).rules.length > 0,
    )
  );
}

/**
 * Rule files (`groups:` of rules) rendered rule by rule, each rule's text remembered by its
 * content: while someone types, most rules (technology packs, other SLOs) do not change, so the
 * preview re-renders only the ones that did. The bytes are exactly renderYaml's (tests compare).
 */
export function renderRuleFile(value: unknown, header?: string): string {
  return renderRuleFileText(value, header).text;
}

/** renderRuleFile's text with its fingerprint sum. */
export function renderRuleFileText(value: unknown, header?: string): Rendered {
  if (!isRuleFile(value)) return rendered(renderYaml(value, header));
  const parts: Rendered[] = header ? [rendered(`${header.trimEnd()}\n`), GROUPS] : [GROUPS];
  for (const group of value.groups) {
    const { rules, ...head } = group as { rules: unknown[] } & Record<string, unknown>;
    parts.push(rendered(`${indentLines(renderYaml([head]), 2)}    rules:\n`));
    for (const rule of rules) parts.push(cached('rule', rule));
  }
  return joinRendered(parts);
}
