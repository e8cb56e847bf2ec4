/**
 * verify, budget status and check-deploy against a real Prometheus with three days of backfilled
 * data whose error ratios are known by construction:
 *   healthy  – 0.01 % errors → 90 % of a 99.9 % budget left, burn 0.1×
 *   warning  – 0.085 % errors → 15 % left (below the critical tier's 20 % warning)
 *   burning  – 0.2 % errors   → budget exhausted (−100 %), burn 2×
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { compile } from '../../src/core/index.ts';
import { metricRequirements } from '../../src/core/verify/requirements.ts';
import { gauge, httpService, openMetrics } from '../../src/demo/synthetic.ts';
import { collectBudgets } from '../../src/live/budget.ts';
import { verifyMetrics } from '../../src/live/verify.ts';
import { createPromClient } from '../../src/prom/client.ts';
import { startPrometheus, type RunningPrometheus } from '../helpers/prometheus.ts';
import { tempDir } from '../helpers/promtool.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DAYS = 3;
const MINUTES = DAYS * 1440;
const now = Math.floor(Date.now() / 60_000) * 60; // seconds, on a minute boundary
const SHARES = { healthy: 0.0001, half: 0.0006, warning: 0.00085, burning: 0.002 } as const;

function spec(service: string, extra = '', tier = 'critical'): string {
  return `service:
  name: ${service}
  team: team-a
  tier: ${tier}
  type: api
resources:
  - kind: SLO
    name: availability
    spec:
      objective: 99.9
      window: 30d
      indicator:
        success_ratio:
          total_query: sum(rate(http_requests_total{service="${service}"}[5m]))
          error_query: sum(rate(http_requests_total{service="${service}",code="500"}[5m]))
${extra}`;
}

let prom: RunningPrometheus;
let dir: string;

beforeAll(async () => {
  const series = Object.entries(SHARES).flatMap(([service, share]) =>
    httpService({
      service,
      requests: 'http_requests_total',
      statusLabel: 'code',
      perMinute: 600,
      errorShare: () => share,
    }),
  );
  // A latency histogram whose buckets have no 0.2 s boundary.
  series.push(
    ...httpService({
      service: 'latency',
      requests: 'http_requests_total',
      statusLabel: 'code',
      perMinute: 600,
      errorShare: () => 0,
      histogram: { name: 'http_request_duration_seconds', buckets: [0.1, 0.25, 0.5], slowerThan: (le) => (le < 0.2 ? 0.2 : 0.01) },
    }),
  );
  series.push(gauge('pg_up', { instance: 'db:9187' }, () => 1));
  // Only the alternative name of the connections intent exists (an older postgres_exporter).
  series.push(gauge('pg_stat_activity_count', { instance: 'db:9187', state: 'active' }, () => 12));
  // A service whose metrics stopped a day ago: its 30d window still holds two healthy days.
  const stopped = httpService({
    service: 'stopped',
    requests: 'stopped_requests_total',
    statusLabel: 'code',
    perMinute: 600,
    errorShare: () => 0.0001,
  });
  const body = (om: string) => om.replace(/# EOF\n$/, '');
  prom = await startPrometheus({
    openMetrics: `${body(openMetrics(series, now, MINUTES))}${openMetrics(stopped, now - 86_400, MINUTES - 1440)}`,
  });
  dir = tempDir();
}, 120_000);
afterAll(async () => {
  await prom?.stop();
});

const client = () => createPromClient({ baseUrl: prom.url, fetch: (u, i) => fetch(u, i) });

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), color: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function specFileText(name: string, text: string): string {
  const f = join(dir, `${name}.yaml`);
  writeFileSync(f, text);
  return f;
}

function specFile(service: string, extra = ''): string {
  const f = join(dir, `${service}.yaml`);
  writeFileSync(f, spec(service, extra));
  return f;
}

describe('budget status from a live Prometheus', () => {
  it('matches the values computed from the synthetic data (±0.5 percentage points)', async () => {
    for (const [service, share] of Object.entries(SHARES)) {
      const model = compile({ file: `${service}.yaml`, text: spec(service) }).model!;
      const r = await collectBudgets(client(), model, now * 1000);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      const b = r.report.budgets[0]!;
      expect(b.source).toBe('raw');
      expect(b.remaining!).toBeCloseTo(1 - share / 0.001, 2);
      const oneHour = b.burnRates.find((x) => x.window === 3600)!.burnRate!;
      expect(oneHour).toBeCloseTo(share / 0.001, 2);
      expect(r.report.requests).toBe(2); // one for recorded series, one for all windows from raw data
    }
  });

  it('slo collect prints the status of each SLO', async () => {
    const r = await cli('slo', 'collect', '-p', prom.url, '--at', String(now), specFile('burning'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/availability: EXHAUSTED — SLI 99\.8% vs 99\.9% over 30d, budget left -100%/);
  });
});

describe('check-deploy', () => {
  it('approves a healthy service (exit 0)', async () => {
    const r = await cli('check-deploy', '-p', prom.url, '--at', String(now), specFile('healthy'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('Deploy approved: SLO availability has 90% of its error budget left');
  });
  it('warns but allows a service below the warning threshold (exit 0)', async () => {
    const r = await cli('check-deploy', '-p', prom.url, '--at', String(now), specFile('warning'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('Deploy allowed with a warning: SLO availability has 15% of its error budget left');
  });
  it('blocks an exhausted service and says which SLO and why (exit 1)', async () => {
    const r = await cli('check-deploy', '-p', prom.url, '--at', String(now), '--format', 'json', specFile('burning'));
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as { decision: string; decidingSlo: string; budgetRemainingPercent: number; reason: string };
    expect(j).toMatchObject({ decision: 'blocked', allowed: false, decidingSlo: 'availability', budgetRemainingPercent: -100 });
  });
  it('fails closed when the SLI has no data at all: exit 1, "cannot judge"', async () => {
    const r = await cli('check-deploy', '-p', prom.url, '--at', String(now), '--format', 'json', specFile('ghost'));
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as { decision: string; allowed: boolean; reason: string };
    expect(j).toMatchObject({ decision: 'no_data', allowed: false });
    expect(j.reason).toContain('cannot judge: no data for SLO availability');
  });
  it('fails closed when the SLI metrics stopped, though the 30d window still reads healthy', async () => {
    const text = spec('stopped').replaceAll('http_requests_total', 'stopped_requests_total');
    const r = await cli('check-deploy', '-p', prom.url, '--at', String(now), specFileText('stopped', text));
    expect(r.code).toBe(1);
    expect(r.out).toContain('cannot judge: no data for SLO availability (its metrics stopped)');
    const b = await collectBudgets(client(), compile({ file: 'stopped.yaml', text }).model!, now * 1000);
    expect(b.ok && b.report.budgets[0]).toMatchObject({ status: 'no_data', stale: true });
    expect(b.ok && b.report.budgets[0]!.remaining).toBeCloseTo(0.9, 2);
  });
  it('lets a deploy through without data only when the DeploymentGate says on_no_data: allow', async () => {
    const gate = '  - kind: DeploymentGate\n    name: gate\n    spec:\n      on_no_data: allow\n';
    const r = await cli('check-deploy', '-p', prom.url, '--at', String(now), specFileText('ghost-allowed', spec('ghost', gate)));
    expect(r.code).toBe(0);
    expect(r.out).toContain('Deploy allowed without data (on_no_data: allow)');
  });
  it('an unreachable Prometheus is exit 69 with a clear message, not a hang', async () => {
    const t0 = Date.now();
    const r = await cli('check-deploy', '-p', 'http://127.0.0.1:9', '--timeout', '2', '--at', String(now), specFile('healthy'));
    expect(r.code).toBe(69);
    expect(r.err).toContain('cannot reach Prometheus at http://127.0.0.1:9');
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});

describe('verify', () => {
  const extra = `  - kind: Observability
    name: obs
    spec:
      metrics:
        - http_requests_total
        - checkout_started_total
  - kind: Dependencies
    name: deps
    spec:
      databases:
        - name: db
          type: postgresql
`;
  it('reports exactly the missing metrics, in a few requests', async () => {
    const text = spec('healthy', extra);
    const r = compile({ file: 'healthy.yaml', text });
    const requirements = metricRequirements(r.model!, r.bundle);
    const v = await verifyMetrics(client(), requirements, { now: now * 1000 });
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.report.missingRequired.map((c) => c.metric)).toEqual(['checkout_started_total']);
    expect(v.report.checks.find((c) => c.metric === 'http_requests_total')!.present).toBe(true);
    expect(v.report.requests).toBeLessThanOrEqual(4);
  });

  it('a metric present for other services but not this one is missing, with the selector named', async () => {
    const r = await cli('verify', '-p', prom.url, '--at', String(now), specFile('no-such-service'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('no series for http_requests_total{service="no-such-service"}');
  });

  it('a latency threshold with no bucket fails, naming the missing le and the buckets that exist', async () => {
    const text = spec(
      'latency',
      `  - kind: SLO
    name: fast
    spec:
      objective: 99
      indicator:
        type: latency
        threshold_ms: 200
        latency_query: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="latency"}[5m])))
`,
    );
    const r = await cli('verify', '-p', prom.url, '--at', String(now), specFileText('latency', text));
    expect(r.code).toBe(1);
    expect(r.out).toContain('no bucket le="0.2": the latency SLO would have no data (its buckets: 0.1, 0.25, 0.5, +Inf)');
    expect(r.err).toContain('threshold 200ms is not a bucket');
  });

  it('exit 0 when every required metric exists', async () => {
    expect((await cli('verify', '-p', prom.url, '--at', String(now), specFile('healthy'))).code).toBe(0);
  });
});

describe('discovery', () => {
  it('classifies what exists and resolves intents: default, alternative, or guidance to install the exporter', async () => {
    const text = spec(
      'healthy',
      `  - kind: Dependencies\n    name: deps\n    spec:\n      databases:\n        - {name: db, type: postgresql}\n      caches:\n        - {name: c, type: redis}\n`,
    );
    const r = await cli('discover', '-p', prom.url, '--at', String(now), '--format', 'json', specFileText('healthy-deps', text));
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out) as {
      metrics: { metric: string; exporter: string; technology?: string }[];
      intents: { technology: string; intent: string; metric?: string; source: string; guidance?: string }[];
      overrides: Record<string, string>;
      requests: number;
    };
    expect(d.metrics).toContainEqual({
      metric: 'http_requests_total',
      type: 'counter',
      exporter: 'the service itself (instrumentation library)',
    });
    expect(d.metrics).toContainEqual({ metric: 'pg_up', type: 'unknown', exporter: 'postgres_exporter', technology: 'postgresql' });
    const intent = (t: string, i: string) => d.intents.find((x) => x.technology === t && x.intent === i)!;
    expect(intent('postgresql', 'up')).toMatchObject({ source: 'default', metric: 'pg_up' });
    expect(intent('postgresql', 'connections')).toMatchObject({ source: 'alternative', metric: 'pg_stat_activity_count' });
    expect(d.overrides).toEqual({ 'postgresql.connections': 'pg_stat_activity_count' });
    expect(intent('redis', 'up')).toMatchObject({ source: 'missing', guidance: expect.stringContaining('redis_exporter') });
    expect(d.requests).toBeLessThanOrEqual(4);
  });

  it('apply --discover points the dashboard at the metric that exists', async () => {
    const text = spec(
      'healthy',
      `  - kind: Dependencies\n    name: deps\n    spec:\n      databases:\n        - {name: db, type: postgresql}\n`,
    );
    const file = specFileText('healthy-pg', text);
    const plain = tempDir();
    const found = tempDir();
    expect((await cli('apply', '-o', plain, file)).code).toBe(0);
    expect((await cli('apply', '--discover', '-p', prom.url, '-o', found, file)).code).toBe(0);
    const dash = (d: string) => readFileSync(join(d, 'healthy/dashboard.json'), 'utf8');
    expect(dash(plain)).toContain('pg_stat_database_numbackends');
    expect(dash(found)).not.toContain('pg_stat_database_numbackends');
  });
});

describe('portfolio against a live Prometheus', () => {
  const portfolioDir = (services: [string, string][]) => {
    const d = tempDir('nthlayer-portfolio-');
    for (const [service, tier] of services) writeFileSync(join(d, `${service}.yaml`), spec(service, '', tier));
    return d;
  };
  it('exit 0 when every service is healthy', async () => {
    expect((await cli('portfolio', '-p', prom.url, '--at', String(now), portfolioDir([['healthy', 'critical']]))).code).toBe(0);
  });
  it('exit 1 with a warning service, and tier numbers that say which tier', async () => {
    const r = await cli(
      'portfolio',
      '-p',
      prom.url,
      '--at',
      String(now),
      '--format',
      'json',
      portfolioDir([
        ['healthy', 'critical'],
        ['half', 'high'],
      ]),
    );
    expect(r.code).toBe(1);
    const p = JSON.parse(r.out);
    expect(p.by_tier).toEqual([
      { tier: 'critical', total_services: 1, healthy_services: 1, unknown_services: 0, health_percent: 100 },
      { tier: 'high', total_services: 1, healthy_services: 0, unknown_services: 0, health_percent: 0 },
    ]);
    expect(p.summary).toMatchObject({ services_with_slos: 2, healthy_services: 1, org_health_percent: 50 });
    const half = p.services.find((s: { service: string }) => s.service === 'half');
    expect(half.overall_status).toBe('warning');
    expect(half.slos[0].budget_remaining_percent).toBeCloseTo(40, 0);
    expect(half.slos[0].current_value).toBeCloseTo(99.94, 2);
  });
  it('exit 2 with a critical or exhausted service', async () => {
    const r = await cli(
      'portfolio',
      '-p',
      prom.url,
      '--at',
      String(now),
      '--format',
      'json',
      portfolioDir([
        ['healthy', 'critical'],
        ['warning', 'standard'],
        ['burning', 'low'],
      ]),
    );
    expect(r.code).toBe(2);
    const p = JSON.parse(r.out);
    expect(p.services.map((s: { service: string; overall_status: string }) => [s.service, s.overall_status])).toEqual([
      ['healthy', 'healthy'],
      ['warning', 'critical'],
      ['burning', 'exhausted'],
    ]);
    expect(p.insights).toContainEqual({
      type: 'exhausted',
      service: 'burning',
      severity: 'critical',
      message: 'error budget exhausted for availability',
    });
  });
});

describe('a Prometheus stopped mid-session', () => {
  it('gives a clear error and does not hang', async () => {
    const other = await startPrometheus();
    const c = createPromClient({ baseUrl: other.url, fetch: (u, i) => fetch(u, i), retries: 1, backoffMs: 50, timeoutMs: 2000 });
    expect((await c.buildInfo()).ok).toBe(true);
    await other.stop();
    const t0 = Date.now();
    const r = await c.query('up');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('network');
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
