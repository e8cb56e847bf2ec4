/**
 * Re-reading one list item instead of the whole file. The studio parses the spec on every
 * keystroke, and a keystroke almost always lands inside one entry of a block list (one resource
 * of `resources:`). When the previous text parsed cleanly and the edit stays inside one such
 * item, only that item's lines are parsed again (with the same YAML library) and spliced into a
 * new document: nodes before the item are shared, nodes after it are copied with their offsets
 * moved, and the plain value shares every unchanged part (which later stages remember by
 * identity). Nothing of the previous result is changed: an older compile's positions and hovers
 * stay valid.
 *
 * The result must equal a full parse of the new text (value, node offsets, line starts); every
 * condition below that cannot be shown locally gives up and the caller parses the whole text.
 * Comments attached to nodes (commentBefore, spaceBefore …) around the item may be attached
 * differently: nothing reads them but the file's header comment, which such an edit cannot touch.
 * incremental.test.ts compares both ways over random edit sequences.
 */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  Pair,
  parseDocument,
  Scalar,
  visit,
  YAMLMap,
  YAMLSeq,
  type Document,
  type Node,
} from 'yaml';

/** A clean parse (no errors, warnings, anchors, aliases, tags or directives) that can be edited. */
export interface CleanParse {
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  value: unknown;
}

/** The options of the full parse; the item is parsed with the same ones. */
export const YAML_OPTIONS = { uniqueKeys: false, prettyErrors: false, keepSourceTokens: false } as const;

type Collection = YAMLMap<unknown, unknown> | YAMLSeq<unknown>;
type Range = [number, number, number];

/** One step from the document root down to the edited item. */
interface Step {
  node: Collection;
  index: number;
  /** The value's key in the plain data: a mapping key or a list index. */
  key: string | number;
}

/** Thrown inside the copy when an offset is not where it must be; caught by reparseItem. */
class GiveUp extends Error {}

/**
 * Whether a successfully parsed document can be the base of a later item re-parse. Anchors and
 * aliases tie one item to another, tags and directives change how every scalar reads, so any of
 * them means the next edit is parsed in full.
 */
export function isPlainDocument(text: string, doc: Document.Parsed): boolean {
  if (doc.errors.length > 0 || doc.warnings.length > 0) return false;
  if (text.startsWith('%') || text.includes('\n%')) return false;
  let plain = true;
  visit(doc, {
    Alias() {
      plain = false;
      return visit.BREAK;
    },
    Node(_, node) {
      if (node.anchor || node.tag) {
        plain = false;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return plain;
}

/** Offsets of keys that repeat an earlier key of the same mapping, in linear time. */
export function duplicateKeys(doc: Document.Parsed): number[] {
  const out: number[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key) || !key.range) continue;
        const id = `${typeof key.value}:${String(key.value)}`;
        if (seen.has(id)) out.push(key.range[0]);
        else seen.add(id);
      }
    },
  });
  return out;
}

/**
 * The parse of `text`, made from `prev` by re-parsing the one block-list item the edit lies in;
 * undefined when the edit is not of that kind or anything about it is in doubt.
 */
