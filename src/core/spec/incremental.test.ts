/**
 * Re-parsing one list item (reparse.ts) must give exactly what a full parse gives. Every example
 * and the synthetic 200-SLO spec get a sequence of deterministic pseudo-random edits, parsed one
 * after the other as keystrokes are; after each, the remembered (incremental) result is compared
 * with a fresh parse: the value, the diagnostics, the line starts, every node's offsets, and the
 * position of every path. parseSpec's output is compared the same way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { describe, expect, it } from 'vitest';
import { syntheticSpec } from '../../../bench/spec.bench.ts';
import type { SpecPath } from './diagnostics.ts';
import { parseSpec, type ParsedSpec } from './parse.ts';
import { freshly, nodeAt, parseCounts, parseYaml, positionAt, positionInScalar, type ParsedYaml, type SourceFile } from './source.ts';

/** mulberry32: a small seeded generator, so every run makes the same edits. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A node's offsets and content, with its children: what positions and hovers are made from. */
function shape(node: unknown): unknown {
  if (node === null || node === undefined) return node;
  if (isPair(node)) return { key: shape(node.key), value: shape(node.value) };
  const n = node as Node & Record<string, unknown>;
  const common = { range: n.range, anchor: n.anchor, tag: n.tag, flow: n.flow };
  if (isScalar(node)) return { kind: 'scalar', ...common, value: node.value, type: node.type, source: n.source, format: n.format };
  if (isMap(node) || isSeq(node)) return { kind: isMap(node) ? 'map' : 'seq', ...common, items: (node.items as unknown[]).map(shape) };
  return { kind: 'other', ...common };
}

function pathsOf(value: unknown, base: SpecPath = [], out: SpecPath[] = []): SpecPath[] {
  out.push(base);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...base, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...base, k], out);
  return out;
}

function valueAt(value: unknown, path: SpecPath): unknown {
  let v = value;
  for (const p of path) v = (v as Record<string | number, unknown>)[p];
  return v;
}

/** Everything of a parse that anything downstream can read. */
function observable(source: SourceFile, value: unknown): unknown {
  const positions = pathsOf(value).map((path) => {
    const v = valueAt(value, path);
    const found = nodeAt(source, path);
    // The node itself; its children are compared through their own paths (and the whole tree below).
    const node = found.node as (Node & Record<string, unknown>) | undefined;
    const inScalar =
      typeof v === 'string' && v.length > 0
        ? [positionInScalar(source, path, 0, 1), positionInScalar(source, path, v.length - 1, v.length)]
        : [];
    return {
      path,
      exact: found.exact,
      node: node && {
        range: node.range,
        kind: isScalar(node) ? 'scalar' : isMap(node) ? 'map' : isSeq(node) ? 'seq' : 'other',
        value: isScalar(node) ? node.value : undefined,
        type: node.type,
      },
      value: positionAt(source, path),
      key: positionAt(source, path, 'key'),
      inScalar,
    };
  });
  return {
    file: source.file,
    text: source.text,
    lineStarts: source.lines.lineStarts,
    // Comments are not compared node by node: nothing reads them but the file's header comment
    // (import reads `--default-slo-period` there), which an edit inside a list item cannot touch.
    doc: source.doc
      ? {
          range: source.doc.range,
          contents: shape(source.doc.contents),
          errors: source.doc.errors.length,
          header: [source.doc.commentBefore, (source.doc.contents as { commentBefore?: unknown } | null)?.commentBefore],
        }
      : undefined,
    positions,
  };
}

function expectSameYaml(inc: ParsedYaml, fresh: ParsedYaml, what: string): void {
  expect(inc.value, what).toStrictEqual(fresh.value);
  expect(inc.diagnostics, what).toStrictEqual(fresh.diagnostics);
  expect(observable(inc.source, inc.value), what).toStrictEqual(observable(fresh.source, fresh.value));
}

function expectSameSpec(inc: ParsedSpec, fresh: ParsedSpec, what: string): void {
  expect(inc.spec, what).toStrictEqual(fresh.spec);
  expect(inc.resources, what).toStrictEqual(fresh.resources);
  expect(inc.diagnostics, what).toStrictEqual(fresh.diagnostics);
}

