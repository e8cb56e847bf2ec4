import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../index.ts';
import { libraryYaml, renderRuleFile, renderYaml, renderYamlDocuments, simpleYaml } from './yaml.ts';

const AWKWARD = [
  'true',
  'False',
  'null',
  '~',
  '',
  '42',
  '-7',
  '0x1f',
  '0o17',
  '1e3',
  '.inf',
  '.NaN',
  '0.999',
  '5m',
  '99.9%',
  '- a',
  '-a',
  '?',
  '? a',
  'a: b',
  'a:b',
  'a:',
  'a #b',
  'a#b',
  '#a',
  ' lead',
  'trail ',
  '---x',
  '...x',
  '%x',
  '@x',
  '`x',
  '{x}',
  'x{job="a"}[5m]',
  '[x]',
  '*x',
  '&x',
  '!x',
  '|x',
  '>x',
  "'x",
  '"x',
  ',x',
  'é',
  'a\tb',
  'multi\nline',
  'x\u0001',
  'yes',
  'on',
  '2× too fast',
  'a: 2×',
  'say "hi"',
  'back\\slash: x',
  'a\n\nb',
  'a\n b',
  'a \nb',
  'a\n',
  '\na',
  'a\n---\nb',
  'sum(x)\nand\nsum(y)',
  'nb\u00a0sp',
  'line\u2028sep',
  '😀',
  'x: 😀',
  '%x\ny',
  'a\n  b',
  'a\n\n  b\n c',
  'a\nb ',
  'a\n ',
  'a\n\n',
  'x'.repeat(200),
  `${'word '.repeat(40)}end`,
  // The one-line fast path's own edges: first and last characters, markers, numbers and names.
  '-',
  '- ',
  '?x',
  '-x y',
  ':x',
  'x:y: z',
  ' #',
  'x #',
  'x#',
  'a  b',
  '+1',
  '+.inf',
  '-.Inf',
  '.5',
  '1.',
  '1.2.3',
  'n',
  'nul',
  'No',
  'TRUE',
  'tRue',
  '0o8',
  '0x',
  '0xg',
  '...',
  '---',
  '%',
  '=x',
  '<x',
  'x,',
  'x]',
  'x "y"',
  "it's",
  'q\\',
  `{{ $value | printf "%.1f" }} x`,
  `${'y'.repeat(120)}: z`,
  `${'y'.repeat(120)} #z`,
];

describe('YAML text', () => {
  it("is exactly the yaml library's for every artifact of every example, cold and warm, mostly through the fast path", () => {
    let checked = 0;
    let values = 0;
    let direct = 0;
    for (const f of readdirSync('examples').filter((x) => x.endsWith('.yaml'))) {
      const bundle = compile({ file: f, text: readFileSync(`examples/${f}`, 'utf8') }).bundle!;
      for (const a of bundle.artifacts) {
        if (a.format !== 'yaml') continue;
        const docs = a.documents ? (a.data as unknown[]) : [a.data];
        for (const d of docs) {
          values++;
          const fast = simpleYaml(d, '');
          if (fast !== undefined) direct++;
          expect(renderYaml(d, '# h'), `${f} ${a.file}`).toBe(`# h\n${libraryYaml(d)}`);
          for (const g of (d as { groups?: { rules: unknown[] }[] }).groups ?? []) {
            for (const r of g.rules) {
              values++;
              if (simpleYaml([r], '') !== undefined) direct++;
            }
          }
        }
        if (!a.documents) {
          const plain = `# h\n${libraryYaml(a.data)}`;
          expect(renderRuleFile(a.data, '# h'), `${f} ${a.file}`).toBe(plain);
          expect(renderRuleFile(a.data, '# h'), `${f} ${a.file} (cached)`).toBe(plain);
        } else {
          expect(renderYamlDocuments(a.data as unknown[])).toBe((a.data as unknown[]).map((d) => `---\n${libraryYaml(d)}`).join(''));
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
    // The line-by-line path is the common one, so the comparisons above really test it.
    expect(direct / values).toBeGreaterThan(0.9);
  });

  it("is the library's for scalars that need quotes, blocks or care, as values, list items and keys", () => {
    for (const v of AWKWARD) {
      const shapes: unknown[] = [
        { alert: 'A', expr: v },
        { record: 'r', expr: 'up', labels: { k: v } },
        { alert: 'A', expr: 'up', annotations: { [v || 'e']: 'x' } },
        { spec: { list: [v, 'b'], maps: [{ a: v, b: [v] }] } },
        [v],
        [{ k: v }],
      ];
      for (const value of shapes) {
        expect(renderYaml(value), JSON.stringify(value)).toBe(libraryYaml(value));
        const rules = { groups: [{ name: 'g', rules: [value] }] };
        expect(renderRuleFile(rules), JSON.stringify(value)).toBe(libraryYaml(rules));
      }
    }
  });

  it("is the library's for numbers, booleans, nulls, empty and nested collections", () => {
    const odd: unknown[] = [
      { a: 0.999 },
      { a: 0.0005 },
      { a: 14.4 },
      { a: -3 },
      { a: 1e21 },
      { a: 1e-7 },
      { a: Number.NaN },
      { a: Infinity },
      { a: true },
      { a: false },
      { a: null },
      { a: {} },
      { a: [] },
      { a: [[1]] },
      { a: [{}] },
      { a: undefined, b: 'x' },
      { a: { b: undefined } },
      { 'a b': 1 },
      { '1': 1 },
      { true: 1 },
      { 'a.b/c-d': 1 },
      { alert: 'A', expr: 'up', labels: {} },
      { alert: 'A', for: undefined, labels: { a: 'b', c: undefined } },
      { record: 'r', list: ['a'] },
      { record: 'r', n: 3 },
      { a: [{ b: [{ c: 'd', e: ['f', 2, true] }] }] },
      'top',
      42,
      null,
      [],
    ];
    for (const value of odd) {
      expect(renderYaml(value), JSON.stringify(value)).toBe(libraryYaml(value));
      const rules = { groups: [{ name: 'g', rules: [value] }] };
      expect(renderRuleFile(rules), JSON.stringify(value)).toBe(libraryYaml(rules));
    }
  });

  it('falls back to the library for shapes that are not rule files', () => {
    expect(renderRuleFile({ groups: [{ name: 'g', rules: [] }] })).toBe(libraryYaml({ groups: [{ name: 'g', rules: [] }] }));
    expect(renderRuleFile({ apiVersion: 'v', spec: { groups: [] } })).toBe(libraryYaml({ apiVersion: 'v', spec: { groups: [] } }));
  });
});
