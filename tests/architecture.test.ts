/** Layers point one way, and the core stays pure (STYLE.md). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f) ? [p] : [];
  });
}

const code = (f: string) =>
  readFileSync(f, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1');

describe('architecture', () => {
  const core = files('src/core');

  it('src/core uses no DOM, Node built-ins, network, clock or randomness', () => {
    const forbidden = [
      /\bfetch\s*\(/,
      /\bwindow\.[A-Za-z_]/,
      /\bdocument\.[A-Za-z_]/,
      /\bprocess\.[A-Za-z_]/,
      /Date\.now\s*\(/,
      /new Date\s*\(\s*\)/,
      /Math\.random\s*\(/,
      /from ['"]node:/,
      /require\(/,
      /localStorage/,
      /XMLHttpRequest/,
    ];
    const offenders = core.flatMap((f) => forbidden.filter((re) => re.test(code(f))).map((re) => `${f}: ${re}`));
    expect(offenders).toEqual([]);
  });

  it('src/core imports nothing from the shells', () => {
    const offenders = core.filter((f) => /from ['"]\.\.\/(\.\.\/)*(cli|ui|proxy|prom)\//.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the Prometheus client imports nothing of ours', () => {
    let prom: string[];
    try {
      prom = files('src/prom');
    } catch {
      prom = [];
    }
    expect(prom.filter((f) => /from ['"]\.\.\//.test(readFileSync(f, 'utf8')))).toEqual([]);
  });
});