type Edit = (text: string, rnd: () => number, original: string) => string;

const pick = <T>(xs: readonly T[] | string, rnd: () => number): T => xs[Math.floor(rnd() * xs.length)] as T;
const lineStarts = (text: string): number[] => [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1).filter((i) => i < text.length)];
const lineAt = (text: string, rnd: () => number): { start: number; end: number; line: string } => {
  const start = pick(lineStarts(text), rnd);
  const nl = text.indexOf('\n', start);
  const end = nl === -1 ? text.length : nl;
  return { start, end, line: text.slice(start, end) };
};
/** Offsets of `- ` list items' line starts, with their indentation. */
const itemLines = (text: string): { start: number; indent: number }[] =>
  [...text.matchAll(/^( *)- /gm)].map((m) => ({ start: m.index, indent: m[1]!.length }));
const splice = (text: string, from: number, to: number, insert: string): string => text.slice(0, from) + insert + text.slice(to);

const TYPED = 'abcxyz019_.:- "\'#&*!{}[],|>\n\t%';

/** Keystrokes inside a value: the common case, which keeps the YAML valid most of the time. */
const typeInValue: Edit = (text, rnd) => {
  for (let tries = 0; tries < 20; tries++) {
    const { start, line } = lineAt(text, rnd);
    const colon = line.indexOf(': ');
    if (colon < 0) continue;
    const at = start + colon + 2 + Math.floor(rnd() * (line.length - colon - 1));
    if (rnd() < 0.3 && at < start + line.length) return splice(text, at, at + 1, '');
    return splice(text, at, at, pick('abcdefxyz0123456789', rnd));
  }
  return text;
};

