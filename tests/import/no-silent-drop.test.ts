/**
 * Faithful or loud: a field the importer does not know is never dropped silently. For every
 * mapping of every fixture, a field is added; the import must either carry it into the spec
 * (labels and annotations do) or report it at its line, or report a parent it drops as a whole.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isMap, isSeq, parseAllDocuments, type Node } from 'yaml';
import { importSpecs } from '../../src/core/index.ts';

const FIX = 'tests/fixtures/import';
const FIELD = 'zz_extra_field';
const fixtures = readdirSync(FIX)
  .flatMap((dir) => readdirSync(`${FIX}/${dir}`).map((f) => `${dir}/${f}`))
  .sort();

/** Every mapping in the file: its document index and path. */
function mappings(text: string): { doc: number; path: (string | number)[] }[] {
  const out: { doc: number; path: (string | number)[] }[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    const visit = (node: Node | null | undefined, path: (string | number)[]): void => {
      if (isMap(node)) {
        out.push({ doc: i, path });
        for (const pair of node.items) visit(pair.value as Node, [...path, String((pair.key as { value: unknown }).value)]);
      } else if (isSeq(node)) node.items.forEach((item, j) => visit(item as Node, [...path, j]));
    };
    visit(doc.contents as Node, []);
  });
  return out;
}

const formatted = (path: (string | number)[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

describe('no field is dropped silently', () => {
  it.each(fixtures)('%s', (fixture) => {
    const text = readFileSync(`${FIX}/${fixture}`, 'utf8');
    const maps = mappings(text);
    expect(maps.length).toBeGreaterThan(5);
    const silent: string[] = [];
    for (const m of maps) {
      const docs = parseAllDocuments(text);
      const doc = docs[m.doc]!;
      const node = m.path.length === 0 ? doc.contents : doc.getIn(m.path, true);
      if (!isMap(node)) continue;
      node.set(FIELD, 'x');
      const mutated = docs.map((d) => d.toString({ lineWidth: 0 })).join('');
      const r = importSpecs([{ file: fixture, text: mutated }]);
      const keyPath = formatted([...m.path, FIELD]);
      const reported = r.diagnostics.some(
        (d) =>
          d.path === keyPath ||
          ((keyPath.startsWith(`${d.path}.`) || keyPath.startsWith(`${d.path}[`) || d.path === '') &&
            /not imported|dropped|unsupported/.test(d.message)),
      );
      const carried = r.specs.some((s) => s.text.includes(FIELD));
      if (!reported && !carried) silent.push(keyPath);
    }
    expect(silent).toEqual([]);
  });
});