export function reparseItem(prev: CleanParse, text: string, maxAliasCount: number): CleanParse | undefined {
  const old = prev.text;
  if (old === text) return prev;
  const { p, oldEnd, delta } = changeBetween(old, text);

  // Down from the root: through block mappings (string keys) and block lists to the outermost
  // list item that holds the whole change.
  const steps: Step[] = [];
  let current: unknown = prev.doc.contents;
  let found: { seq: YAMLSeq<unknown>; index: number; item: Node; a: number; b: number; dashCol: number } | undefined;
  while (!found) {
    if (isMap(current) && !current.flow) {
      const index = current.items.findIndex((pair) => {
        const v = pair.value as Node | null;
        return isScalar(pair.key) && !!v?.range && v.range[0] <= p && oldEnd <= v.range[2];
      });
      if (index < 0) return undefined;
      const pair = current.items[index]!;
      const key = (pair.key as Scalar).value;
      if (typeof key !== 'string') return undefined;
      steps.push({ node: current, index, key });
      current = pair.value;
    } else if (isSeq(current) && !current.flow && current.range) {
      const seqStart = current.range[0];
      const dashCol = seqStart - lineStart(old, seqStart);
      // The last item whose dash comes before the change.
      let index = -1;
      let dash = -1;
      for (let i = 0; i < current.items.length; i++) {
        const item = current.items[i] as Node | null;
        if (!item?.range) return undefined;
        const d = dashBefore(old, item.range[0], dashCol);
        if (d < 0) return undefined;
        if (d >= p) break;
        index = i;
        dash = d;
      }
      if (index < 0) return undefined;
      const item = current.items[index] as Node;
      const a = dash - dashCol;
      const b = itemEnd(old, a, dashCol);
      // The dash line's start and the line break before the next line are unchanged.
      if (b < old.length ? oldEnd > b - 1 : oldEnd > b) return undefined;
      if (item.range![2] > b + indentAt(old, b)) return undefined;
      steps.push({ node: current, index, key: index });
      found = { seq: current, index, item, a, b, dashCol };
    } else {
      return undefined;
    }
  }

  const { item: oldItem, a, b, dashCol } = found;
  const atEof = b === old.length;
  const newB = b + delta;
  const slice = text.slice(a, newB);
  if (/[\t\r]/.test(slice) || itemEnd(slice, 0, dashCol) !== slice.length) return undefined;
  // What follows the item decides where some of its nodes end: an empty value followed by comment
  // lines ends at the next token, after that line's indentation. So the slice is followed by what
  // the file has there: nothing at the end of the text or at column 0, else the next item's dash.
  const indent = atEof ? 0 : indentAt(old, b);
  let next = '';
  if (indent > 0) {
    const c = old[b + indent + 1];
    if (indent !== dashCol || old[b + indent] !== '-' || !(c === ' ' || c === '\n')) return undefined;
    next = `${' '.repeat(indent)}- x\n`;
  }
  // A dash at the list's column after the item is the next item of the same list.
  if (next && found.index === found.seq.items.length - 1) return undefined;
  const itemCount = next ? 2 : 1;

  const sliceLines = new LineCounter();
  const source = slice + next;
  const sliceDoc = parseDocument(source, { ...YAML_OPTIONS, lineCounter: sliceLines });
  if (sliceDoc.errors.length > 0 || sliceDoc.warnings.length > 0) return undefined;
  const seq = sliceDoc.contents;
  if (!isSeq(seq) || seq.flow || seq.items.length !== itemCount || seq.range?.[0] !== dashCol) return undefined;
  const newItem = seq.items[0] as Node | null;
  if (!newItem?.range || newItem.range[2] > slice.length + indent) return undefined;
  if (next && (seq.items[1] as Node | null)?.range?.[0] !== slice.length + indent + 2) return undefined;
  if (!isPlainDocument(source, sliceDoc) || duplicateKeys(sliceDoc).length > 0) return undefined;

  let leaf: unknown;
  try {
    const js = sliceDoc.toJS({ maxAliasCount }) as unknown;
    if (!Array.isArray(js) || js.length !== itemCount) return undefined;
    leaf = js[0];
  } catch {
    return undefined;
  }

  // Offsets in the new text: before the item unchanged, after it moved by delta. An ancestor's
  // end that is its child's end (the item, or the collection holding it, is the last one) is the
  // new child's end. The list of the edited item, when the item is its last, ends where the
  // slice's list ends: that is where its trailing comments end, as in the whole file.
  const dash = a + dashCol;
  const after = (v: number): number => {
    if (v < b) throw new GiveUp();
    return v + delta;
  };
  let oldChild: readonly number[] = oldItem.range!;
  let newChild: Range = newItem.range.map((v) => v + a) as Range;
  const around = (v: number, i: number): number => {
    if (i === 0) {
      if (v <= dash) return v;
      throw new GiveUp();
    }
    if (v === oldChild[2]) return newChild[2];
    if (v === oldChild[1]) return newChild[1];
    if (v > b || (v === b && !atEof)) return v + delta;
    throw new GiveUp();
  };

  let doc: Document.Parsed;
  try {
    // The new item's nodes belong to the slice's document: move them to file offsets.
    moveInPlace(newItem, a);
    let replacement: unknown = newItem;
    for (let k = steps.length - 1; k >= 0; k--) {
      const { node, index } = steps[k]!;
      const copy = shallowCollection(node);
      const range = node.range;
      if (!range) throw new GiveUp();
      copy.range =
        k === steps.length - 1 && index === node.items.length - 1
          ? [range[0], seq.range[1] + a, seq.range[2] + a]
          : (range.map(around) as Range);
      const items: unknown[] = node.items.slice(0, index);
      if (isMap(node)) {
        const pair = node.items[index]!;
        items.push(new Pair(pair.key, replacement));
      } else {
        items.push(replacement);
      }
      // With the length unchanged, everything after the item is where it was: share it.
      for (let i = index + 1; i < node.items.length; i++) items.push(delta === 0 ? node.items[i] : copyMoved(node.items[i], after));
      copy.items = items as never;
      replacement = copy;
      oldChild = range;
      newChild = copy.range;
    }
    doc = Object.create(Object.getPrototypeOf(prev.doc) as object, Object.getOwnPropertyDescriptors(prev.doc)) as Document.Parsed;
    doc.contents = replacement as Document.Parsed['contents'];
    doc.errors = [];
    doc.warnings = [];
    // At the end of the text the document ends where the slice's does (after trailing comments).
    const docRange = prev.doc.range;
    if (docRange) doc.range = [around(docRange[0], 0), around(docRange[1], 1), atEof ? sliceDoc.range[2] + a : around(docRange[2], 2)];
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }

  // Line starts: the library's own, from the full parse around the item and the slice's inside it.
  const starts = prev.lines.lineStarts;
  const ia = lowerBound(starts, a);
  const ib = lowerBound(starts, b);
  if (starts[ia] !== a || (!atEof && starts[ib] !== b)) return undefined;
  const lines = new LineCounter();
  const out = starts.slice(0, ia);
  for (const v of sliceLines.lineStarts) if (atEof || v < slice.length) out.push(v + a);
  if (!atEof) for (let i = ib; i < starts.length; i++) out.push(starts[i]! + delta);
  lines.lineStarts = out;

  // The plain value: new objects along the path, everything else shared.
  const value = spliceValue(prev.value, steps, 0, leaf);
  if (value === GIVE_UP) return undefined;
  return { text, doc, lines, value };
}

