import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../index.ts';
import { rendered } from '../hash.ts';
import { renderJson, withPanelTexts } from './json.ts';

describe('JSON text', () => {
  it('is JSON.stringify with two spaces for every JSON artifact of every example, rendered fresh and again', () => {
    let dashboards = 0;
    for (const f of readdirSync('examples').filter((x) => x.endsWith('.yaml'))) {
      const bundle = compile({ file: f, text: readFileSync(`examples/${f}`, 'utf8') }).bundle!;
      for (const a of bundle.artifacts.filter((x) => x.format === 'json')) {
        const expected = `${JSON.stringify(a.data, null, 2)}\n`;
        expect(renderJson(a.data), `${f} ${a.file}`).toBe(expected);
        expect(renderJson(a.data), `${f} ${a.file} (panels remembered)`).toBe(expected);
        if (Array.isArray((a.data as { panels?: unknown }).panels)) dashboards++;
      }
    }
    expect(dashboards).toBeGreaterThan(5);
  });

  it('keeps awkward panels exact: empty ones, nested lists, text that looks like the wrapper', () => {
    const value = {
      title: 'x',
      panels: [{}, { a: [] }, { b: [[1, 2], { c: '\n  ]\n}' }] }, { panels: [{ nested: true }] }, { s: '{\n  "panels": [\n' }],
      after: { z: 1 },
    };
    expect(renderJson(value)).toBe(`${JSON.stringify(value, null, 2)}\n`);
    expect(renderJson({ panels: [] })).toBe(`${JSON.stringify({ panels: [] }, null, 2)}\n`);
  });

  it('a dashboard with panels kept as texts is written from them, and reads, compares and serialises as plain JSON', () => {
    for (const f of readdirSync('examples').filter((x) => x.endsWith('.yaml'))) {
      const bundle = compile({ file: f, text: readFileSync(`examples/${f}`, 'utf8') }).bundle!;
      const a = bundle.artifacts.find((x) => x.file === 'dashboard.json')!;
      const data = a.data as Record<string, unknown>;
      // Not read yet: written from the texts.
      expect(Object.getOwnPropertyDescriptor(data, 'panels')?.get, f).toBeTypeOf('function');
      const written = renderJson(data);
      expect(Object.getOwnPropertyDescriptor(data, 'panels')?.get, `${f}: writing does not read the panels`).toBeTypeOf('function');
      expect(bundle.files.find((x) => x.path.endsWith('/dashboard.json'))!.content).toBe(written);
      // Read: plain data, the same text, the same keys in the same order, the same counts.
      const plain = JSON.parse(written) as Record<string, unknown>;
      expect(Object.keys(data), f).toEqual(Object.keys(plain));
      expect(data, f).toEqual(plain);
      expect(`${JSON.stringify(data, null, 2)}\n`).toBe(written);
      expect(renderJson(data)).toBe(written);
      expect(renderJson({ ...data })).toBe(written);
      const panels = plain.panels as { type: string; targets?: unknown[] }[];
      expect(a.counts, f).toMatchObject({
        panels: panels.filter((p) => p.type !== 'row').length,
        rows: panels.filter((p) => p.type === 'row').length,
        queries: panels.reduce((n, p) => n + (p.targets?.length ?? 0), 0),
      });
    }
  });

  it('keeps the place of `panels` among the keys, and puts it last when the shell has none', () => {
    const texts = [rendered('    {\n      "id": 1\n    }'), rendered('    {\n      "id": 2\n    }')];
    const inside = withPanelTexts({ a: 1, panels: [], z: 2 }, texts);
    expect(renderJson(inside)).toBe(`${JSON.stringify({ a: 1, panels: [{ id: 1 }, { id: 2 }], z: 2 }, null, 2)}\n`);
    expect(Object.keys(inside)).toEqual(['a', 'panels', 'z']);
    const last = withPanelTexts({ a: 1 }, texts);
    expect(Object.keys(last)).toEqual(['a', 'panels']);
    expect(last.panels).toEqual([{ id: 1 }, { id: 2 }]);
    expect(last.panels).toBe(last.panels);
    expect(renderJson(withPanelTexts({ a: 1 }, []))).toBe(`${JSON.stringify({ a: 1, panels: [] }, null, 2)}\n`);
  });
});
