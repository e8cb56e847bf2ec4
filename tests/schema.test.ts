import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSchemaFile } from '../src/core/spec/json-schema.ts';

describe('schemas/service.schema.json', () => {
  it('is exactly what the zod schema generates (run `npm run schema` after changing it)', () => {
    expect(readFileSync('schemas/service.schema.json', 'utf8')).toBe(renderSchemaFile());
  });

  it('describes every property, so editors can show hover docs', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.properties && typeof n.properties === 'object') {
        for (const [k, v] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) {
          const described =
            typeof v.description === 'string' ||
            (Array.isArray(v.anyOf) && v.anyOf.some((x: Record<string, unknown>) => typeof x.description === 'string'));
          if (!described) missing.push(`${path}.${k}`);
        }
      }
      for (const [k, v] of Object.entries(n)) walk(v, `${path}.${k}`);
    };
    walk(JSON.parse(readFileSync('schemas/service.schema.json', 'utf8')), '$');
    expect(missing).toEqual([]);
  });

  it('offers the resource kinds and SLO fields for completion', () => {
    const text = readFileSync('schemas/service.schema.json', 'utf8');
    for (const word of ['"SLO"', '"Dependencies"', '"DeploymentGate"', '"objective"', '"threshold_ms"', '"page_fast"'])
      expect(text).toContain(word);
  });
});
