/**
 * The demo's synthetic world, built from the example specs: payment-api healthy (with its
 * PostgreSQL exporter), order-api burning its budget in the last three hours, checkout-service
 * serving traffic but missing every exporter and declared business metric.
 */
import { type DependencyTechnology, TECHNOLOGIES } from '../core/index.ts';
import { counter, gauge, httpService, type SyntheticSeries } from './synthetic.ts';

const DEMO_DAYS = 7;
const MINUTES = DEMO_DAYS * 1440;
const BUCKETS = [0.05, 0.1, 0.25, 0.3, 0.5, 0.8, 1, 1.5, 2.5, 5];

/** Share of requests slower than `le` seconds: a long-tailed latency distribution scaled by `factor`. */
function slowerThan(factor: number): (le: number) => number {
  return (le) => Math.min(1, factor * Math.exp(-le * 6) + (le < 0.1 ? 0.3 : 0));
}

/** Plausible values for every metric a technology template reads, so its dashboard row has data. */
function exporterSeries(tech: DependencyTechnology, instance: string): SyntheticSeries[] {
  const t = TECHNOLOGIES[tech];
  return Object.values(t.metrics).map((m, i) => {
    const labels = { instance, job: t.exporter.name };
    if (m.type === 'counter')
      return { name: m.metric, type: 'counter' as const, labels, valueAt: counter(() => 50 + i * 7), stepMinutes: 5 };
    const base = /(_up|^up)$/.test(m.metric) ? 1 : /max|limit|capacity/.test(m.metric) ? 200 : 20 + i * 3;
    return { ...gauge(m.metric, labels, (minute) => (base === 1 ? 1 : base + 5 * Math.sin(minute / 90 + i))), stepMinutes: 5 };
  });
}

/** Labels every demo series carries, so the live exporter's samples continue the backfilled series exactly. */
export const DEMO_TARGET = { job: 'nthlayer-demo', instance: 'synthetic' } as const;

/** Traffic with a daily rhythm and a little wobble, so the charts move. */
const rhythm =
  (base: number) =>
  (m: number): number =>
    base * (1 + 0.2 * Math.sin((2 * Math.PI * m) / 1440) + 0.04 * Math.sin(m / 7));

export function demoSeries(): SyntheticSeries[] {
  const burningFrom = MINUTES - 180;
  return [
    ...httpService({
      service: 'payment-api',
      requests: 'http_requests',
      statusLabel: 'code',
      perMinute: rhythm(1200),
      extraLabels: DEMO_TARGET,
      errorShare: () => 0.0002,
      histogram: { name: 'http_request_duration_seconds', buckets: BUCKETS, slowerThan: slowerThan(0.1) },
    }),
    ...exporterSeries('postgresql', 'payments-db:9187'),
    ...httpService({
      service: 'order-api',
      requests: 'http_requests_total',
      statusLabel: 'code',
      perMinute: rhythm(800),
      extraLabels: DEMO_TARGET,
      errorShare: (m) => (m >= burningFrom ? 0.03 : 0.0001),
      histogram: { name: 'http_request_duration_seconds', buckets: BUCKETS, slowerThan: slowerThan(0.02) },
    }),
    ...exporterSeries('redis', 'pricing-cache:9121'),
    ...httpService({
      service: 'checkout-service',
      requests: 'http_requests_total',
      statusLabel: 'status',
      perMinute: rhythm(400),
      extraLabels: DEMO_TARGET,
      errorShare: () => 0.0003,
      histogram: { name: 'http_request_duration_seconds', buckets: BUCKETS, slowerThan: slowerThan(0.2) },
    }),
  ];
}

export const DEMO_MINUTES = MINUTES;
export const DEMO_EXAMPLES = ['examples/payment-api.yaml', 'examples/order-api.yaml', 'examples/checkout-service.yaml'];
