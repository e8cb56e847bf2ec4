import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isDependencyType, isResourceKind, yamlContextAt } from './yaml-context.ts';

const lines = readFileSync('examples/payment-api.yaml', 'utf8').split('\n');
const lineOf = (re: RegExp): number => lines.findIndex((l) => re.test(l)) + 1;
const endOf = (n: number): number => lines[n - 1]!.length + 1;

describe('where the cursor is in a spec', () => {
  it("a dependency's type: under databases", () => {
    const n = lineOf(/^\s+type: postgresql/);
    const ctx = yamlContextAt(lines, n, endOf(n));
    expect(ctx).toMatchObject({ key: 'type', value: 'postgresql', resourceKind: 'Dependencies' });
    expect(ctx.path).toEqual(['resources', 'spec', 'databases', 'type']);
    expect(isDependencyType(ctx)).toBe(true);
  });

  it('a dependency item that starts with type: on the dash line', () => {
    const text = ['resources:', '  - kind: Dependencies', '    name: deps', '    spec:', '      caches:', '        - type: red'];
    const ctx = yamlContextAt(text, 6, text[5]!.length + 1);
    expect(isDependencyType(ctx)).toBe(true);
    expect(ctx.value).toBe('red');
  });

  it("an SLO indicator's type: is not a dependency type", () => {
    const n = lineOf(/^\s+type: availability/);
    const ctx = yamlContextAt(lines, n, endOf(n));
    expect(ctx.resourceKind).toBe('SLO');
    expect(isDependencyType(ctx)).toBe(false);
  });

  it("a resource's kind:, on the dash line or below a name", () => {
    const n = lineOf(/^\s+- kind: PagerDuty/);
    expect(isResourceKind(yamlContextAt(lines, n, endOf(n)))).toBe(true);
    const text = ['resources:', '  - name: a', '    kind: S'];
    expect(isResourceKind(yamlContextAt(text, 3, 13))).toBe(true);
    expect(isResourceKind(yamlContextAt(lines, lineOf(/^kind:|^service:/), 3))).toBe(false);
  });

  it('a bare list item or blank line under resources: is a slot for a resource snippet', () => {
    const text = ['service:', '  name: a', 'resources:', '  - kind: SLO', '    name: x', '    spec:', '      objective: 99', '  - '];
    expect(yamlContextAt(text, 8, 5).resourceSlot).toBe(true);
    expect(yamlContextAt([...text.slice(0, 7), '  '], 8, 3).resourceSlot).toBe(true);
    expect(yamlContextAt([...text.slice(0, 7), '      '], 8, 7).resourceSlot).toBe(false);
  });
});
