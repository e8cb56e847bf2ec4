import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runPortfolio, runRequirements } from './jobs-core.ts';

describe('live jobs', () => {
  it('a portfolio job compiles every spec and says why one does not', () => {
    const specs = runPortfolio({
      type: 'portfolio',
      id: 1,
      files: [
        { path: 'examples/order-api.yaml', text: readFileSync('examples/order-api.yaml', 'utf8') },
        { path: 'broken.yaml', text: 'service: [' },
      ],
    });
    expect(specs[0]?.model?.name).toBe('order-api');
    expect(specs[1]?.model).toBeUndefined();
    expect(specs[1]?.errorCount).toBeGreaterThan(0);
    expect(specs[1]?.error).toMatch(/^\d+:\d+ /);
    // The answer crosses the worker boundary.
    expect(structuredClone(specs)).toEqual(specs);
  });

  it('a requirements job lists the SLO metrics as required and dashboard metrics as optional', () => {
    const r = runRequirements({
      type: 'requirements',
      id: 1,
      file: 'examples/checkout-service.yaml',
      text: readFileSync('examples/checkout-service.yaml', 'utf8'),
      environmentFiles: [],
      environment: '',
    });
    if (!r.ok) throw new Error(r.error);
    expect(r.requirements.find((m) => m.metric === 'http_requests_total')?.required).toBe(true);
    expect(r.requirements.some((m) => m.metric.startsWith('mysql_') && !m.required)).toBe(true);
  });

  it('a spec with errors is an answer, not a throw', () => {
    expect(
      runRequirements({ type: 'requirements', id: 1, file: 'x.yaml', text: 'service: [', environmentFiles: [], environment: '' }).ok,
    ).toBe(false);
  });
});
