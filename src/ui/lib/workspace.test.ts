import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { environmentFileCandidates } from '../../core/index.ts';
import { environmentsFor, overridesFor } from './environments.ts';
import { describeExample, serviceNameOf, workspacePath } from './workspace.ts';

const envFiles = readdirSync('examples/environments')
  .sort()
  .map((f) => ({ path: `examples/environments/${f}`, text: readFileSync(`examples/environments/${f}`, 'utf8') }));

describe('workspace', () => {
  it('glob keys become the paths the CLI uses', () => {
    expect(workspacePath('../../examples/environments/dev.yaml')).toBe('examples/environments/dev.yaml');
  });

  it('reads the service name before parsing, past comments and blank lines', () => {
    expect(serviceNameOf('# x\nservice:  # the service\n\n  team: a\n  name: "payment-api"\n')).toBe('payment-api');
    expect(serviceNameOf('resources: []\n')).toBe('');
  });

  it('payment-api offers the generic environments and its own prod override', () => {
    expect(environmentsFor('examples/payment-api.yaml', 'payment-api', envFiles)).toEqual(['dev', 'staging', 'prod']);
    expect(overridesFor('examples/payment-api.yaml', 'payment-api', 'prod', envFiles).map((f) => f.path)).toEqual([
      'examples/environments/prod.yaml',
      'examples/environments/payment-api-prod.yaml',
    ]);
  });

  it('overrides apply in the order the CLI finds them', () => {
    const expected = environmentFileCandidates('examples/order-api.yaml', 'order-api', 'dev').filter((p) =>
      envFiles.some((f) => f.path === p),
    );
    expect(overridesFor('examples/order-api.yaml', 'order-api', 'dev', envFiles).map((f) => f.path)).toEqual(expected);
  });

  it('a service-specific file is not offered to other services', () => {
    expect(overridesFor('examples/search-api.yaml', 'search-api', 'prod', envFiles).map((f) => f.path)).toEqual([
      'examples/environments/prod.yaml',
    ]);
    expect(environmentsFor('examples/search-api.yaml', 'search-api', envFiles)).not.toContain('order-api-dev');
  });

  it('an example card takes its title from the first comment', () => {
    const info = describeExample({ path: 'examples/payment-api.yaml', text: readFileSync('examples/payment-api.yaml', 'utf8') });
    expect(info).toMatchObject({
      id: 'payment-api',
      title: 'Payment API Service Definition',
      service: 'payment-api',
      type: 'api',
      tier: 'critical',
    });
  });
});
