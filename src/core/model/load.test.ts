import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../index.ts';
import type { SloModel } from './types.ts';

const read = (f: string) => readFileSync(f, 'utf8');
const header = 'service:\n  name: svc\n  team: t\n  tier: critical\n  type: api\nresources:\n';
const modelOf = (text: string, file = 'svc.yaml') => {
  const r = compile({ file, text });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.model!;
};
/** The SLI without the user's original text, to compare meaning rather than spelling. */
const meaning = (slo: SloModel) => JSON.parse(JSON.stringify(slo.sli, (k, v) => (k === 'original' ? undefined : v)).replace(/\s+/g, ''));

describe('both indicator styles normalise to the same model', () => {
  it('a ratio query and a success_ratio pair give the same event SLI', () => {
    const a = modelOf(`${header}  - kind: SLO
    name: availability
    spec:
      objective: 99.95
      indicator:
        type: availability
        query: |
          sum(rate(http_requests_total{service="\${service}",status!~"5.."}[5m]))
          /
          sum(rate(http_requests_total{service="\${service}"}[5m]))
`);
    const b = modelOf(`${header}  - kind: SLO
    name: availability
    spec:
      objective: 99.95
      window: 30d
      indicators:
        - type: availability
          success_ratio:
            total_query: sum(rate(http_requests_total{service="svc"}[5m]))
            good_query: sum(rate(http_requests_total{service="svc",status!~"5.."}[5m]))
`);
    expect(meaning(a.slos[0]!)).toEqual(meaning(b.slos[0]!));
    expect(a.slos[0]).toMatchObject({ objective: 0.9995, errorBudget: 0.0005, window: 2_592_000 });
    expect(a.slos[0]!.sli).toMatchObject({ kind: 'events', total: { template: expect.stringContaining('[{{.window}}]') } });
  });

  it('a histogram_quantile query and a latency_query give the same latency SLI', () => {
    const a = modelOf(`${header}  - kind: SLO
    name: latency
    spec:
      objective: 99
      indicator:
        type: latency
        percentile: 95
        threshold_ms: 500
        query: |
          histogram_quantile(0.95,
            rate(http_request_duration_seconds_bucket{service="\${service}"}[5m])
          )
`);
    const b = modelOf(`${header}  - kind: SLO
    name: latency
    spec:
      objective: 99
      indicators:
        - type: latency
          threshold_ms: 500
          percentile: 95
          latency_query: histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service="svc"}[5m])))
`);
    expect(a.slos[0]!.sli).toEqual(b.slos[0]!.sli);
    expect(a.slos[0]!.sli).toMatchObject({
      kind: 'events',
      latency: { histogram: 'http_request_duration_seconds', le: '0.5', threshold: 0.5 },
      good: { template: 'sum(rate(http_request_duration_seconds_bucket{service="svc",le="0.5"}[{{.window}}]))' },
      total: { template: 'sum(rate(http_request_duration_seconds_count{service="svc"}[{{.window}}]))' },
    });
  });

  it('an error_query pair and an error_rate ratio both count bad events', () => {
    const a = modelOf(`${header}  - kind: SLO
    name: errors
    spec:
      objective: 99.9
      indicator:
        success_rate:
          total_query: sum(rate(x_total[5m]))
          error_query: sum(rate(x_total{code=~"5.."}[5m]))
`);
    const b = modelOf(`${header}  - kind: SLO
    name: errors
    spec:
      objective: 99.9
      indicator:
        type: error_rate
        query: sum(rate(x_total{code=~"5.."}[5m])) / sum(rate(x_total[5m]))
`);
    expect(a.slos[0]!.sli).toMatchObject({ kind: 'events', bad: { template: 'sum(rate(x_total{code=~"5.."}[{{.window}}]))' } });
    expect(meaning(a.slos[0]!)).toEqual(meaning(b.slos[0]!));
  });

  it('reads `1 - bad/total` and a ratio scaled by 100', () => {
    const inv = modelOf(
      `${header}  - kind: SLO\n    name: a\n    spec:\n      objective: 99\n      indicator:\n        query: 1 - (sum(rate(e[5m])) / sum(rate(t[5m])))\n`,
    );
    expect(inv.slos[0]!.sli).toMatchObject({ kind: 'events', bad: { template: 'sum(rate(e[{{.window}}]))' } });
    const pct = modelOf(
      `${header}  - kind: SLO\n    name: a\n    spec:\n      objective: 99\n      indicator:\n        query: sum(rate(g[5m])) / sum(rate(t[5m])) * 100\n`,
    );
    expect(pct.slos[0]!.sli).toMatchObject({ kind: 'events', good: { template: 'sum(rate(g[{{.window}}]))' } });
  });

  it('the five reference files load unchanged and normalise every SLO', () => {
    for (const f of ['payment-api', 'checkout-service', 'search-api', 'notification-worker', 'payment-api-pagerduty-demo']) {
      const r = compile({ file: `examples/${f}.yaml`, text: read(`examples/${f}.yaml`), checkFileName: true });
      expect(r.ok, f).toBe(true);
      expect(
        r.diagnostics.filter((d) => d.severity !== 'info'),
        f,
      ).toEqual([]);
      const declared = (read(`examples/${f}.yaml`).match(/kind: SLO/g) ?? []).length;
      expect(r.model!.slos.length, f).toBe(declared);
    }
  });

  it('the custom gauge SLI of notification-worker becomes a threshold SLI', () => {
    const m = modelOf(read('examples/notification-worker.yaml'), 'examples/notification-worker.yaml');
    expect(m.slos.find((s) => s.name === 'queue-lag')!.sli).toEqual({
      kind: 'threshold',
      query: 'max(kafka_consumer_lag_seconds{service="notification-worker",topic="notifications"})',
      threshold: 100,
    });
  });

  it('resolves tier and type aliases and technology aliases', () => {
    const m = modelOf(
      `service:\n  name: svc\n  team: t\n  tier: tier-1\n  type: background-job\nresources:\n  - kind: Dependencies\n    name: d\n    spec:\n      databases:\n        - {name: db, type: pg}\n        - {name: m, type: mariadb}\n      queues:\n        - {name: q, type: redpanda}\n`,
    );
    expect(m.tier).toBe('critical');
    expect(m.type).toBe('worker');
    expect(m.technologies).toEqual(['postgresql', 'mysql', 'kafka']);
  });
});

