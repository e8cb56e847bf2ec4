/**
 * The deploy gate in CI formats and as an Argo Rollouts AnalysisTemplate, against a real
 * Prometheus that evaluates the generated recording rules over backfilled raw data whose error
 * shares are known by construction (critical tier: warning below 20 %, blocking below 10 %):
 *   healthy   0.01 % errors → 90 % of the budget left            approved
 *   warning   0.085 %       → 15 % left                           allowed with a warning
 *   blocked   0.095 %       → 5 % left                            blocked, budget not exhausted
 *   exhausted 0.2 %         → −100 %, burn 2× (no page tier)     blocked
 *   burning   2 %           → burn 20× over 1h and 5m (page)      blocked
 *   stopped   metrics and recorded history end a day ago          no data (the 30d window still reads 90 %)
 *   ghost     no metrics at all                                   no data
 * The shares are constant, so every window's ratio is the share whatever history the rules have
 * seen: the rules run live (every second), and a few evaluations give every recorded series.
 *
 * Argo: its prometheus provider queries at the current time and hands the condition `result`, the
 * instant vector's values as a list of floats; the condition is expr-lang. The conditions we emit
 * use only `len(result)`, `result[i]`, number literals, comparisons, `&&`, `||` and parentheses,
 * which mean the same in JavaScript once `len` is the length and an index past the end throws (an
 * expr-lang runtime error, a measurement Error in Argo). The test refuses any other token, so a
 * condition outside that subset fails here instead of being evaluated by the wrong rules.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { main } from '../../src/cli/main.ts';
import { compile, type AnalysisTemplate } from '../../src/core/index.ts';
import { gauge, httpService, openMetrics, type SyntheticSeries } from '../../src/demo/synthetic.ts';
import { startPrometheus, type RunningPrometheus } from '../helpers/prometheus.ts';
import { tempDir } from '../helpers/promtool.ts';
import { availabilitySpec } from '../helpers/specs.ts';

const MINUTES = 2 * 1440;
const now = Math.floor(Date.now() / 60_000) * 60;
const SHARES = { healthy: 0.0001, warning: 0.00085, blocked: 0.00095, exhausted: 0.002, burning: 0.02 } as const;
type Live = keyof typeof SHARES;
const EXPECTED: Record<Live | 'stopped' | 'ghost', { allowed: boolean; decision: string }> = {
  healthy: { allowed: true, decision: 'approved' },
  warning: { allowed: true, decision: 'warning' },
  blocked: { allowed: false, decision: 'blocked' },
  exhausted: { allowed: false, decision: 'blocked' },
  burning: { allowed: false, decision: 'blocked' },
  stopped: { allowed: false, decision: 'no_data' },
  ghost: { allowed: false, decision: 'no_data' },
};

const spec = (service: string): string => availabilitySpec(service, { window: '30d' });

let prom: RunningPrometheus;
let dir: string;
const specFile = (service: string): string => join(dir, `${service}.yaml`);

async function cli(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), color: false });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

async function instant(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const body = (await (await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as {
    status: string;
    error?: string;
    data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
  expect(body.data.resultType).toBe('vector');
  return body.data.result;
}

beforeAll(async () => {
  dir = tempDir('nthlayer-gate-');
  const series: SyntheticSeries[] = Object.entries(SHARES).flatMap(([service, share]) =>
    httpService({ service, requests: 'http_requests_total', statusLabel: 'code', perMinute: 600, errorShare: () => share }),
  );
  // "stopped": raw metrics and the recorded 5m rates the rules wrote before it stopped, both ending a day ago.
  const stoppedRaw = httpService({
    service: 'stopped',
    requests: 'http_requests_total',
    statusLabel: 'code',
    perMinute: 600,
    errorShare: () => 0.0001,
  });
  const recorded = { service: 'stopped', slo: 'availability' };
  const stoppedRecorded = [gauge('slo:sli_total:rate5m', recorded, () => 10), gauge('slo:sli_errors:rate5m', recorded, () => 0.001)];
  const body = (om: string): string => om.replace(/# EOF\n$/, '');
  const ruleFiles: string[] = [];
  for (const service of [...Object.keys(SHARES), 'stopped', 'ghost']) {
    writeFileSync(specFile(service), spec(service));
    const r = compile({ file: `${service}.yaml`, text: spec(service) });
    const rules = r.bundle!.files.find((f) => f.path === `${service}/recording-rules.yaml`)!;
    // The generated groups, evaluated every second instead of every minute so the test need not wait.
    const data = parse(rules.content) as { groups: { interval?: string }[] };
    for (const g of data.groups) g.interval = '1s';
    const p = join(dir, `${service}-rules.yaml`);
    writeFileSync(p, stringify(data));
    ruleFiles.push(p);
  }
  prom = await startPrometheus({
    ruleFiles,
    openMetrics: `${body(openMetrics(series, now, MINUTES))}${body(openMetrics(stoppedRaw, now - 86_400, MINUTES - 1440))}${openMetrics(stoppedRecorded, now - 86_400, MINUTES - 1440)}`,
  });
  // Every live service has every window and its budget recorded ("stopped" its 30d window and
  // budget), in two polls a second apart, so a slow first evaluation under load cannot race a test.
  const live = Object.keys(SHARES).length;
  const windows = compile({ file: 'x.yaml', text: spec('x') })
    .bundle!.files.find((f) => f.path === 'x/recording-rules.yaml')!
    .content.match(/record: slo:sli_error:ratio_rate\w+/g)!.length;
  const deadline = Date.now() + 90_000;
  for (let stable = 0; stable < 2;) {
    const ratios = await instant('count by (service) ({__name__=~"slo:sli_error:ratio_rate.+"})');
    const budgets = await instant('slo:error_budget_remaining:ratio');
    const complete = ratios.filter((r) => Number(r.value[1]) === windows).length === live && budgets.length === live + 1;
    stable = complete ? stable + 1 : 0;
    if (Date.now() > deadline)
      throw new Error(`recording rules did not produce every series: ${JSON.stringify(ratios.map((r) => [r.metric.service, r.value[1]]))}`);
    await new Promise((r) => setTimeout(r, complete ? 1000 : 250));
  }
}, 180_000);
afterAll(async () => {
  await prom?.stop();
});

const services = Object.keys(EXPECTED) as (keyof typeof EXPECTED)[];

describe('check-deploy --format json', () => {
  it.each(services)('%s: allowed, decision, reason and every number with its unit', async (service) => {
    const r = await cli({}, 'check-deploy', '-p', prom.url, '--format', 'json', specFile(service));
    const j = JSON.parse(r.out);
    expect(r.code).toBe(EXPECTED[service].allowed ? 0 : 1);
    expect(j).toMatchObject({ service, ...EXPECTED[service], thresholds: { warningPercent: 20, blockingPercent: 10 } });
    expect(typeof j.reason).toBe('string');
    const slo = j.slos[0];
    expect(slo).toMatchObject({
      slo: 'availability',
      objectivePercent: 99.9,
      objectiveRatio: 0.999,
      windowSeconds: 2_592_000,
      budgetMinutes: 43.2,
    });
    expect(slo.blocks).toBe(!EXPECTED[service].allowed);
    // No number without a unit in its name (burnRate and factor are multiples).
    const bare = (o: unknown, path = ''): string[] =>
      o && typeof o === 'object'
        ? Object.entries(o).flatMap(([k, v]) =>
            typeof v === 'number' && !/(Ratio|Percent|Seconds|Minutes|burnRate)$/.test(k) && !Array.isArray(o)
              ? [`${path}${k}`]
              : bare(v, `${path}${k}.`),
          )
        : [];
    expect(bare(j)).toEqual([]);
    if (service in SHARES) {
      const share = SHARES[service as Live];
      expect(slo.budgetRemainingRatio).toBeCloseTo(1 - share / 0.001, 2);
      expect(slo.sliRatio).toBeCloseTo(1 - share, 5);
      expect(slo.burnRates.find((b: { windowSeconds: number }) => b.windowSeconds === 3600).burnRate).toBeCloseTo(share / 0.001, 2);
      expect(slo.source).toBe('recorded');
    } else {
      expect(slo.status).toBe('no_data');
    }
  });

  it('slo collect --format json names units too and agrees with check-deploy', async () => {
    const r = await cli({}, 'slo', 'collect', '-p', prom.url, '--format', 'json', specFile('warning'));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.slos[0]).toMatchObject({
      slo: 'availability',
      status: 'critical',
      objectivePercent: 99.9,
      objectiveRatio: 0.999,
      windowSeconds: 2_592_000,
    });
    expect(j.slos[0].budgetRemainingRatio).toBeCloseTo(0.15, 2);
    expect(j.slos[0]).not.toHaveProperty('objective');
  });
});

describe('check-deploy --format junit', () => {
  function xpath(file: string, expr: string): string {
    const r = spawnSync('xmllint', ['--xpath', expr, file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.trim();
  }
  it.each(services)('%s: one test case per SLO, a failure exactly when it blocks; well-formed XML', async (service) => {
    const r = await cli({}, 'check-deploy', '-p', prom.url, '--format', 'junit', specFile(service));
    expect(r.code).toBe(EXPECTED[service].allowed ? 0 : 1);
    const file = join(dir, `${service}.junit.xml`);
    writeFileSync(file, r.out);
    expect(spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' }).status).toBe(0);
    expect(xpath(file, 'count(//testsuite/testcase)')).toBe('1');
    expect(xpath(file, 'string(//testcase/@name)')).toBe('availability');
    expect(xpath(file, 'count(//testcase/failure)')).toBe(EXPECTED[service].allowed ? '0' : '1');
    expect(xpath(file, 'string(//testsuites/@failures)')).toBe(EXPECTED[service].allowed ? '0' : '1');
    expect(xpath(file, 'string(//property[@name="decision"]/@value)')).toBe(EXPECTED[service].decision);
  });
});

describe('check-deploy --format github', () => {
  it.each(services)('%s: annotations and a job-summary table', async (service) => {
    const summary = join(dir, `${service}.summary.md`);
    writeFileSync(summary, '');
    const r = await cli({ GITHUB_STEP_SUMMARY: summary }, 'check-deploy', '-p', prom.url, '--format', 'github', specFile(service));
    expect(r.code).toBe(EXPECTED[service].allowed ? 0 : 1);
    const lines = r.out.split('\n');
    const level = !EXPECTED[service].allowed ? 'error' : EXPECTED[service].decision === 'approved' ? 'notice' : 'warning';
    expect(lines.at(-1)).toMatch(
      new RegExp(`^::${level} file=${specFile(service).replace(/[/.]/g, '\\$&')},title=Deploy (allowed|blocked)%3A ${service}::Deploy `),
    );
    if (!EXPECTED[service].allowed)
      expect(lines).toContainEqual(
        expect.stringMatching(/^::error .*title=Deploy gate%3A .* availability::SLO availability .* blocks the deploy$/),
      );
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain(
      `### Deploy gate: ${service} — ${EXPECTED[service].allowed ? (EXPECTED[service].decision === 'approved' ? '✅ approved' : '⚠️') : '❌ blocked'}`,
    );
    expect(md).toMatch(
      /\| SLO \| objective \| status \| budget left \| burn rate \| gate \|\n\|---\|---\|---\|---\|---\|---\|\n\| availability \| 99\.9% \/ 30d \|/,
    );
  });

  it('without $GITHUB_STEP_SUMMARY it prints the annotations and writes no summary', async () => {
    const r = await cli({ GITHUB_STEP_SUMMARY: '' }, 'check-deploy', '-p', prom.url, '--format', 'github', specFile('healthy'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^::notice /);
  });

  it('a spec without SLOs: every format says there is nothing to gate, exit 0, Prometheus never asked', async () => {
    const file = join(dir, 'noslo.yaml');
    writeFileSync(file, 'service:\n  name: noslo\n  team: t\n  tier: low\n  type: api\n');
    const json = await cli({}, 'check-deploy', '-p', 'http://127.0.0.1:9', '--format', 'json', file);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ service: 'noslo', allowed: true, decision: 'approved', slos: [] });
    const junit = await cli({}, 'check-deploy', '-p', 'http://127.0.0.1:9', '--format', 'junit', file);
    expect(junit.out).toContain('<testsuite name="noslo" tests="0" failures="0"');
  });

  it('an unreachable Prometheus is still exit 69', async () => {
    const r = await cli({}, 'check-deploy', '-p', 'http://127.0.0.1:9', '--timeout', '2', '--format', 'junit', specFile('healthy'));
    expect(r.code).toBe(69);
  });
});

describe('the Argo Rollouts AnalysisTemplate', () => {
  type Phase = 'Successful' | 'Failed' | 'Error';
  const ALLOWED = /^(?:\s+|len\(result\)|result\[\d+\]|\d+(?:\.\d+)?|==|>=|<=|>|<|&&|\|\||\(|\))*$/;

  function evaluate(condition: string, result: number[]): Phase {
    expect(condition, 'a condition outside the subset this test can evaluate as Argo does').toMatch(ALLOWED);
    const guarded = new Proxy(result, {
      get(target, key) {
        if (typeof key === 'string' && /^\d+$/.test(key) && Number(key) >= target.length) throw new Error(`index out of range: ${key}`);
        return Reflect.get(target, key);
      },
    });
    try {
      const ok = new Function('result', 'len', `return (${condition});`)(guarded, (a: unknown[]) => a.length) as unknown;
      expect(typeof ok).toBe('boolean');
      return ok ? 'Successful' : 'Failed';
    } catch {
      return 'Error';
    }
  }

  async function template(service: string): Promise<AnalysisTemplate> {
    const out = tempDir();
    const r = await cli({}, 'apply', '--format', 'argo-rollouts', '-o', out, specFile(service));
    expect(r.code, r.err).toBe(0);
    return parse(readFileSync(join(out, service, 'argo-analysis-template.yaml'), 'utf8')) as AnalysisTemplate;
  }

  it('is an argoproj.io/v1alpha1 AnalysisTemplate with a budget and a page-burn metric per SLO on the Prometheus provider', async () => {
    const t = await template('healthy');
    expect(t).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisTemplate',
      metadata: { name: 'nthlayer-healthy-deploy-gate' },
      spec: { args: [{ name: 'prometheus-address' }] },
    });
    expect(t.spec.metrics.map((m) => [m.name, m.successCondition, m.failureLimit, m.provider.prometheus.address])).toEqual([
      ['availability-error-budget', 'len(result) == 1 && result[0] >= 0.1', 0, '{{args.prometheus-address}}'],
      ['availability-page-burn', 'len(result) == 1 && result[0] == 0', 0, '{{args.prometheus-address}}'],
    ]);
  });

  it.each(services)('%s: the exact queries succeed or fail as check-deploy decides', async (service) => {
    const t = await template(service);
    const phases: Record<string, Phase> = {};
    for (const m of t.spec.metrics) {
      const result = (await instant(m.provider.prometheus.query)).map((s) => Number(s.value[1]));
      phases[m.name] = evaluate(m.successCondition, result);
    }
    const passed = Object.values(phases).every((p) => p === 'Successful');
    const gate = JSON.parse((await cli({}, 'check-deploy', '-p', prom.url, '--format', 'json', specFile(service))).out) as {
      allowed: boolean;
    };
    expect(passed, JSON.stringify(phases)).toBe(gate.allowed);
    expect(passed).toBe(EXPECTED[service].allowed);
    // Each metric fails for its own reason: the page burn only while a page tier burns.
    expect(phases['availability-page-burn']).toBe(service === 'burning' ? 'Failed' : 'Successful');
    expect(phases['availability-error-budget']).toBe(['healthy', 'warning'].includes(service) ? 'Successful' : 'Failed');
  });

  it('the budget query needs current data: without the presence check "stopped" would pass on its old 30d window', async () => {
    const remaining = await instant('slo:error_budget_remaining:ratio{service="stopped",slo="availability"}');
    expect(Number(remaining[0]!.value[1])).toBeCloseTo(0.9, 2);
    const t = await template('stopped');
    expect(await instant(t.spec.metrics[0]!.provider.prometheus.query)).toEqual([]);
  });
});
