/** Finding service specs under directories, for portfolio and `slo list`. */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const SKIP = new Set(['node_modules', 'generated', 'environments', 'dist', '.git', '.tmp', 'tests']);

/**
 * YAML files whose top level has a `service:` mapping, in a stable order. Symbolic links are
 * followed, but every directory and file is visited once by its real path, so `ln -s . current`
 * neither loops nor reports a service twice.
 */
export function findSpecs(paths: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (p: string, depth: number): void => {
    let st;
    let real: string;
    try {
      st = statSync(p);
      real = realpathSync(p);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    if (st.isDirectory()) {
      if (depth > 6) return;
      for (const f of readdirSync(p).sort()) {
        if (f.startsWith('.') || SKIP.has(f)) continue;
        visit(join(p, f), depth + 1);
      }
    } else if (/\.ya?ml$/.test(p) && st.size < 1_000_000) {
      try {
        const doc = parse(readFileSync(p, 'utf8'), { maxAliasCount: 100 }) as unknown;
        if (doc && typeof doc === 'object' && !Array.isArray(doc) && typeof (doc as Record<string, unknown>).service === 'object')
          out.push(p);
      } catch {
        /* not YAML we can read: not a spec */
      }
    }
  };
  for (const p of paths) visit(p, 0);
  return [...new Set(out)];
}
