/**
 * Changing an SLO's labels must not break its long windows. A real Prometheus holds three days
 * of recorded 5m event rates written before the change (without the new label) and evaluates the
 * rules generated after it (with `labels: {domain: commerce}`): every rule stays healthy and the
 * long windows keep reading the old samples. A control rule in the shape without the (service,
 * slo) aggregation shows the hazard is real in this setup: it fails with a label clash.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { compile } from '../../src/core/index.ts';
import { counter, gauge, openMetrics, type SyntheticSeries } from '../../src/demo/synthetic.ts';
import { startPrometheus, type RunningPrometheus } from '../helpers/prometheus.ts';
import { tempDir } from '../helpers/promtool.ts';

const MINUTES = 3 * 1440;
const now = Math.floor(Date.now() / 60_000) * 60;
const ERROR_SHARE = 0.001;

const spec = `service:
  name: svc
  team: team-a
  tier: critical
  type: api
resources:
  - kind: SLO
    name: availability
    spec:
      objective: 99.9
      window: 30d
      labels:
        domain: commerce
      indicator:
        success_ratio:
          total_query: sum(rate(http_requests_total{service="svc"}[5m]))
          error_query: sum(rate(http_requests_total{service="svc",code="500"}[5m]))
`;

let prom: RunningPrometheus;

type Rules = {
  data: { groups: { name: string; lastEvaluation: string; rules: { name: string; health: string; lastError?: string }[] }[] };
};

async function rules(): Promise<Rules> {
  return (await fetch(`${prom.url}/api/v1/rules`)).json() as Promise<Rules>;
}

async function query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const body = (await (await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as {
    data: { result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  return body.data.result;
}

beforeAll(async () => {
  const raw: SyntheticSeries[] = [
    {
      name: 'http_requests_total',
      type: 'counter',
      labels: { service: 'svc', code: '200' },
      valueAt: counter(() => 600 * (1 - ERROR_SHARE)),
    },
    { name: 'http_requests_total', type: 'counter', labels: { service: 'svc', code: '500' }, valueAt: counter(() => 600 * ERROR_SHARE) },
  ];
  // What the rules recorded before the change: the same SLO, without the domain label.
  const before = { service: 'svc', slo: 'availability' };
  const recorded: SyntheticSeries[] = [
    gauge('slo:sli_total:rate5m', before, () => 10),
    gauge('slo:sli_errors:rate5m', before, () => 10 * ERROR_SHARE),
  ];
  const om = openMetrics(raw, now, MINUTES).replace(/# EOF\n$/, '') + openMetrics(recorded, now - 600, MINUTES - 10);

  const dir = tempDir();
  const bundle = compile({ file: 'svc.yaml', text: spec }).bundle!;
  const files: string[] = [];
  for (const name of ['recording-rules.yaml', 'alerts.yaml']) {
    const data = parse(bundle.files.find((f) => f.path === `svc/${name}`)!.content) as { groups: { interval?: string }[] };
    for (const g of data.groups) g.interval = '1s';
    const p = join(dir, name);
    writeFileSync(p, stringify(data));
    files.push(p);
  }
  const control = join(dir, 'control.yaml');
  writeFileSync(
    control,
    stringify({
      groups: [
        {
          name: 'control-without-aggregation',
          interval: '1s',
          rules: [
            {
              record: 'control:sli_error:ratio_rate30d',
              expr: 'sum_over_time(slo:sli_errors:rate5m{service="svc",slo="availability"}[30d]) / (sum_over_time(slo:sli_total:rate5m{service="svc",slo="availability"}[30d]) > 0)',
              labels: { service: 'svc', slo: 'availability', domain: 'commerce' },
            },
          ],
        },
      ],
    }),
  );
  files.push(control);
  prom = await startPrometheus({ openMetrics: om, ruleFiles: files });
}, 120_000);
afterAll(async () => {
  await prom?.stop();
});

describe('an SLO whose labels change, with the old recorded series still in the window', () => {
  it('every generated rule stays healthy, while the unaggregated control rule fails with a label clash', async () => {
    let body: Rules | undefined;
    const deadline = Date.now() + 30_000;
    // Wait until the new rules have written their own 5m series (several evaluations).
    while (Date.now() < deadline) {
      body = await rules();
      const fresh = await query('count(slo:sli_total:rate5m{domain="commerce"})');
      const evaluated = body.data.groups.every((g) => !g.lastEvaluation.startsWith('0001') && g.rules.every((r) => r.health !== 'unknown'));
      // The control group evaluates on its own clock: wait for a round after the new series exist.
      const controlRan = body.data.groups.find((g) => g.name === 'control-without-aggregation')?.rules[0]?.health === 'err';
      if (evaluated && fresh.length > 0 && controlRan) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const all = body!.data.groups.flatMap((g) => g.rules.map((r) => ({ group: g.name, ...r })));
    const ours = all.filter((r) => r.group !== 'control-without-aggregation');
    expect(ours.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.lastError}`)).toEqual([]);
    const control = all.find((r) => r.group === 'control-without-aggregation')!;
    expect(control.health).toBe('err');
    expect(control.lastError).toContain('same labelset');
  });

  it('the long windows keep their values: one series each, reading the old samples and the new', async () => {
    for (const w of ['2h', '6h', '1d', '3d', '30d']) {
      const r = await query(`slo:sli_error:ratio_rate${w}{service="svc",slo="availability"}`);
      expect(r.length, w).toBe(1);
      expect(r[0]!.metric.domain).toBe('commerce');
      expect(Number(r[0]!.value[1])).toBeCloseTo(ERROR_SHARE, 6);
    }
    // Three days of old samples stand behind the 30d window, not the few seconds since the change.
    const samples = await query('count_over_time(slo:sli_total:rate5m{service="svc",slo="availability"}[30d])');
    expect(samples.reduce((n, s) => n + Number(s.value[1]), 0)).toBeGreaterThan(MINUTES - 20);
    const remaining = await query('slo:error_budget_remaining:ratio{service="svc",slo="availability"}');
    expect(remaining.length).toBe(1);
    expect(Number(remaining[0]!.value[1])).toBeCloseTo(0, 3);
  });
});
