/**
 * "Alerts you can trust", proven in the real Prometheus rule engine (`promtool test rules`) on
 * data whose answer is known by construction: windows that scale with the SLO window, no-data
 * alerts, missing latency buckets, dependency alerts scoped to the dependency the spec declares,
 * and the error-budget rules of `kind: Alerts`.
 */
import { describe, expect, it } from 'vitest';
import { everyTechnologySpec } from '../../src/core/technologies/fixtures.ts';
import { counterValues, firing, firingAny, generateTo, promtoolTest, type ExprCheck, type Segment } from '../helpers/promtool.ts';

const RULES = ['recording-rules.yaml', 'alerts.yaml'];
const DAY = 1440;

function spec(resources: string, service = 'svc'): string {
  return `service:\n  name: ${service}\n  team: team-a\n  tier: critical\n  type: api\nresources:\n${resources}`;
}

function availability(name: string, objective: number, window: string, metric = 'http_requests_total'): string {
  return `  - kind: SLO
    name: ${name}
    spec:
      objective: ${objective}
      window: ${window}
      indicator:
        type: availability
        success_ratio:
          total_query: sum(rate(${metric}{service="svc"}[5m]))
          error_query: sum(rate(${metric}{service="svc",code="500"}[5m]))
`;
}

/** Two counters (code 200 and 500) from segments of (minutes, requests/min, error share). */
function traffic(
  parts: { minutes: number; perMinute: number; errorShare: number }[],
  metric = 'http_requests_total',
  suffix = '',
): { series: string; values: string }[] {
  const ok: Segment[] = parts.map((p) => ({ minutes: p.minutes, perMinute: p.perMinute * (1 - p.errorShare) }));
  const bad: Segment[] = parts.map((p) => ({ minutes: p.minutes, perMinute: p.perMinute * p.errorShare }));
  return [
    { series: `${metric}{service="svc",code="200"}`, values: counterValues(ok) + suffix },
    { series: `${metric}{service="svc",code="500"}`, values: counterValues(bad) + suffix },
  ];
}

function expectPass(r: { ok: boolean; output: string }): void {
  expect(r.ok, r.output).toBe(true);
}

/** A gauge held at `value` for `minutes` minutes, in promtool's notation. */
const hold = (value: number, minutes: number): string => `${value}x${minutes - 1}`;

