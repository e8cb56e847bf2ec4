/**
 * Live Prometheus figures: requests per verify and per budget refresh for each example (against
 * the original's one request per metric), and the proxy's added latency per request on loopback
 * under a bounded load (direct and proxied medians and p99 measured in the same run).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { compile } from '../src/core/index.ts';
import { metricRequirements } from '../src/core/verify/requirements.ts';
import { startDemo } from '../src/demo/run.ts';
import { collectBudgets } from '../src/live/budget.ts';
import { verifyMetrics } from '../src/live/verify.ts';
import { createPromClient } from '../src/prom/client.ts';
import { freePort } from '../tests/helpers/prometheus.ts';
import { tempDir } from '../tests/helpers/promtool.ts';
import { median, type Benchmark } from './harness.ts';

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function latencies(url: string, n: number, concurrency: number): Promise<number[]> {
  const out: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const t0 = performance.now();
      const r = await fetch(`${url}/api/v1/query?query=${encodeURIComponent('sum(rate(http_requests_total[5m]))')}`);
      await r.text();
      out.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

export const liveBenchmark: Benchmark = {
  name: 'live: requests per verify and budget refresh, proxy added latency',
  async run() {
    const demo = await startDemo({
      port: await freePort(),
      prometheusPort: await freePort(),
      dir: tempDir('nthlayer-bench-'),
      log: () => {},
      skipBuild: true,
    });
    try {
      console.log('| example | metrics checked | verify requests | original (1 + one per metric) | budget refresh requests |');
      console.log('|---|---|---|---|---|');
      for (const f of readdirSync('examples')
        .filter((x) => x.endsWith('.yaml'))
        .sort()) {
        const r = compile({ file: f, text: readFileSync(`examples/${f}`, 'utf8') });
        const client = createPromClient({ baseUrl: demo.prometheusUrl, fetch: (u, i) => fetch(u, i) });
        const req = metricRequirements(r.model!, r.bundle);
        const v = await verifyMetrics(client, req, { now: Date.now() });
        const b = await collectBudgets(client, r.model!, Date.now());
        console.log(
          `| ${f} | ${req.length} | ${v.ok ? v.report.requests : 'error'} | ${1 + req.length} | ${b.ok ? b.report.requests : 'error'} |`,
        );
      }
      // Bounded load: 4 concurrent clients, 400 requests each way, direct first to warm Prometheus.
      await latencies(demo.prometheusUrl, 100, 4);
      const direct = await latencies(demo.prometheusUrl, 400, 4);
      const proxied = await latencies(demo.studioUrl.replace(/\/$/, ''), 400, 4);
      console.log('\n| path | median | p99 |');
      console.log('|---|---|---|');
      console.log(`| direct to Prometheus | ${median(direct).toFixed(2)} ms | ${percentile(direct, 99).toFixed(2)} ms |`);
      console.log(`| through the proxy | ${median(proxied).toFixed(2)} ms | ${percentile(proxied, 99).toFixed(2)} ms |`);
      console.log(
        `| added by the proxy | ${(median(proxied) - median(direct)).toFixed(2)} ms | ${(percentile(proxied, 99) - percentile(direct, 99)).toFixed(2)} ms |`,
      );
    } finally {
      await demo.stop();
    }
  },
};
