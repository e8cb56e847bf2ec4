import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../index.ts';
import { renderRuleFile, renderYaml } from './yaml.ts';

describe('renderRuleFile', () => {
  it('writes exactly what renderYaml writes, cold and warm, for every rule file of every example', () => {
    let checked = 0;
    for (const f of readdirSync('examples').filter((x) => x.endsWith('.yaml'))) {
      const bundle = compile({ file: f, text: readFileSync(`examples/${f}`, 'utf8') }).bundle!;
      for (const a of bundle.artifacts) {
        if (a.format !== 'yaml' || a.documents) continue;
        const plain = renderYaml(a.data, '# h');
        expect(renderRuleFile(a.data, '# h'), `${f} ${a.file}`).toBe(plain);
        expect(renderRuleFile(a.data, '# h'), `${f} ${a.file} (cached)`).toBe(plain);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });
  it('falls back to renderYaml for other shapes', () => {
    expect(renderRuleFile({ groups: [{ name: 'g', rules: [] }] })).toBe(renderYaml({ groups: [{ name: 'g', rules: [] }] }));
    expect(renderRuleFile({ apiVersion: 'v', spec: { groups: [] } })).toBe(renderYaml({ apiVersion: 'v', spec: { groups: [] } }));
  });
});
