/** The delivery clients are a seam like the Prometheus client: fetch injected, nothing of ours imported. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('src/delivery', () => {
  it('imports nothing of NthLayer outside itself and never calls the global fetch', () => {
    const files = readdirSync('src/delivery').filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const text = readFileSync(`src/delivery/${f}`, 'utf8');
      expect(text, f).not.toMatch(/from ['"]\.\.\//);
      expect(text.replace(/opts\.fetch\(/g, ''), f).not.toMatch(/\bfetch\(/);
    }
  });
});