/** Where an edit confined to one line lies in the document (see {@link reparseLine}). */
type LineSite =
  /** Inside a one-line scalar value: `steps` lead to it (the last step's child is the scalar). */
  | { kind: 'scalar'; steps: Step[]; scalar: Scalar }
  /** Between the nodes of the collection `steps` lead to (the root's contents when empty). */
  | { kind: 'between'; steps: Step[]; node: Collection }
  /** Before the document's contents: the header. */
  | { kind: 'header' };

/**
 * The parse of `text`, made from `prev` when the edit stays on one line and either inside a
 * one-line scalar value of a block collection (typing a description, a name, a number) or after
 * the `#` of a line that holds only a comment (the file's header, a note between fields). The
 * document's shape is then unchanged: the scalar is parsed on its own, everything after it moves
 * by the edit's length, and the plain value shares every other part (all of it for a comment).
 * Undefined when the edit is not of that kind or anything about it is in doubt; the caller then
 * tries {@link reparseItem}, then a full parse.
 */
export function reparseLine(prev: CleanParse, text: string): CleanParse | undefined {
  const old = prev.text;
  if (old === text) return prev;
  const { p, oldEnd, delta } = changeBetween(old, text);
  if (/[\n\r\t]/.test(old.slice(p, oldEnd)) || /[\n\r\t]/.test(text.slice(p, oldEnd + delta))) return undefined;
  const ls = lineStart(old, p);
  const le = old.indexOf('\n', oldEnd);
  // The line ends with a plain line break (not the text's end, not CRLF).
  if (le < 0 || old.charCodeAt(le - 1) === 13) return undefined;
  const contents = prev.doc.contents as Node | null;
  if (!contents?.range) return undefined;

  const site = lineSite(contents, p, oldEnd);
  if (!site) return undefined;
  const line = old.slice(ls, le);
  if (site.kind !== 'scalar') {
    // Only after the `#` of a line that is nothing but a comment: the edit cannot end it.
    const hash = /^ *#/.exec(line);
    if (!hash || p < ls + hash[0].length) return undefined;
  }

  let replacement: unknown;
  let oldChild: readonly number[];
  let newChild: readonly number[];
  let leaf: unknown;
  const steps = site.kind === 'header' ? [] : site.steps;
  if (site.kind === 'scalar') {
    const scalar = site.scalar;
    const [r0, r1, r2] = scalar.range!;
    // One line, ending its line (a trailing comment at most), in block context.
    if (r0 < ls || r1 <= r0 || r2 !== le + 1 || old.lastIndexOf('\n', r1 - 1) > r0) return undefined;
    if (!isInlineScalar(scalar)) return undefined;
    // Read on its own, as the value of a one-pair mapping: a one-line scalar reads the same anywhere in block context.
    const stub = `x: ${text.slice(r0, le + delta)}\n`;
    const stubDoc = parseDocument(stub, YAML_OPTIONS);
    if (stubDoc.errors.length > 0 || stubDoc.warnings.length > 0 || !isPlainDocument(stub, stubDoc)) return undefined;
    const map = stubDoc.contents;
    if (!isMap(map) || map.flow || map.items.length !== 1) return undefined;
    const value = map.items[0]!.value;
    if (!isScalar(value) || !value.range || value.range[1] <= value.range[0] || value.range[2] !== stub.length) return undefined;
    if (!isInlineScalar(value)) return undefined;
    moveInPlace(value, r0 - 3);
    leaf = (stubDoc.toJS() as { x: unknown }).x;
    replacement = value;
    oldChild = scalar.range!;
    newChild = value.range!;
  }

  const moved = (v: number): number => {
    if (v < p) return v;
    if (v >= oldEnd) return v + delta;
    throw new GiveUp();
  };
  let doc: Document.Parsed;
  try {
    if (site.kind === 'between') {
      // The collection holding the comment line: items before it shared, items after it moved.
      const node = site.node;
      const copy = shallowCollection(node);
      copy.range = node.range!.map(moved) as Range;
      copy.items = (node.items as unknown[]).map((item) => (lastOffset(item) < p ? item : copyMoved(item, moved))) as never;
      replacement = copy;
      oldChild = node.range!;
      newChild = copy.range;
    } else if (site.kind === 'header') {
      replacement = copyMoved(contents, moved);
      oldChild = contents.range;
      newChild = (replacement as Node).range!;
    }
    const around = (v: number): number => (v === oldChild[1] ? newChild[1]! : v === oldChild[2] ? newChild[2]! : moved(v));
    for (let k = steps.length - 1; k >= 0; k--) {
      const { node, index } = steps[k]!;
      const copy = shallowCollection(node);
      copy.range = node.range!.map(around) as Range;
      const items: unknown[] = node.items.slice(0, index);
      if (isMap(node)) items.push(new Pair(node.items[index]!.key, replacement));
      else items.push(replacement);
      for (let i = index + 1; i < node.items.length; i++) items.push(copyMoved(node.items[i], moved));
      copy.items = items as never;
      replacement = copy;
      oldChild = node.range!;
      newChild = copy.range;
    }
    doc = Object.create(Object.getPrototypeOf(prev.doc) as object, Object.getOwnPropertyDescriptors(prev.doc)) as Document.Parsed;
    doc.contents = replacement as Document.Parsed['contents'];
    if (prev.doc.range) doc.range = prev.doc.range.map(moved) as Range;
    if (
      site.kind === 'header' &&
      !headerComments(doc, text, contents.range[0] + delta, old.slice(contents.range[0], old.indexOf('\n', contents.range[0]) + 1))
    )
      return undefined;
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }

  const lines = new LineCounter();
  lines.lineStarts = prev.lines.lineStarts.map((v) => (v <= p ? v : v + delta));
  const value = site.kind === 'scalar' ? spliceValue(prev.value, steps, 0, leaf) : prev.value;
  if (value === GIVE_UP) return undefined;
  return { text, doc, lines, value };
}