const EDITS: Record<string, Edit> = {
  typeInValue,
  typeInValue2: typeInValue,
  typeInValue3: typeInValue,
  insertChar: (text, rnd) => {
    const at = Math.floor(rnd() * (text.length + 1));
    return splice(text, at, at, pick(TYPED, rnd));
  },
  deleteChars: (text, rnd) => {
    const at = Math.floor(rnd() * text.length);
    return splice(text, at, at + 1 + Math.floor(rnd() * 5), '');
  },
  replaceChar: (text, rnd) => {
    const at = Math.floor(rnd() * text.length);
    return splice(text, at, at + 1, pick(TYPED, rnd));
  },
  duplicateLine: (text, rnd) => {
    // A repeated key when the line is `key: value`.
    const { end, line } = lineAt(text, rnd);
    return splice(text, end, end, `\n${line}`);
  },
  deleteLine: (text, rnd) => {
    const { start, end } = lineAt(text, rnd);
    return splice(text, start, Math.min(text.length, end + 1), '');
  },
  dedentLine: (text, rnd) => {
    const { start, line } = lineAt(text, rnd);
    const spaces = line.length - line.trimStart().length;
    return splice(text, start, start + Math.min(spaces, 1 + Math.floor(rnd() * 4)), '');
  },
  indentLine: (text, rnd) => {
    const { start } = lineAt(text, rnd);
    return splice(text, start, start, pick([' ', '  ', '    '], rnd));
  },
  blankLine: (text, rnd) => {
    const { end } = lineAt(text, rnd);
    return splice(text, end, end, pick(['\n', '\n    ', '\n  # note', '\n      # indented note', '\n#'], rnd));
  },
  anchorOrAlias: (text, rnd) => {
    for (let tries = 0; tries < 20; tries++) {
      const { start, line } = lineAt(text, rnd);
      const colon = line.indexOf(': ');
      if (colon < 0) continue;
      return splice(text, start + colon + 2, start + colon + 2, pick(['&a ', '*a\n', '!!str ', '&b ', '*b'], rnd));
    }
    return text;
  },
  emptyValueThenComment: (text, rnd) => {
    // `key:` with nothing after it, then a comment line: the empty value ends at the next token.
    for (let tries = 0; tries < 20; tries++) {
      const { start, end, line } = lineAt(text, rnd);
      const colon = line.indexOf(': ');
      if (colon < 0) continue;
      return splice(text, start + colon + 1, end, pick(['\n  # c', '\n# c', '\n    # c\n', ''], rnd));
    }
    return text;
  },
  typeInComment: (text, rnd) => {
    // A keystroke after the `#` of a line that is only a comment (the header, a note between fields).
    const lines = [...text.matchAll(/^ *#[^\n]*/gm)];
    if (lines.length === 0) return text;
    const m = pick(lines, rnd);
    const hash = m.index + m[0].indexOf('#') + 1;
    const at = hash + Math.floor(rnd() * (m.index + m[0].length - hash + 1));
    if (rnd() < 0.3 && at < m.index + m[0].length) return splice(text, at, at + 1, '');
    return splice(text, at, at, pick('abc xyz:-#"\'{}', rnd));
  },
  typeInServiceValue: (text, rnd) => {
    // Typing at the end of a value of the service block (outside every list item).
    const m = pick([...text.matchAll(/^ {2}(?:name|team|description|tier): [^\n]*/gm)], rnd);
    if (!m) return text;
    const end = m.index + m[0].length;
    if (rnd() < 0.3) return splice(text, end - 1, end, '');
    return splice(text, end, end, pick('abc xyz019.:#"\'-', rnd));
  },
  commentInItem: (text, rnd) => {
    const { end } = lineAt(text, rnd);
    return splice(text, end, end, pick([' # why', ' #', '#x'], rnd));
  },
  editFirstItem: (text, rnd) => {
    const first = itemLines(text)[0];
    if (!first) return text;
    const nl = text.indexOf('\n', first.start);
    const at = nl === -1 ? text.length : nl;
    return splice(text, at, at, pick(['x', '1', '\n    description: first', ' # c'], rnd));
  },
  editLastItem: (text, rnd) => {
    const items = itemLines(text);
    const last = items[items.length - 1];
    if (!last) return text;
    const nl = text.indexOf('\n', last.start);
    const at = nl === -1 ? text.length : nl;
    return splice(text, at, at, pick(['y', '2', `\n${' '.repeat(last.indent + 2)}extra: 1`], rnd));
  },
  appendAtEnd: (text, rnd) => text + pick(['x', '\n', '  - kind: SLO\n', '# end\n', 'extra: 1\n'], rnd),
  editService: (text, rnd) => {
    const at = text.indexOf('  name: ');
    if (at < 0) return text;
    return splice(text, at + 8, at + 8, pick(['x', 'y-', '0'], rnd));
  },
  insertResource: (text, rnd) => {
    const items = itemLines(text).filter((i) => i.indent === 2);
    if (items.length < 2) return text;
    const k = Math.floor(rnd() * (items.length - 1));
    const block = text.slice(items[k]!.start, items[k + 1]!.start);
    const at = pick(items, rnd).start;
    return splice(text, at, at, block.replace(/name: (\S+)/, 'name: $1-copy'));
  },
  deleteResource: (text, rnd) => {
    const items = itemLines(text).filter((i) => i.indent === 2);
    if (items.length < 2) return text;
    const k = Math.floor(rnd() * (items.length - 1));
    return splice(text, items[k]!.start, items[k + 1]!.start, '');
  },
  copyItemOverAnother: (text, rnd) => {
    // Replaces one resource's body by another's (a paste): the edit spans most of one item.
    const items = itemLines(text).filter((i) => i.indent === 2);
    if (items.length < 3) return text;
    const k = Math.floor(rnd() * (items.length - 2));
    const body = text.slice(items[k]!.start, items[k + 1]!.start);
    return splice(text, items[k + 1]!.start, items[k + 2]!.start, body);
  },
  undo: (_text, _rnd, original) => original,
};

const EDIT_NAMES = Object.keys(EDITS);
/** For the big spec (each step costs two full parses): mostly keystrokes, some structure, an undo now and then. */
const BIG_EDIT_NAMES = [
  ...['typeInValue', 'typeInValue', 'typeInValue', 'typeInValue', 'typeInValue', 'typeInValue', 'typeInValue', 'typeInValue'],
  ...['typeInValue', 'typeInValue', 'editFirstItem', 'editLastItem', 'commentInItem', 'editFirstItem', 'editLastItem'],
  ...['insertResource', 'deleteResource', 'copyItemOverAnother', 'duplicateLine', 'anchorOrAlias', 'blankLine', 'dedentLine'],
  ...['insertChar', 'deleteChars', 'appendAtEnd', 'editService', 'undo', 'emptyValueThenComment', 'typeInComment', 'typeInServiceValue'],
];

function runSequence(
  name: string,
  original: string,
  steps: number,
  seed: number,
  names = EDIT_NAMES,
): { line: number; item: number; full: number } {
  const rnd = random(seed);
  const file = `${name}`;
  const before = { ...parseCounts };
  // Start from the original, remembered.
  parseSpec(original, file);
  let text = original;
  const kept: { text: string; result: ParsedYaml }[] = [];
  const history: string[] = [];
  let lastHadErrors = false;
  for (let i = 0; i < steps; i++) {
    // Someone who breaks the YAML usually fixes it next: then the step undoes the last edit.
    // An anchor or a tag is undone as often: while one is in the file, every parse is a full one.
    const broken = history.length > 0 && (lastHadErrors || /&a |&b |\*a|\*b|!!str/.test(text));
    const kind = broken && rnd() < 0.6 ? 'undoLast' : pick(names, rnd);
    if (kind === 'undoLast') text = history.pop()!;
    else {
      history.push(text);
      text = EDITS[kind]!(text, rnd, original);
    }
    const what = `${name} step ${i} (${kind})`;
    const inc = parseYaml(text, file);
    const fresh = freshly(() => parseYaml(text, file));
    expectSameYaml(inc, fresh, what);
    lastHadErrors = inc.diagnostics.some((d) => d.severity === 'error');
    expectSameSpec(
      parseSpec(text, file),
      freshly(() => parseSpec(text, file)),
      what,
    );
    if (i % 7 === 0) kept.push({ text, result: inc });
  }
  // Results handed out earlier are never changed by later edits.
  for (const { text: t, result } of kept)
    expectSameYaml(
      result,
      freshly(() => parseYaml(t, file)),
      `${name}: an earlier result`,
    );
  return { line: parseCounts.line - before.line, item: parseCounts.item - before.item, full: parseCounts.full - before.full };
}

/** Each text parsed after the previous one (remembered) must equal its fresh parse. */
function expectSteps(file: string, texts: string[]): { line: number; item: number; full: number; same: number } {
  const before = { ...parseCounts };
  texts.forEach((text, i) => {
    const what = `${file} text ${i}: ${JSON.stringify(text.slice(0, 60))}`;
    expectSameYaml(
      parseYaml(text, file),
      freshly(() => parseYaml(text, file)),
      what,
    );
    expectSameSpec(
      parseSpec(text, file),
      freshly(() => parseSpec(text, file)),
      what,
    );
  });
  return {
    line: parseCounts.line - before.line,
    item: parseCounts.item - before.item,
    full: parseCounts.full - before.full,
    same: parseCounts.same - before.same,
  };
}

/** `base`, then `insert` typed one character at a time at the first occurrence of `at` (after it), then deleted again. */
function typing(base: string, at: string, insert: string): string[] {
  const offset = base.indexOf(at);
  if (offset < 0) throw new Error(`no ${at} in the text`);
  const p = offset + at.length;
  const out = [base];
  for (let i = 1; i <= insert.length; i++) out.push(base.slice(0, p) + insert.slice(0, i) + base.slice(p));
  for (let i = insert.length - 1; i >= 0; i--) out.push(base.slice(0, p) + insert.slice(0, i) + base.slice(p));
  return out;
}

const SPEC = `# a comment before everything
service:
  name: svc
  team: t
  tier: low
  type: api
resources:
  - kind: SLO
    name: availability
    spec:
      objective: 99.9
      description: >
        folded text
        on two lines
      indicators:
        - type: availability
          query: |+
            sum(rate(x[5m]))

# between items, at column 0
  # and at the list's column
  - kind: SLO   # trailing comment
    name: "latency \u00e9 quoted
      over two lines"
    spec:
      objective: 99.0
      labels: {team: t,
        tier: low}
      indicator:
        type: latency
        threshold_ms: 500
        query: plain scalar that
          continues here
  - kind: Dependencies
    name: deps
    spec:
      databases:
        - name: db
          type: postgresql
        - name: cache
other_top_level: 1
`;

describe('incremental YAML parse: typed one keystroke at a time', () => {
  const cases: [string, string, string, string][] = [
    ['a number in the first item', SPEC, 'objective: 99.9', '5'],
    ['a new line in the first item', SPEC, 'objective: 99.9', '\n      window: 28d'],
    ['inside a keep-chomped block scalar that ends the item', SPEC, 'sum(rate(x[5m]))', ' or vector(0)\n\n'],
    ['a new key after the block scalar (it stops swallowing blank lines)', SPEC, '[5m]))\n', '          x: 1\n'],
    ['inside a folded scalar', SPEC, 'folded text', ' and more'],
    ['inside a quoted scalar over two lines', SPEC, 'latency ', 'p99 '],
    ['inside a flow mapping over two lines', SPEC, '{team: t,', ' env: prod,'],
    ['inside a plain scalar over two lines', SPEC, 'continues', ' further'],
    ['a trailing comment', SPEC, 'kind: SLO   # trailing', ' more'],
    ['a comment line inside the item', SPEC, 'threshold_ms: 500', '\n# a comment at column 0'],
    ['in a nested list of the last item', SPEC, '- name: cache', '\n          type: redis'],
    ['a key renamed to an unknown field', SPEC, 'threshold', '_x'],
    ['a value that breaks the schema', SPEC, 'threshold_ms: 500', 'ms'],
    ['a duplicate key', SPEC, 'type: latency', '\n        type: latency'],
    ['an anchor and an alias', SPEC, 'objective: 99.0', '\n      x: &n 1\n      y: *n'],
    ['a tab', SPEC, 'threshold_ms: 500', '\t'],
    ['a surrogate pair', SPEC, 'name: deps', ' \ud83d\ude80'],
    ['a __proto__ key', SPEC, 'threshold_ms: 500', '\n        __proto__: {x: 1}'],
    ['a new item typed between two', SPEC, '          continues here\n', '  - kind: SLO\n    name: new\n'],
    ['the top-level key after the list', SPEC, 'other_top_level: 1', '0'],
    [
      'the indentation of a comment line under a value that ends in a comment',
      SPEC.replace('name: deps', 'name: deps #\n      # note'),
      'deps #\n',
      '  ',
    ],
    ['a comment line under a value that ends in a comment', SPEC.replace('name: deps', 'name: deps #\n      # note'), '# note', ' more'],
    ['a trailing comment typed after a value', SPEC, 'tier: low', ' # why'],
    ['a value typed after its trailing spaces', SPEC, 'objective: 99.0', '  # c 1'],
  ];
  it.each(cases)('%s', (_name, base, at, insert) => {
    const counts = expectSteps('typed.yaml', typing(base, at, insert));
    expect(counts.line + counts.item + counts.full).toBeGreaterThan(0);
  });

  it('re-reads only the line for ordinary typing in a value, and only the item for a new line in an item', () => {
    // Warm: the base is remembered; every keystroke after it is one line re-read.
    parseYaml(SPEC, 'typed2.yaml');
    const texts = typing(SPEC, 'objective: 99.9', '5').slice(1);
    const counts = expectSteps('typed2.yaml', texts);
    // Back to the base text, which another file of these tests holds: answered by that parse.
    expect(counts).toMatchObject({ line: texts.length - 1, item: 0, full: 0 });
    expect(counts.same).toBeGreaterThan(0);
    parseYaml(SPEC, 'typed3.yaml');
    const lines = typing(SPEC, 'objective: 99.9', '\n      window: 28d').slice(1, 10);
    const newLine = expectSteps('typed3.yaml', lines);
    expect(newLine.line).toBe(0);
    expect(newLine.item).toBeGreaterThan(0);
  });

  it('re-reads only the line for typing in the header comment, a comment line, and a value outside any list', () => {
    // A note between two fields of the service block, and one between two resources.
    const text = readFileSync('examples/order-api.yaml', 'utf8')
      .replace(/^( {2}team: [^\n]*\n)/m, '$1  # who is paged\n')
      .replace(/^( {2}- kind: )/m, '  # the resources, one by one\n$1');
    const header = text.slice(0, text.indexOf('\n'));
    for (const [at, insert] of [
      [header, ' more words: and a colon'],
      ['#', ' "quoted" {flow} [text]'],
      ['# who is paged', ' and more: words'],
      ['# the resources', ', typed over'],
      ['  description: ', 'Typed first. '],
      [/^ {2}description: [^\n]*/m.exec(text)![0], ' and typed last, then more'],
      [/^ {2}name: [^\n]*/m.exec(text)![0], '-v2'],
    ] as const) {
      parseYaml(text, 'lines.yaml');
      const texts = typing(text, at, insert).slice(1);
      const counts = expectSteps('lines.yaml', texts);
      expect(counts.full, `${at} + ${insert}`).toBe(0);
      expect(counts.line, `${at} + ${insert}`).toBeGreaterThan(texts.length / 2);
    }
  });

  it('never reads a comment line as part of the value above it, whose node may end after it', () => {
    // `rimary #` ends with an empty comment; its node then ends after the indented comment line below.
    const text = 'resources:\n    name: rimary #\n      # indented note\n    spec:\n      urgency:\n';
    const counts = expectSteps('value-then-note.yaml', [text, text.replace('      # indented', '    # indented')]);
    expect(counts.line).toBe(0);
  });

  it('reads the header comment where a full parse puts it, whether a blank line follows it or not', () => {
    for (const text of ['# one\n# two\n\nservice:\n  name: a\n', '# one\n# two\nservice:\n  name: a\n', '# one\n- a\n- b\n']) {
      parseYaml(text, 'header.yaml');
      const counts = expectSteps('header.yaml', typing(text, '# one', ' and more').slice(1));
      expect(counts.line).toBeGreaterThan(0);
    }
  });

  it('answers a text read under another file name a moment ago with that parse, under its own name', () => {
    const text = SPEC.replace('objective: 99.9', 'objective: 99.7');
    const first = parseYaml(text, 'first-name.yaml');
    const before = { ...parseCounts };
    const second = parseYaml(text, 'second-name.yaml');
    expect(parseCounts.same - before.same).toBe(1);
    expect(parseCounts.full - before.full).toBe(0);
    expect(second.source.file).toBe('second-name.yaml');
    expect(second.source.doc).toBe(first.source.doc);
    expectSameYaml(
      second,
      freshly(() => parseYaml(text, 'second-name.yaml')),
      'the twin',
    );
    // A text with a problem is never remembered: its diagnostics name the file they were read from.
    const broken = `${text}\nservice: [\n`;
    parseYaml(broken, 'first-name.yaml');
    expect(parseYaml(broken, 'second-name.yaml').diagnostics.every((d) => d.file === 'second-name.yaml')).toBe(true);
  });

  it('handles a list at the top level, a list at column 0, CRLF line ends and no final newline', () => {
    const top = '- a: 1\n  b: 2\n- a: 3\n';
    expectSteps('top.yaml', typing(top, 'b: 2', '0\n  c: x'));
    const compact = 'service:\n  name: s\nresources:\n- kind: SLO\n  name: a\n- kind: SLO\n  name: b\n';
    expectSteps('compact.yaml', typing(compact, 'name: a', 'bc\n  spec: {}'));
    expectSteps('crlf.yaml', typing(compact.replace(/\n/g, '\r\n'), 'name: a', 'x'));
    const noNewline = compact.slice(0, -1);
    expectSteps('eof.yaml', typing(noNewline, 'name: b', 'c\n  x: 1'));
    expectSteps('markers.yaml', typing(`---\n${compact}...\n`, 'name: a', 'x'));
  });

  it('places an empty value followed by comment lines where a full parse does, whatever follows the item', () => {
    // Such a value ends at the next token: the next item's dash, a key at column 0, a less indented key, the end.
    const item = '  - kind: SLO\n    name: a\n    spec:\n    # about the next one\n\n';
    for (const after of ['  - kind: SLO\n    name: b\n', 'other: 1\n', '']) {
      const text = `resources:\n${item}${after}`;
      expectSteps('empty-value.yaml', typing(text, 'name: a', 'bc'));
      expectSteps('empty-value.yaml', typing(text, 'spec:', ' {}'));
    }
    const nested = 'outer:\n  list:\n    - a: 1\n      b:\n      # note\n    - a: 2\n      b:\n      # note\n  key: 1\n';
    expectSteps('nested.yaml', typing(nested, 'a: 1', '0'));
    expectSteps('nested.yaml', typing(nested, 'a: 2', '0'));
  });
});

describe('incremental YAML parse: one list item re-parsed', () => {
  const examples = [
    ...readdirSync('examples').filter((f) => f.endsWith('.yaml')),
    ...readdirSync('examples/environments').map((f) => `environments/${f}`),
  ].sort();

  it.each(examples)('equals a full parse after every edit of a sequence: %s', (f) => {
    const text = readFileSync(`examples/${f}`, 'utf8');
    const counts = runSequence(f, text, 120, f.length * 7919 + text.length);
    // The sequences are meant to exercise every way; a run that never takes one proves nothing of it.
    if (itemLines(text).length > 1) expect(counts.item).toBeGreaterThan(5);
    expect(counts.line).toBeGreaterThan(5);
    expect(counts.full).toBeGreaterThan(10);
  });

  it('equals a full parse after every edit of a sequence: the 200-SLO spec', () => {
    const counts = runSequence('big-service.yaml', syntheticSpec(200), 60, 42, BIG_EDIT_NAMES);
    expect(counts.line + counts.item).toBeGreaterThan(20);
    expect(counts.item).toBeGreaterThan(3);
  }, 120_000);

  it('re-reads only one line for a one-objective edit of the 200-SLO spec, as the bench does', () => {
    const text = syntheticSpec(200);
    const first = parseSpec(text, 'bench.yaml');
    const before = { ...parseCounts };
    const edited = text.replace('objective: 99.9', 'objective: 99.5');
    const second = parseSpec(edited, 'bench.yaml');
    expect(parseCounts.line - before.line).toBe(1);
    expect(parseCounts.full - before.full).toBe(0);
    expect(second.spec?.resources?.[0]).toMatchObject({ spec: { objective: 99.5 } });
    // Unchanged resources keep their identity in the plain value (later stages share by identity).
    const v1 = parseYaml(text, 'other.yaml').value as { resources: unknown[] };
    const v2 = parseYaml(text.replace('objective: 99.9', 'objective: 99.95'), 'other.yaml').value as { resources: unknown[] };
    expect(v2.resources[0]).not.toBe(v1.resources[0]);
    expect(v2.resources[1]).toBe(v1.resources[1]);
    expect(v2.resources[199]).toBe(v1.resources[199]);
    expect(first.spec?.resources?.[0]).toMatchObject({ spec: { objective: 99.9 } });
    expectSameSpec(
      second,
      freshly(() => parseSpec(edited, 'bench.yaml')),
      'objective edit',
    );
  });

  it('falls back to a full parse for a new line outside a list item, across items, or with anchors', () => {
    const text = syntheticSpec(3);
    parseYaml(text, 'fallback.yaml');
    const cases = [
      text.replace('team: platform', 'team: platform\n  tier: low'), // the service block is a mapping, not a list item
      text.replace('availability-0', 'availability-0\n  - kind: SLO'), // a new item inside the edit
      text.replace('objective: 99.9', 'objective: &o 99.9'), // an anchor
    ];
    for (const edited of cases) {
      const before = { ...parseCounts };
      expectSameYaml(
        parseYaml(edited, 'fallback.yaml'),
        freshly(() => parseYaml(edited, 'fallback.yaml')),
        edited.slice(0, 40),
      );
      expect(parseCounts.full - before.full).toBe(1);
      parseYaml(text, 'fallback.yaml');
    }
  });
});
