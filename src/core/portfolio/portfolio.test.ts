import { describe, expect, it } from 'vitest';
import { healthLine } from './portfolio.ts';

describe('healthLine', () => {
  it('reads the share of healthy services as a whole percent (33%, not 33.33%)', () => {
    expect(healthLine({ healthy_services: 1, services_with_slos: 11, unknown_services: 8, org_health_percent: 33.33 })).toBe(
      '1 of 3 measured services healthy (33%), 8 unknown (no data)',
    );
  });

  it('never calls unmeasured services healthy', () => {
    expect(healthLine({ healthy_services: 0, services_with_slos: 4, unknown_services: 4, org_health_percent: null })).toBe(
      '4 services with SLOs, none measured: health unknown',
    );
  });
});