/** Where the edit [p, end) lies: inside a scalar value, between a collection's nodes, or in the header. */
function lineSite(contents: Node, p: number, end: number): LineSite | undefined {
  const [c0, , c2] = contents.range!;
  if (p < c0) return end <= c0 ? { kind: 'header' } : undefined;
  if (end > c2) return undefined;
  const steps: Step[] = [];
  let node: Node = contents;
  for (;;) {
    if (isScalar(node)) {
      const r = node.range!;
      // Its text, or what follows it on its line (spaces, a comment): the scalar is read again with it.
      return steps.length > 0 && r[0] <= p && end <= r[2] ? { kind: 'scalar', steps, scalar: node } : undefined;
    }
    if (!(isMap(node) || isSeq(node)) || node.flow) return undefined;
    let next: { index: number; key: string | number; child: Node } | undefined;
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i];
      const keyNode = isPair(item) ? (item.key as Node | null) : null;
      const child = (isPair(item) ? item.value : item) as Node | null;
      // Inside a key, or across a key and its value: not a value edit.
      if (keyNode?.range && keyNode.range[0] <= end && p <= keyNode.range[2]) return undefined;
      if (!child?.range || child.range[0] > p || end > child.range[2]) continue;
      if (end > child.range[1] && !isScalar(child)) return undefined;
      let key: string | number = i;
      if (isPair(item)) {
        if (!isScalar(item.key) || typeof item.key.value !== 'string') return undefined;
        key = item.key.value;
      }
      next = { index: i, key, child };
      break;
    }
    if (!next) return { kind: 'between', steps, node };
    steps.push({ node, index: next.index, key: next.key });
    node = next.child;
  }
}

