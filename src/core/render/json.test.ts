import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../index.ts';
import { renderJson } from './json.ts';

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
});
