import { describe, expect, it } from 'vitest';
import { compile } from '../../core/index.ts';
import { WIZARD_TECHNOLOGIES, WIZARD_TIERS, WIZARD_TYPES, wizardErrors, wizardSpec } from './wizard.ts';

describe('new-spec wizard', () => {
  for (const type of WIZARD_TYPES) {
    it(`a ${type} service with every technology compiles without errors at every tier`, () => {
      for (const tier of WIZARD_TIERS) {
        const text = wizardSpec({ name: `my-${type}`, team: 'platform', type, tier, technologies: [...WIZARD_TECHNOLOGIES] });
        const result = compile({ file: `examples/my-${type}.yaml`, text });
        expect(
          result.diagnostics.filter((d) => d.severity === 'error'),
          `${type}/${tier}`,
        ).toEqual([]);
        expect(result.ok).toBe(true);
        expect(result.model?.technologies).toEqual([...WIZARD_TECHNOLOGIES]);
      }
    });
  }

  it('a spec with no technologies has no Dependencies resource', () => {
    expect(wizardSpec({ name: 'a', team: 't', type: 'worker', tier: 'low', technologies: [] })).not.toContain('Dependencies');
  });

  it('names that would not be valid service names are caught before creating the spec', () => {
    expect(wizardErrors({ name: 'Payment API', team: 't', type: 'api', tier: 'low', technologies: [] }).name).toBeDefined();
    expect(wizardErrors({ name: 'payment-api', team: '', type: 'api', tier: 'low', technologies: [] }).team).toBeDefined();
    expect(wizardErrors({ name: 'payment-api', team: 'payments', type: 'api', tier: 'low', technologies: [] })).toEqual({});
  });
});
