/**
 * Backtest cost: requests and time per SLO for a 30-day backtest, and a whole spec of 10 SLOs
 * over 30 days, against a real Prometheus holding 33 days of 1-minute traffic for 10 services
 * (backfilled). Baseline in the same run: plain query_range calls (split like the backtest's) of each SLO's raw total rate
 * over the same range and step (the least any replay must fetch), so the ratio says what the
 * full replay (every window's series, the engine) costs on top.
 */
import { performance } from 'node:perf_hooks';
import { backtestPeriod, chunkRange, defaultStep } from '../src/core/backtest/report.ts';
import { compile } from '../src/core/index.ts';
import { seconds } from '../src/core/units.ts';
import { newBacktestCache, runBacktest } from '../src/live/backtest.ts';
import { createPromClient } from '../src/prom/client.ts';
import { startPrometheus } from '../tests/helpers/prometheus.ts';
import { buildTraffic, trafficOpenMetrics, type TrafficPart } from '../tests/helpers/traffic.ts';
import { median, type Benchmark } from './harness.ts';

const DAY = 1440;
const SLOS = 10;
const DAYS = 33;

function spec(): string {
  const slos = Array.from(
    { length: SLOS },
    (_, i) => `  - kind: SLO
    name: slo-${i}
    spec:
      objective: 99.9
      window: 30d
      indicator:
        success_ratio:
          total_query: sum(rate(http_requests_total{service="s${i}"}[5m]))
          error_query: sum(rate(http_requests_total{service="s${i}",code="500"}[5m]))
`,
  ).join('');
  return `service:\n  name: bench\n  team: t\n  tier: critical\n  type: api\nresources:\n${slos}`;
}

/** Each service: quiet traffic with a 50× hour and a 4× day at different times. */
function parts(i: number): TrafficPart[] {
  const at = (2 + i) * DAY;
  return [
    { minutes: at, perMinute: 1000, errorShare: 0.0002 },
    { minutes: 60, perMinute: 1000, errorShare: 0.05 },
    { minutes: 3 * DAY, perMinute: 1000, errorShare: 0.0002 },
    { minutes: DAY, perMinute: 1000, errorShare: 0.004 },
    { minutes: DAYS * DAY - at - 60 - 4 * DAY, perMinute: 1000, errorShare: 0.0002 },
  ];
}

export const backtestBenchmark: Benchmark = {
  name: 'backtest: requests and time per SLO over 30 days',
  async run() {
    const end = Math.floor(Date.now() / 60_000) * 60;
    const t0 = end - DAYS * DAY * 60;
    const tb = performance.now();
    const prom = await startPrometheus({
      openMetrics: trafficOpenMetrics(
        Array.from({ length: SLOS }, (_, i) => ({ traffic: buildTraffic(parts(i)), labels: `service="s${i}"` })),
        t0,
      ),
      backfillArgs: ['--max-block-duration=800h'],
    });
    console.log(
      `(backfilled ${SLOS} services × ${DAYS} days at 1m in ${((performance.now() - tb) / 1000).toFixed(1)} s, not measured below)`,
    );
    try {
      const model = compile({ file: 'bench.yaml', text: spec() }).model!;
      const client = createPromClient({ baseUrl: prom.url, fetch: (u, i) => fetch(u, i) });
      console.log(
        '| step | SLOs | requests | requests per SLO | time (median of 3) | per SLO | baseline: raw total rate per SLO | ratio | pages | tickets |',
      );
      console.log('|---|---|---|---|---|---|---|---|---|---|');
      for (const step of [defaultStep(seconds(30 * 86_400)), seconds(60)]) {
        const period = backtestPeriod(end, seconds(30 * 86_400), step);
        const runs: number[] = [];
        const bases: number[] = [];
        let requests = 0;
        let pages = 0;
        let tickets = 0;
        for (let k = 0; k < 4; k++) {
          const b0 = performance.now();
          await Promise.all(
            model.slos.map(async (_, i) => {
              for (const c of chunkRange(period.from - 3 * 86_400, period.to, step)) {
                const r = await client.queryRange(`sum(rate(http_requests_total{service="s${i}"}[5m]))`, c.start, c.end, step);
                if (!r.ok) throw new Error(JSON.stringify(r.error));
              }
            }),
          );
          const b1 = performance.now();
          const r = await runBacktest(client, model, period, newBacktestCache());
          const b2 = performance.now();
          if (!r.ok) throw new Error(JSON.stringify(r.error));
          if (k === 0) continue; // warm-up
          bases.push(b1 - b0);
          runs.push(b2 - b1);
          requests = r.run.report.requests;
          pages = r.run.report.slos.reduce((n, s) => n + (s.pages ?? 0), 0);
          tickets = r.run.report.slos.reduce((n, s) => n + (s.tickets ?? 0), 0);
        }
        const t = median(runs);
        const base = median(bases);
        console.log(
          `| ${step / 60}m | ${SLOS} | ${requests} | ${((requests - 1) / SLOS).toFixed(1)} (+1 build info) | ${(t / 1000).toFixed(2)} s | ${(t / SLOS).toFixed(0)} ms | ${(base / 1000).toFixed(2)} s | ${(t / base).toFixed(1)}× | ${pages} | ${tickets} |`,
        );
      }
    } finally {
      await prom.stop();
    }
  },
};
