/**
 * Issue #19, finding 7: diagnostics stay exact, capped and stack-safe on huge files. (How time
 * grows with size is measured in `npm run bench`, security benchmark, not asserted here.)
 */
import { describe, expect, it } from 'vitest';
import { variablesInBlockScalar, variablesOnOneLine } from '../../bench/pathological.ts';
import { compile } from '../../src/core/index.ts';
import { MAX_DIAGNOSTICS_PER_FILE } from '../../src/core/spec/diagnostics.ts';

describe('many findings in one file', () => {
  it('130 000 `${x}` in one scalar: no "Maximum call stack size exceeded", a capped list ending in "N more"', () => {
    const text = variablesOnOneLine(990_000);
    expect(text.match(/\$\{x\}/g)!.length).toBeGreaterThan(130_000);
    const r = compile({ file: 'svc.yaml', text });
    expect(r.diagnostics.length).toBe(MAX_DIAGNOSTICS_PER_FILE + 1);
    const last = r.diagnostics[r.diagnostics.length - 1]!;
    expect(last.code).toBe('diagnostics/truncated');
    expect(last.message).toMatch(/^\d+ more problem/);
  });

  it('a huge block scalar is positioned exactly: each finding at its own line and column', () => {
    const text = variablesInBlockScalar(200_000);
    const r = compile({ file: 'svc.yaml', text });
    const lines = text.split('\n');
    const found = r.diagnostics.filter((d) => d.code === 'spec/unknown-variable');
    expect(found.length).toBeGreaterThan(100);
    for (const d of found) expect(lines[d.line - 1]!.slice(d.column - 1, d.endColumn - 1)).toBe('${nope}');
  });

  it('a mapping with thousands of duplicate keys is reported, capped, with positions', () => {
    const text = `service:\n  name: svc\n  team: t\n  tier: low\n  type: api\n  metadata:\n${'    k: 1\n'.repeat(5000)}`;
    const r = compile({ file: 'svc.yaml', text });
    expect(r.ok).toBe(false);
    const dups = r.diagnostics.filter((d) => d.code === 'yaml/duplicate-key');
    expect(dups[0]).toMatchObject({ line: 8, column: 5 });
    expect(r.diagnostics.some((d) => /^4799 more duplicate keys/.test(d.message) || /^\d+ more problem/.test(d.message))).toBe(true);
  });
});
