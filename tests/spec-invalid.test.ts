/**
 * Every file in tests/fixtures/invalid has a first line `# expect: LINE:COL message` and must
 * produce an error diagnostic there, with a hint, and no exception.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/core/index.ts';

const dir = 'tests/fixtures/invalid';
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('invalid specs are reported at a line and column', () => {
  it('has fixtures', () => expect(fixtures.length).toBeGreaterThanOrEqual(15));

  for (const name of fixtures) {
    it(`${name} gets a positioned error with a hint`, () => {
      const text = readFileSync(`${dir}/${name}`, 'utf8');
      const m = /^# expect: (\d+):(\d+) (.+)$/m.exec(text.split('\n')[0] ?? '');
      const [line, column, message] = m ? [Number(m[1]), Number(m[2]), m[3]!] : [1, 1, 'the file is empty'];
      const result = compile({ file: name, text });
      expect(result.ok).toBe(false);
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      const hit = errors.find((d) => d.message.includes(message));
      expect(
        hit,
        `no error containing "${message}" in ${JSON.stringify(errors.map((e) => `${e.line}:${e.column} ${e.message}`))}`,
      ).toBeDefined();
      expect({ line: hit!.line, column: hit!.column }).toEqual({ line, column });
      expect(hit!.hint ?? '').not.toBe('');
      expect(hit!.endLine).toBeGreaterThanOrEqual(hit!.line);
    });
  }
});
