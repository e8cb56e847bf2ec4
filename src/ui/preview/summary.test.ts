import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCompile } from './compile-request.ts';

const spec = (objective: string, window: string): string => `service:
  name: svc
  team: t
  tier: critical
  type: api
resources:
  - kind: SLO
    name: availability
    spec:
      objective: ${objective}
      window: ${window}
      indicator:
        type: availability
        query: sum(rate(http_requests_total{code!~"5.."}[5m])) / sum(rate(http_requests_total[5m]))
`;

const preview = (text: string) => runCompile({ seq: 1, file: 'examples/svc.yaml', text, environment: '', environmentFiles: [] }, () => 0);

describe('preview summary', () => {
  it('a 99.9% objective over 30d has a 43.2-minute budget and pages at 14.4× (1.44% errors)', () => {
    const slo = preview(spec('99.9', '30d')).slos?.[0];
    expect(slo?.budgetMinutes).toBeCloseTo(43.2, 9);
    const fast = slo?.tiers.find((t) => t.name === 'page_fast');
    expect(fast).toMatchObject({
      factor: 14.4,
      longWindowSeconds: 3600,
      shortWindowSeconds: 300,
      budgetConsumedAtFireRatio: 0.02,
      severity: 'critical',
      enabled: true,
    });
    // Clean numbers from the core, never float noise.
    expect(fast?.thresholdRatio).toBe(0.0144);
    // A total outage burns 2% of a 43.2-minute budget in 51.84 s; the 2m `for` follows.
    expect(fast?.detectionTimeFullOutageSeconds).toBe(51.84);
    expect(fast?.firesAfterFullOutageSeconds).toBe(171.84);
  });

  it('a 28d window scales the fast page factor to 13.44', () => {
    expect(preview(spec('99.9', '28d')).slos?.[0]?.tiers[0]?.factor).toBeCloseTo(13.44, 12);
  });

  it('an invalid spec has diagnostics but no files, SLOs or plan', () => {
    const r = preview(spec('100', '30d'));
    expect(r.ok).toBe(false);
    expect(r.files).toBeUndefined();
    expect(r.slos).toBeUndefined();
    expect(r.diagnostics.some((d) => d.severity === 'error' && d.line === 10)).toBe(true);
  });

  it('the plan lists every generated file with its size, ending with the manifest', () => {
    const r = preview(readFileSync('examples/payment-api.yaml', 'utf8'));
    expect(r.plan?.files.map((f) => f.path)).toEqual(r.files?.map((f) => f.path));
    expect(r.plan?.files.at(-1)?.path).toBe('payment-api/manifest.json');
    expect(r.plan?.files.every((f) => f.bytes > 0)).toBe(true);
  });

  it('the result is plain data that survives structured cloning (the worker boundary)', () => {
    const r = preview(readFileSync('examples/order-api.yaml', 'utf8'));
    expect(structuredClone(r)).toEqual(r);
  });
});
