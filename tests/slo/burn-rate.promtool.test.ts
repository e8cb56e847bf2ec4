/**
 * The SLO engine's rules proven in the real Prometheus rule engine (`promtool test rules`):
 * synthetic traffic whose error ratios are known by construction, and the alerts and budget
 * series they must (and must not) produce. Two days of 1-minute data per scenario.
 */
import { describe, expect, it } from 'vitest';
import { counterValues, firing, generateTo, promtoolTest, totalOf, type ExprCheck, type Segment } from '../helpers/promtool.ts';

const RULES = ['recording-rules.yaml', 'alerts.yaml'];

function spec(slos: string): string {
  return `service:\n  name: svc\n  team: team-a\n  tier: critical\n  type: api\nresources:\n${slos}`;
}

function availability(name: string, objective: number, window: string): string {
  return `  - kind: SLO
    name: ${name}
    spec:
      objective: ${objective}
      window: ${window}
      indicator:
        type: availability
        success_ratio:
          total_query: sum(rate(http_requests_total{service="svc"}[5m]))
          error_query: sum(rate(http_requests_total{service="svc",code="500"}[5m]))
`;
}

/** Request traffic as two counters (code 200 and 500) from segments of (minutes, requests/min, error share). */
function traffic(parts: { minutes: number; perMinute: number; errorShare: number }[]): { series: string; values: string }[] {
  const ok: Segment[] = parts.map((p) => ({ minutes: p.minutes, perMinute: p.perMinute * (1 - p.errorShare) }));
  const bad: Segment[] = parts.map((p) => ({ minutes: p.minutes, perMinute: p.perMinute * p.errorShare }));
  return [
    { series: 'http_requests_total{service="svc",code="200"}', values: counterValues(ok) },
    { series: 'http_requests_total{service="svc",code="500"}', values: counterValues(bad) },
  ];
}

const DAY = 1440;
const NO_NAN_RECORDS = [
  'slo:sli_total:rate5m',
  'slo:sli_errors:rate5m',
  'slo:sli_error:ratio_rate5m',
  'slo:sli_error:ratio_rate30m',
  'slo:sli_error:ratio_rate1h',
  'slo:sli_error:ratio_rate2h',
  'slo:sli_error:ratio_rate6h',
  'slo:sli_error:ratio_rate1d',
  'slo:sli_error:ratio_rate3d',
  'slo:sli_error:ratio_rate30d',
  'slo:objective:ratio',
  'slo:error_budget:ratio',
  'slo:error_budget_remaining:ratio',
];
/** Counts samples of every slo: series that are NaN or ±Inf. */
const poisoned = NO_NAN_RECORDS.map((r) => `(count(${r} != ${r}) or vector(0)) + (count(abs(${r}) > 1e300) or vector(0))`).join(' + ');

function expectPass(r: { ok: boolean; output: string }): void {
  expect(r.ok, r.output).toBe(true);
}

