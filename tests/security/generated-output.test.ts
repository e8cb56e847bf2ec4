/** Issue #19, finding 5: every generated rule goes through the same parser and template check. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkGeneratedRules } from '../../src/core/generators/check-output.ts';
import type { Artifact } from '../../src/core/generators/types.ts';
import { compile } from '../../src/core/index.ts';

describe('the generated-rules check', () => {
  it('reports an expression that does not parse, a broken template and a reserved label name', () => {
    const artifact: Artifact = {
      file: 'alerts.yaml',
      format: 'yaml',
      counts: {},
      data: {
        groups: [
          {
            name: 'g',
            rules: [
              { record: 'r', expr: 'sum(rate(x[5m])' },
              { alert: 'A', expr: 'vector(1)', labels: { __name__: 'x' }, annotations: { summary: 'payments {{ end }}' } },
              { alert: 'B', expr: 'up == 0', labels: { severity: 'critical' }, annotations: { summary: '{{ $labels.instance }} is down' } },
            ],
          },
        ],
      },
    };
    const found: string[] = [];
    checkGeneratedRules([artifact], (d) => found.push(d.code));
    expect(found.sort()).toEqual(['generate/invalid-label-name', 'generate/invalid-promql', 'generate/invalid-template']);
  });

  it('finds nothing in the output of any example', () => {
    for (const f of readdirSync('examples').filter((x) => x.endsWith('.yaml'))) {
      const r = compile({ file: `examples/${f}`, text: readFileSync(`examples/${f}`, 'utf8') });
      expect(
        r.diagnostics.filter((d) => d.code.startsWith('generate/')),
        f,
      ).toEqual([]);
    }
  });
});
