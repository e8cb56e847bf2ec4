/**
 * Golden files: the exact output for a few examples, reviewed like code. After an intended
 * change, regenerate with `UPDATE_GOLDEN=1 npx vitest run tests/golden.test.ts` and read the diff.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/core/index.ts';

const EXAMPLES = ['payment-api', 'order-api', 'clickstream-processor', 'nightly-etl'];
/** The SLO engine's files; manifest.json is left out because it hashes every other file. */
const FILES = ['recording-rules.yaml', 'alerts.yaml', 'sloth.yaml', 'slos.openslo.yaml'];
const update = process.env.UPDATE_GOLDEN === '1';

describe('golden output', () => {
  for (const example of EXAMPLES) {
    it(`${example} matches tests/golden/${example}/`, () => {
      const file = `examples/${example}.yaml`;
      const bundle = compile({ file, text: readFileSync(file, 'utf8') }).bundle!;
      const dir = `tests/golden/${example}`;
      const produced = bundle.files.filter((f) => FILES.some((n) => f.path.endsWith(`/${n}`)));
      if (update) {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        for (const f of produced) writeFileSync(`${dir}/${f.path.split('/').pop()}`, f.content);
      }
      expect(existsSync(dir), `missing ${dir}; run with UPDATE_GOLDEN=1`).toBe(true);
      expect(readdirSync(dir).sort()).toEqual(produced.map((f) => f.path.split('/').pop()).sort());
      for (const f of produced) expect(f.content, f.path).toBe(readFileSync(`${dir}/${f.path.split('/').pop()}`, 'utf8'));
    });
  }
});