describe('burn-rate alerts in promtool (99.9 % over 30d unless said otherwise)', { timeout: 300_000 }, () => {
  it.concurrent('healthy traffic (0.05 % errors, burn 0.5×) stays silent and keeps half the budget', async () => {
    const { dir } = generateTo(spec(availability('availability', 99.9, '30d')));
    const checks: ExprCheck[] = ['1h', '6h', '1d', '1d12h', '2d'].map((at) => ({ expr: firing({}), at, value: 0 }));
    checks.push({ expr: 'sum(round(slo:error_budget_remaining:ratio{slo="availability"} * 100))', at: '2d', value: 50 });
    checks.push({ expr: 'sum(slo:objective:ratio{slo="availability"})', at: '1h', value: 0.999 });
    checks.push({ expr: 'sum(slo:error_budget:ratio{slo="availability"})', at: '1h', value: 0.001 });
    expectPass(await promtoolTest(dir, RULES, traffic([{ minutes: 2 * DAY, perMinute: 1000, errorShare: 0.0005 }]), checks));
  });

  it.concurrent('a fast burn (2 % errors, 20×) pages within the hour but not in the first minutes', async () => {
    const { dir } = generateTo(spec(availability('availability', 99.9, '30d')));
    const page = firing({ severity: 'critical', slo: 'availability', burn_tier: 'page_fast' });
    const checks: ExprCheck[] = [
      { expr: page, at: '1d', value: 0 },
      { expr: page, at: '1d10m', value: 0 },
      { expr: page, at: '1d30m', value: 0 },
      { expr: page, at: '1d55m', value: 1 },
      { expr: page, at: '1d2h', value: 1 },
      // The alert carries the routing labels of the spec.
      {
        expr: 'count(ALERTS{alertstate="firing",burn_tier="page_fast",service="svc",slo="availability",team="team-a",tier="critical",routing="self"})',
        at: '1d2h',
        value: 1,
      },
    ];
    expectPass(
      await promtoolTest(
        dir,
        RULES,
        traffic([
          { minutes: DAY, perMinute: 1000, errorShare: 0 },
          { minutes: DAY, perMinute: 1000, errorShare: 0.02 },
        ]),
        checks,
      ),
    );
  });

  it.concurrent('a slow burn (0.4 % errors, 4×) opens a ticket and never pages', async () => {
    const { dir } = generateTo(spec(availability('availability', 99.9, '30d')));
    const page = firing({ severity: 'critical' });
    const checks: ExprCheck[] = ['1d1h', '1d6h', '1d12h', '1d18h', '1d23h', '2d'].map((at) => ({ expr: page, at, value: 0 }));
    checks.push({
      expr: '(count(ALERTS{alertstate="firing",severity="warning",slo="availability"}) > bool 0) or vector(0)',
      at: '1d2h',
      value: 0,
    });
    checks.push({
      expr: '(count(ALERTS{alertstate="firing",severity="warning",slo="availability"}) > bool 0) or vector(0)',
      at: '1d23h',
      value: 1,
    });
    expectPass(
      await promtoolTest(
        dir,
        RULES,
        traffic([
          { minutes: DAY, perMinute: 1000, errorShare: 0 },
          { minutes: DAY, perMinute: 1000, errorShare: 0.004 },
        ]),
        checks,
      ),
    );
  });

  it.concurrent('an hour with zero traffic yields no alert and no NaN or Inf in any slo: series', async () => {
    const { dir } = generateTo(spec(availability('availability', 99.9, '30d')));
    const checks: ExprCheck[] = [];
    for (const at of ['1d5m', '1d30m', '1d1h', '1d1h10m', '1d3h']) {
      checks.push({ expr: firing({}), at, value: 0 });
      checks.push({ expr: poisoned, at, value: 0 });
    }
    // In the quiet hour the short windows have no sample at all (not 0, not NaN); long ones still do.
    checks.push({ expr: 'count(slo:sli_error:ratio_rate5m) or vector(0)', at: '1d1h', value: 0 });
    // Silence is the technology pack's job: its no-traffic alert fires in the quiet hour.
    checks.push({ expr: 'count(ALERTS{alertstate="firing",alertname="HttpNoTraffic",service="svc"}) or vector(0)', at: '1d30m', value: 1 });
    checks.push({ expr: 'count(ALERTS{alertstate="firing",alertname="HttpNoTraffic",service="svc"}) or vector(0)', at: '1d3h', value: 0 });
    checks.push({ expr: 'count(slo:sli_error:ratio_rate30m) or vector(0)', at: '1d1h', value: 0 });
    checks.push({ expr: 'count(slo:sli_error:ratio_rate6h)', at: '1d1h', value: 1 });
    checks.push({ expr: 'count(slo:sli_error:ratio_rate5m)', at: '1d3h', value: 1 });
    expectPass(
      await promtoolTest(
        dir,
        RULES,
        traffic([
          { minutes: DAY, perMinute: 1000, errorShare: 0.0005 },
          { minutes: 60, perMinute: 0, errorShare: 0 },
          { minutes: 6 * 60, perMinute: 1000, errorShare: 0.0005 },
        ]),
        checks,
      ),
    );
  });

  it.concurrent('a quiet period with a high error ratio moves the budget by its share of requests, not of time', async () => {
    // 6 hours at 1 request/min with half of them failing, between busy error-free periods.
    const parts = [
      { minutes: DAY, perMinute: 1000, errorShare: 0 },
      { minutes: 6 * 60, perMinute: 1, errorShare: 0.5 },
      { minutes: 6 * 60, perMinute: 1000, errorShare: 0 },
    ];
    const total = totalOf(parts.map((p) => ({ minutes: p.minutes, perMinute: p.perMinute })));
    const errors = totalOf(parts.map((p) => ({ minutes: p.minutes, perMinute: p.perMinute * p.errorShare })));
    const expected = Math.round((1 - errors / total / 0.001) * 100); // 90: request-weighted
    const timeWeighted = 1 - (0.5 * 6) / 36 / 0.001; // what a mean of 5m ratios would say: about -82
    expect(expected).toBe(90);
    expect(timeWeighted).toBeLessThan(-80);
    const { dir } = generateTo(spec(availability('availability', 99.9, '30d')));
    expectPass(
      await promtoolTest(dir, RULES, traffic(parts), [
        { expr: 'sum(round(slo:error_budget_remaining:ratio{slo="availability"} * 100))', at: '1d12h', value: expected },
        {
          expr: 'sum(round(slo:sli_error:ratio_rate30d{slo="availability"} * 1e6))',
          at: '1d12h',
          value: Math.round((errors / total) * 1e6),
        },
      ]),
    );
  });

  it.concurrent('latency SLOs count requests slower than the threshold bucket the same way', async () => {
    const latency = (name: string, ms: number) => `  - kind: SLO
    name: ${name}
    spec:
      objective: 99
      window: 30d
      indicator:
        type: latency
        threshold_ms: ${ms}
        latency_query: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="svc"}[5m])))
`;
    const { dir } = generateTo(spec(latency('latency-500', 500) + latency('latency-1000', 1000)));
    // 1000 requests/min; from day 2 on, 30 % take between 0.5 s and 1 s.
    const fast = counterValues([
      { minutes: DAY, perMinute: 1000 },
      { minutes: DAY, perMinute: 700 },
    ]);
    const all = counterValues([{ minutes: 2 * DAY, perMinute: 1000 }]);
    const input = [
      { series: 'http_request_duration_seconds_bucket{service="svc",le="0.5"}', values: fast },
      { series: 'http_request_duration_seconds_bucket{service="svc",le="1"}', values: all },
      { series: 'http_request_duration_seconds_bucket{service="svc",le="+Inf"}', values: all },
      { series: 'http_request_duration_seconds_count{service="svc"}', values: all },
    ];
    expectPass(
      await promtoolTest(dir, RULES, input, [
        { expr: firing({ slo: 'latency-500' }), at: '1d5m', value: 0 },
        { expr: firing({ slo: 'latency-500', burn_tier: 'page_fast', severity: 'critical' }), at: '1d45m', value: 1 },
        { expr: firing({ slo: 'latency-1000' }), at: '1d45m', value: 0 },
        { expr: firing({ slo: 'latency-1000' }), at: '2d', value: 0 },
        { expr: 'sum(round(slo:sli_error:ratio_rate5m{slo="latency-500"} * 100))', at: '1d3h', value: 30 },
        { expr: 'sum(slo:sli_error:ratio_rate5m{slo="latency-1000"})', at: '1d3h', value: 0 },
        { expr: poisoned, at: '1d3h', value: 0 },
      ]),
    );
  });

  it.concurrent('a gauge SLI (consumer lag ≤ 60 s) burns budget by bad minutes and pages on a sustained breach', async () => {
    const { dir } = generateTo(
      spec(`  - kind: SLO
    name: lag
    spec:
      objective: 99
      window: 30d
      indicator:
        type: custom
        metric: max(kafka_consumergroup_lag_seconds{consumergroup="svc"})
        threshold: 60
`),
    );
    // 1 day under the threshold, then 2 hours at 300 s of lag, then back to normal.
    const lag = `10x${DAY - 1} 300x119 10x${DAY - 121}`;
    expectPass(
      await promtoolTest(
        dir,
        RULES,
        [{ series: 'kafka_consumergroup_lag_seconds{consumergroup="svc",partition="0"}', values: lag }],
        [
          { expr: firing({ slo: 'lag' }), at: '23h', value: 0 },
          { expr: firing({ slo: 'lag', burn_tier: 'page_fast', severity: 'critical' }), at: '1d20m', value: 1 },
          { expr: 'sum(round(slo:sli_error:ratio_rate1d{slo="lag"} * 1440))', at: '1d2h', value: 120 },
          { expr: poisoned, at: '1d2h', value: 0 },
        ],
      ),
    );
  });

  it.concurrent(
    '7d and 28d windows: a 20× burn pages a 7d SLO within the hour, a 5× burn only tickets it, and 28d keeps the Workbook windows',
    async () => {
      const { dir } = generateTo(
        spec(availability('window-30d', 99.9, '30d') + availability('window-28d', 99.9, '28d') + availability('window-7d', 99.9, '7d')),
      );
      const fast = traffic([
        { minutes: DAY, perMinute: 1000, errorShare: 0 },
        { minutes: DAY, perMinute: 1000, errorShare: 0.02 },
      ]);
      expectPass(
        await promtoolTest(dir, RULES, fast, [
          // 7d: page_fast over 14m/5m at 14.4×, for 1m: a 20× burn crosses 14.4× over 14m after ~10 minutes.
          { expr: firing({ slo: 'window-7d', severity: 'critical', burn_tier: 'page_fast' }), at: '1d5m', value: 0 },
          { expr: firing({ slo: 'window-7d', severity: 'critical', burn_tier: 'page_fast' }), at: '1d20m', value: 1 },
          // 28d and 30d: page_fast over 1h/5m at 13.44× and 14.4×: ~42 and ~43 minutes plus `for`.
          { expr: firing({ slo: 'window-28d', severity: 'critical', burn_tier: 'page_fast' }), at: '1d30m', value: 0 },
          { expr: firing({ slo: 'window-28d', severity: 'critical', burn_tier: 'page_fast' }), at: '1d55m', value: 1 },
          { expr: firing({ slo: 'window-30d', severity: 'critical', burn_tier: 'page_fast' }), at: '1d55m', value: 1 },
        ]),
      );
      const slow = traffic([
        { minutes: DAY, perMinute: 1000, errorShare: 0 },
        { minutes: DAY, perMinute: 1000, errorShare: 0.005 },
      ]);
      expectPass(
        await promtoolTest(dir, RULES, slow, [
          { expr: firing({ slo: 'window-7d', severity: 'critical' }), at: '1d50m', value: 0 },
          { expr: firing({ slo: 'window-7d', severity: 'critical' }), at: '2d', value: 0 },
          // ticket_fast over 5h36m/28m at 3×, for 14m: 5× crosses 3× after ~3h22m.
          { expr: firing({ slo: 'window-7d', severity: 'warning', burn_tier: 'ticket_fast' }), at: '1d3h', value: 0 },
          { expr: firing({ slo: 'window-7d', severity: 'warning', burn_tier: 'ticket_fast' }), at: '1d4h', value: 1 },
          { expr: firing({ slo: 'window-28d', severity: 'critical' }), at: '2d', value: 0 },
          { expr: firing({ slo: 'window-30d', severity: 'critical' }), at: '2d', value: 0 },
        ]),
      );
    },
  );
});