/** Plain or quoted: a scalar that can stand on one line (not a block scalar). */
function isInlineScalar(node: Scalar): boolean {
  return node.type === Scalar.PLAIN || node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
}

/** The last offset an item (a node, or a pair's key and value) covers. */
function lastOffset(item: unknown): number {
  if (isPair(item)) return Math.max((item.key as Node | null)?.range?.[2] ?? Infinity, (item.value as Node | null)?.range?.[2] ?? -1);
  return (item as Node | null)?.range?.[2] ?? Infinity;
}

/**
 * Sets the header comments of an edited document (its own, and those of the first nodes down its
 * first path) from a parse of the header followed by the first line of the contents: nothing
 * later in a file changes where its header comments go. False if the header holds anything but
 * comments and blank lines.
 */
function headerComments(doc: Document.Parsed, text: string, c0: number, firstLine: string): boolean {
  const head = text.slice(0, c0);
  if (!/^(?: *(?:#[^\n]*)?\n)*$/.test(head)) return false;
  const stub = parseDocument(head + firstLine, YAML_OPTIONS);
  if (stub.errors.length > 0 || stub.warnings.length > 0) return false;
  doc.commentBefore = stub.commentBefore;
  let a: unknown = doc.contents;
  let b: unknown = stub.contents;
  while (a && b && typeof a === 'object' && typeof b === 'object') {
    (a as Node).commentBefore = (b as Node).commentBefore;
    if (isMap(a) && isMap(b)) {
      a = a.items[0]?.key;
      b = b.items[0]?.key;
    } else if (isSeq(a) && isSeq(b)) {
      a = a.items[0];
      b = b.items[0];
    } else break;
  }
  return true;
}

const GIVE_UP = Symbol('give up');

function spliceValue(v: unknown, steps: Step[], k: number, leaf: unknown): unknown {
  if (k === steps.length) return leaf;
  const { key } = steps[k]!;
  if (typeof key === 'number') {
    if (!Array.isArray(v) || key >= v.length) return GIVE_UP;
    const inner = spliceValue(v[key], steps, k + 1, leaf);
    if (inner === GIVE_UP) return GIVE_UP;
    const copy = v.slice();
    copy[key] = inner;
    return copy;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype) return GIVE_UP;
  if (!Object.prototype.hasOwnProperty.call(v, key)) return GIVE_UP;
  const inner = spliceValue((v as Record<string, unknown>)[key], steps, k + 1, leaf);
  if (inner === GIVE_UP) return GIVE_UP;
  return { ...(v as Record<string, unknown>), [key]: inner };
}

/** Where two texts differ: `old` from `p` to `oldEnd` became `delta` characters longer (or shorter). */
function changeBetween(old: string, text: string): { p: number; oldEnd: number; delta: number } {
  const p = commonPrefix(old, text);
  const s = commonSuffix(old, text, Math.min(old.length, text.length) - p);
  return { p, oldEnd: old.length - s, delta: text.length - old.length };
}

/** Compared a block at a time (substring comparison is a memory compare), then by character. */
const BLOCK = 512;

function commonPrefix(x: string, y: string): number {
  const min = Math.min(x.length, y.length);
  let n = 0;
  while (n + BLOCK <= min && x.substring(n, n + BLOCK) === y.substring(n, n + BLOCK)) n += BLOCK;
  while (n < min && x.charCodeAt(n) === y.charCodeAt(n)) n++;
  return n;
}

function commonSuffix(x: string, y: string, max: number): number {
  let n = 0;
  while (n + BLOCK <= max && x.substring(x.length - n - BLOCK, x.length - n) === y.substring(y.length - n - BLOCK, y.length - n))
    n += BLOCK;
  while (n < max && x.charCodeAt(x.length - 1 - n) === y.charCodeAt(y.length - 1 - n)) n++;
  return n;
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

/**
 * Where the dash of a block-list item whose value starts at `valueStart` is: only spaces between
 * it and the value, and only `dashCol` spaces before it on its line. -1 if the item is not
 * written that way (`-` on a line of its own, a list inside a list on one line …).
 */
function dashBefore(text: string, valueStart: number, dashCol: number): number {
  let i = valueStart - 1;
  while (i >= 0 && text.charCodeAt(i) === 32) i--;
  if (i < 0 || text[i] !== '-' || i === valueStart - 1) return -1;
  const start = lineStart(text, i);
  if (i - start !== dashCol) return -1;
  for (let j = start; j < i; j++) if (text.charCodeAt(j) !== 32) return -1;
  return i;
}

/**
 * The start of the first line after the item's first line (which starts at `a`) that holds
 * something other than a comment at the dash's column or left of it: where the item certainly
 * ends. The end of the text if there is none.
 */
function itemEnd(text: string, a: number, dashCol: number): number {
  let at = text.indexOf('\n', a);
  while (at !== -1) {
    const start = at + 1;
    let i = start;
    while (i < text.length && text.charCodeAt(i) === 32) i++;
    const c = text[i];
    if (i < text.length && c !== '\n' && c !== '#' && i - start <= dashCol) return start;
    at = text.indexOf('\n', start);
  }
  return text.length;
}

/** How many spaces the line starting at `at` begins with. */
function indentAt(text: string, at: number): number {
  let i = at;
  while (i < text.length && text.charCodeAt(i) === 32) i++;
  return i - at;
}

function lowerBound(xs: readonly number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function moveInPlace(node: unknown, by: number): void {
  if (isAlias(node)) throw new GiveUp();
  if (isScalar(node)) {
    if (node.range) node.range = node.range.map((v) => v + by) as Range;
    return;
  }
  if (isMap(node) || isSeq(node)) {
    if (node.range) node.range = node.range.map((v) => v + by) as Range;
    for (const item of node.items as unknown[]) {
      if (item instanceof Pair) {
        moveInPlace(item.key, by);
        moveInPlace(item.value, by);
      } else moveInPlace(item, by);
    }
    return;
  }
  if (node !== null && node !== undefined) throw new GiveUp();
}

/** A copy of a mapping or list (the same items array until replaced). */
function shallowCollection(node: Collection): Collection {
  const copy: Collection = isMap(node) ? new YAMLMap(node.schema) : new YAMLSeq(node.schema);
  Object.assign(copy, node);
  return copy;
}

/** A deep copy of a node after the edit, offsets mapped (nodes are never changed in place). */
function copyMoved(node: unknown, map: (v: number) => number): unknown {
  if (node === null || node === undefined) return node;
  if (isScalar(node)) {
    const copy = new Scalar(node.value);
    Object.assign(copy, node);
    if (node.range) copy.range = node.range.map(map) as Range;
    return copy;
  }
  if (node instanceof Pair) return new Pair(copyMoved(node.key, map), copyMoved(node.value, map));
  if (isMap(node) || isSeq(node)) {
    const copy = shallowCollection(node);
    if (node.range) copy.range = node.range.map(map) as Range;
    copy.items = (node.items as unknown[]).map((item) => copyMoved(item, map)) as never;
    return copy;
  }
  throw new GiveUp();
}