describe('alerts you can trust, in promtool', { timeout: 300_000 }, () => {
  it.concurrent('a healthy 99 %/7d SLO at 0.3 % errors (0.3×) stays silent for three days and keeps 70 % of its budget', async () => {
    const { dir } = generateTo(spec(availability('availability', 99, '7d')));
    const checks: ExprCheck[] = ['2h', '12h', '1d', '1d12h', '2d', '2d12h', '3d'].map((at) => ({ expr: firing({}), at, value: 0 }));
    checks.push({ expr: 'sum(round(slo:error_budget_remaining:ratio{slo="availability"} * 100))', at: '3d', value: 70 });
    expectPass(await promtoolTest(dir, RULES, traffic([{ minutes: 3 * DAY, perMinute: 1000, errorShare: 0.003 }]), checks));
  });

  it.concurrent('a 1d SLO pages a 20× burn within minutes and never pages or tickets a 0.5× one', async () => {
    const { dir } = generateTo(spec(availability('burning', 99.9, '1d', 'burn_requests_total') + availability('healthy', 99.9, '1d')));
    const input = [
      ...traffic(
        [
          { minutes: DAY, perMinute: 1000, errorShare: 0 },
          { minutes: DAY, perMinute: 1000, errorShare: 0.02 },
        ],
        'burn_requests_total',
      ),
      ...traffic([{ minutes: 2 * DAY, perMinute: 1000, errorShare: 0.0005 }]),
    ];
    const checks: ExprCheck[] = [
      // page_fast over 5m/5m at 5.76×: 20× crosses it after ~1.5 minutes, `for` 1m.
      { expr: firing({ slo: 'burning', burn_tier: 'page_fast' }), at: '1d', value: 0 },
      { expr: firing({ slo: 'burning', burn_tier: 'page_fast', severity: 'critical' }), at: '1d10m', value: 1 },
      ...['1h', '12h', '1d', '1d12h', '2d'].map((at) => ({ expr: firing({ slo: 'healthy' }), at, value: 0 })),
    ];
    expectPass(await promtoolTest(dir, RULES, input, checks));
  });

  it.concurrent('a 90d SLO pages a 20× burn within three hours (3h/15m at 14.4×) and stays silent at 0.5×', async () => {
    const { dir } = generateTo(spec(availability('burning', 99.9, '90d', 'burn_requests_total') + availability('healthy', 99.9, '90d')));
    const input = [
      ...traffic(
        [
          { minutes: DAY, perMinute: 1000, errorShare: 0 },
          { minutes: DAY, perMinute: 1000, errorShare: 0.02 },
        ],
        'burn_requests_total',
      ),
      ...traffic([{ minutes: 2 * DAY, perMinute: 1000, errorShare: 0.0005 }]),
    ];
    expectPass(
      await promtoolTest(dir, RULES, input, [
        // 0.02 × t / 180 > 0.0144 after ~130 minutes, then `for` 6m.
        { expr: firing({ slo: 'burning', burn_tier: 'page_fast' }), at: '1d2h', value: 0 },
        { expr: firing({ slo: 'burning', burn_tier: 'page_fast', severity: 'critical' }), at: '1d2h30m', value: 1 },
        ...['1h', '12h', '1d', '1d12h', '2d'].map((at) => ({ expr: firing({ slo: 'healthy' }), at, value: 0 })),
      ]),
    );
  });

  it.concurrent('SLI metrics that vanish fire the no-data alert 5m + `for` later, and no burn-rate tier', async () => {
    const { dir } = generateTo(spec(availability('availability', 99.9, '30d')));
    const noData = firing({ slo: 'availability', burn_tier: 'no_data', severity: 'critical' });
    // 1000 requests a minute for a day, then the series go stale (the exporter or the metric is gone).
    expectPass(
      await promtoolTest(dir, RULES, traffic([{ minutes: DAY, perMinute: 1000, errorShare: 0.0005 }], 'http_requests_total', ' stale'), [
        { expr: noData, at: '12h', value: 0 },
        { expr: noData, at: '1d4m', value: 0 },
        // for = round(14.4 × 0.001 × 60m + 2m) = 3m: firing by 5m + 3m (+ one evaluation) after the last sample.
        { expr: noData, at: '1d10m', value: 1 },
        { expr: noData, at: '1d6h', value: 1 },
        { expr: firing({ slo: 'availability', burn_tier: 'page_fast' }), at: '1d6h', value: 0 },
        { expr: firing({ slo: 'availability', burn_tier: 'page_slow' }), at: '1d6h', value: 0 },
      ]),
    );
  });

  it.concurrent(
    'a latency threshold without a bucket (200 ms) is never read as "every request slow": no SLI sample, no page, the no-data alert speaks',
    async () => {
      const { dir } = generateTo(
        spec(`  - kind: SLO
    name: latency
    spec:
      objective: 99
      window: 30d
      indicator:
        type: latency
        threshold_ms: 200
        latency_query: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="svc"}[5m])))
`),
      );
      const all = counterValues([{ minutes: 2 * DAY, perMinute: 1000 }]);
      const input = [
        {
          series: 'http_request_duration_seconds_bucket{service="svc",le="0.1"}',
          values: counterValues([{ minutes: 2 * DAY, perMinute: 900 }]),
        },
        { series: 'http_request_duration_seconds_bucket{service="svc",le="0.25"}', values: all },
        { series: 'http_request_duration_seconds_bucket{service="svc",le="+Inf"}', values: all },
        { series: 'http_request_duration_seconds_count{service="svc"}', values: all },
      ];
      expectPass(
        await promtoolTest(dir, RULES, input, [
          { expr: 'count(slo:sli_error:ratio_rate5m{slo="latency"}) or vector(0)', at: '1d', value: 0 },
          { expr: 'count(slo:sli_error:ratio_rate30d{slo="latency"}) or vector(0)', at: '1d', value: 0 },
          ...['30m', '1h', '1d', '2d'].map((at) => ({
            expr: firing({ slo: 'latency', severity: 'critical', burn_tier: 'page_fast' }),
            at,
            value: 0,
          })),
          ...['1d', '2d'].map((at) => ({ expr: firing({ slo: 'latency', severity: 'warning' }), at, value: 0 })),
          { expr: firing({ slo: 'latency', burn_tier: 'no_data' }), at: '1h', value: 1 },
        ]),
      );
    },
  );

  it.concurrent(
    "dependency alerts watch the dependency the spec declares: another instance, another team's Traefik service or consumer group pages nobody",
    async () => {
      const { dir } = generateTo(
        spec(`  - kind: Dependencies
    name: deps
    spec:
      databases:
        - name: ledger-db
          type: postgresql
      caches:
        - name: cache
          type: redis
      infrastructure:
        - name: edge
          type: traefik
      queues:
        - name: clicks
          type: kafka
`),
      );
      const input = [
        // Another team's database is down the whole time; ours goes down for 30 minutes at 1d.
        { series: 'pg_up{instance="other-db:9187",job="postgres"}', values: hold(0, 2 * DAY) },
        { series: 'pg_up{instance="ledger-db:9187",job="postgres"}', values: `${hold(1, DAY)} ${hold(0, 30)} ${hold(1, DAY - 30)}` },
        // Our Redis is up, but no instance reports the master role.
        { series: 'redis_up{instance="cache:9121"}', values: hold(1, 2 * DAY) },
        { series: 'redis_instance_info{instance="cache:9121",role="slave"}', values: hold(1, 2 * DAY) },
        { series: 'redis_connected_slaves{instance="cache:9121"}', values: hold(0, 2 * DAY) },
        // Two of our Traefik services lose every server at once; another team's too.
        { series: 'traefik_service_server_up{service="default-svc-80@kubernetes",url="http://10.0.0.1:80"}', values: hold(0, 2 * DAY) },
        { series: 'traefik_service_server_up{service="svc@docker",url="http://10.0.0.2:80"}', values: hold(0, 2 * DAY) },
        { series: 'traefik_service_server_up{service="billing-80@kubernetes",url="http://10.0.0.3:80"}', values: hold(0, 2 * DAY) },
        // Another consumer group lags far behind on our topic; ours lags too.
        { series: 'kafka_consumergroup_lag{topic="clicks",consumergroup="other",partition="0"}', values: hold(50_000, 2 * DAY) },
        { series: 'kafka_consumergroup_lag{topic="clicks",consumergroup="svc",partition="0"}', values: hold(20_000, 2 * DAY) },
      ];
      const down = 'count(ALERTS{alertstate="firing",alertname="PostgresqlDown"}) or vector(0)';
      expectPass(
        await promtoolTest(dir, RULES, input, [
          { expr: down, at: '12h', value: 0 },
          { expr: down, at: '1d10m', value: 1 },
          {
            expr: 'count(ALERTS{alertstate="firing",alertname="PostgresqlDown",service="svc",team="team-a",dependency="ledger-db",instance="ledger-db:9187"})',
            at: '1d10m',
            value: 1,
          },
          { expr: down, at: '1d1h', value: 0 },
          { expr: firingAny({ alertname: 'RedisMissingMaster', service: 'svc', dependency: 'cache' }), at: '1h', value: 1 },
          // Two alerts, each keeping Traefik's service name; no evaluation error from a label clash.
          { expr: firingAny({ alertname: 'TraefikServiceDown', service: 'svc' }), at: '1h', value: 2 },
          { expr: firingAny({ alertname: 'TraefikServiceDown', exported_service: 'billing-80@kubernetes' }), at: '1h', value: 0 },
          { expr: firingAny({ alertname: 'TraefikServiceDown', exported_service: 'svc@docker' }), at: '1h', value: 1 },
          { expr: firingAny({ alertname: 'KafkaConsumerGroupLag', consumergroup: 'svc' }), at: '1h', value: 1 },
          { expr: firingAny({ alertname: 'KafkaConsumerGroupLag', consumergroup: 'other' }), at: '1h', value: 0 },
        ]),
      );
    },
  );

  it.concurrent('with no exporter at all, no technology rule fires, fleet-wide files included', async () => {
    const { dir, files } = generateTo(everyTechnologySpec('critical', 'api', 'svc'));
    const fleet = Object.keys(files).filter((f) => f.endsWith('-alerts.yaml') && f !== 'loki-alerts.yaml');
    expect(fleet.length).toBeGreaterThan(0);
    const checks: ExprCheck[] = ['5m', '1h', '6h', '1d'].map((at) => ({ expr: 'count(ALERTS) or vector(0)', at, value: 0 }));
    expectPass(await promtoolTest(dir, ['alerts.yaml', ...fleet], [{ series: 'up{job="unrelated"}', values: hold(1, DAY) }], checks));
  });

  it.concurrent('kind: Alerts rules fire at their threshold: budget consumed, burn rate and hours to exhaustion', async () => {
    const { dir } = generateTo(
      spec(`${availability('availability', 99.9, '30d')}  - kind: Alerts
    name: budget
    spec:
      rules:
        - {name: half-spent, type: budget_threshold, slo: availability, threshold: 0.5, severity: warning}
        - {name: burning, type: burn_rate, slo: '*', threshold: 1.5, severity: warning}
        - {name: running-out, type: budget_exhaustion, threshold: 400, severity: critical}
`),
    );
    // A clean day, then a 2× burn (0.2 % errors): half the window's budget is gone 8 h in (2t / (1440 + t) = 0.5).
    const input = traffic([
      { minutes: DAY, perMinute: 1000, errorShare: 0 },
      { minutes: DAY, perMinute: 1000, errorShare: 0.002 },
    ]);
    const rule = (name: string) => firingAny({ budget_rule: name, slo: 'availability', service: 'svc' });
    expectPass(
      await promtoolTest(dir, RULES, input, [
        { expr: rule('half-spent'), at: '1d7h', value: 0 },
        { expr: rule('half-spent'), at: '1d9h', value: 1 },
        // burn over 1h passes 1.5× at 45 minutes, `for` 5m.
        { expr: rule('burning'), at: '1d40m', value: 0 },
        { expr: rule('burning'), at: '1d1h', value: 1 },
        // hours left = remaining × 720 h / burn(1h): 690 h at 30 minutes, under 400 h once the 1h burn passes 1.8×.
        { expr: rule('running-out'), at: '1d30m', value: 0 },
        { expr: rule('running-out'), at: '1d1h30m', value: 1 },
        { expr: 'count(ALERTS{alertstate="firing",budget_rule="running-out",severity="critical"})', at: '1d1h30m', value: 1 },
      ]),
    );
  });
});