describe('templates and environments', () => {
  const base = read('examples/payment-api-with-envs.yaml');
  const env = (files: string[], name: string) =>
    compile({
      file: 'examples/payment-api-with-envs.yaml',
      text: base,
      environment: name,
      environments: files.map((f) => ({ file: f, text: read(f) })),
    });

  it('a template contributes its resources with ${service} substituted', () => {
    const r = compile({ file: 'examples/payment-api-with-envs.yaml', text: base });
    expect(r.ok).toBe(true);
    expect(r.model!.slos.map((s) => [s.name, s.objectivePercent])).toEqual([
      ['availability', 99.9],
      ['latency-p95', 99],
    ]);
    expect(r.model!.slos[0]!.sli).toMatchObject({ good: { template: expect.stringContaining('service="payment-api"') } });
    expect(r.model!.pagerduty).toMatchObject({ name: 'primary', urgency: 'high' });
  });

  it('the dev override relaxes tier, objectives, latency threshold and urgency', () => {
    const r = env(['examples/environments/dev.yaml'], 'dev');
    expect(r.ok).toBe(true);
    const m = r.model!;
    expect(m.tier).toBe('low');
    expect(m.environment).toBe('dev');
    expect(m.slos.map((s) => [s.name, s.objectivePercent])).toEqual([
      ['availability', 99],
      ['latency-p95', 90],
    ]);
    expect(m.slos[1]!.sli).toMatchObject({ latency: { threshold: 2.5, le: '2.5' } });
    expect(m.pagerduty?.urgency).toBe('low');
  });

  it('shared prod then service-specific prod overrides merge by (kind, name)', () => {
    const r = env(['examples/environments/prod.yaml', 'examples/environments/payment-api-prod.yaml'], 'prod');
    expect(r.ok).toBe(true);
    const m = r.model!;
    expect(m.slos.map((s) => [s.name, s.objectivePercent])).toEqual([
      ['availability', 99.99],
      ['latency-p95', 99.5],
      ['latency-p99', 99],
    ]);
    // The override's success_rate (error_query) replaces the template's ratio query.
    expect(m.slos[0]!.sli).toMatchObject({
      kind: 'events',
      bad: { template: 'sum(rate(http_requests_total{service="payment-api",status=~"5.."}[{{.window}}]))' },
    });
    expect(m.slos[1]!.sli).toMatchObject({ latency: { le: '0.25' } });
    expect(m.metadata).toMatchObject({ compliance: 'pci-dss' });
    expect(m.technologies).toEqual(['postgresql', 'redis']);
    expect(m.pagerduty).toMatchObject({ escalation_policy: 'payment-critical', urgency: 'high', acknowledgement_timeout: '5m' });
  });

  it('a bad value in an override file is reported in that file', () => {
    const r = compile({
      file: 'svc.yaml',
      text: `${header}  - kind: SLO\n    name: a\n    spec:\n      objective: 99\n`,
      environment: 'dev',
      environments: [
        {
          file: 'environments/dev.yaml',
          text: 'environment: dev\nresources:\n  - kind: SLO\n    name: a\n    spec:\n      objective: 100\n',
        },
      ],
    });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.find((d) => d.code === 'slo/objective-100')).toMatchObject({ file: 'environments/dev.yaml', line: 6, column: 18 });
  });
});
