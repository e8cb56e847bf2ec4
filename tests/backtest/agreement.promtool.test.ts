/**
 * The backtest agrees with Prometheus itself. Ten days of 1-minute traffic whose incidents are
 * known by construction (a quiet start, a fast burn, a slow burn, an hour of zero traffic, a
 * low-traffic night with a high error ratio, metrics vanishing for half an hour) go two ways:
 *
 *   - into `promtool test rules` with the generated recording and alert rules: the real rule
 *     engine evaluates them every minute and writes ALERTS (what Prometheus would have fired);
 *   - into a real Prometheus (backfilled), where `nthlayer backtest --step 1m --format json`
 *     reads the raw series with query_range and replays the same alerts.
 *
 * At every minute of the ten days the firing tiers must be the same, except within two
 * evaluation intervals of a start or end the backtest reports; and per tier Prometheus must start
 * exactly as many alerts as the backtest reports episodes (so no short extra alert hides near a
 * boundary). For 30d, 28d (with a min_events guard) and 7d windows.
 *
 * promtool's unit-test engine refuses a query that reads more than 10,000 samples, which the SLO
 * window's own series (slo:sli_error:ratio_rate30d, read by no alert) exceeds after 7 days of
 * 1-minute data: that rule and the budget-remaining rule built on it are left out, nothing else.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { main } from '../../src/cli/main.ts';
import type { BacktestJson, EpisodeJson } from '../../src/core/backtest/report.ts';
import { GROUPS } from '../../src/core/conventions.ts';
import { BURN_TIERS } from '../../src/core/spec/schema.ts';
import { startPrometheus, type RunningPrometheus } from '../helpers/prometheus.ts';
import { availabilitySpec } from '../helpers/specs.ts';
import { generateTo, runPromtool } from '../helpers/promtool.ts';
import { buildTraffic, partStarts, promtoolSeries, trafficOpenMetrics, type TrafficPart } from '../helpers/traffic.ts';

const DAY = 1440;
const TIERS = [...BURN_TIERS, 'no_data'] as const;
const TOLERANCE = 2;

const PARTS: TrafficPart[] = [
  { minutes: 3 * DAY, perMinute: 1000, errorShare: 0.0002 }, // quiet: 0.2× the budget rate
  { minutes: 60, perMinute: 1000, errorShare: 0.05 }, // fast burn: 50×
  { minutes: 2 * DAY - 60, perMinute: 1000, errorShare: 0.0002 },
  { minutes: DAY, perMinute: 1000, errorShare: 0.004 }, // slow burn: 4× for a day
  { minutes: DAY, perMinute: 1000, errorShare: 0.0002 },
  { minutes: 60, perMinute: 0, errorShare: 0 }, // an hour without traffic
  { minutes: DAY - 60, perMinute: 1000, errorShare: 0.0002 },
  { minutes: 6 * 60, perMinute: 1, errorShare: 0.1 }, // a night of 1 request/min, 10 % failing
  { minutes: DAY - 6 * 60, perMinute: 1000, errorShare: 0.0002 },
  { minutes: 30, perMinute: 0, errorShare: 0, absent: true }, // the metrics vanish
  { minutes: DAY - 30, perMinute: 1000, errorShare: 0.0002 },
];
const traffic = buildTraffic(PARTS);
const MINUTES = traffic.minutes;
/** The data's first minute, in a real Prometheus (promtool starts at 0). */
const T0 = Date.UTC(2026, 0, 5) / 1000;

const spec = (window: string, alerting = ''): string => availabilitySpec('svc', { window, alerting });

let prom: RunningPrometheus;
beforeAll(async () => {
  prom = await startPrometheus({ openMetrics: trafficOpenMetrics([{ traffic, labels: 'service="svc"' }], T0) });
}, 180_000);
afterAll(async () => {
  await prom?.stop();
});

/** Minute → bitmask of firing tiers (bit i = TIERS[i]) from the backtest's episodes. */
function backtestMask(episodes: EpisodeJson[]): Uint8Array {
  const mask = new Uint8Array(MINUTES + 1);
  for (const e of episodes) {
    const bit = 1 << TIERS.indexOf(e.tier);
    const from = (Date.parse(e.start) / 1000 - T0) / 60;
    const to = e.end === null ? MINUTES + 1 : (Date.parse(e.end) / 1000 - T0) / 60;
    for (let m = from; m < to; m++) mask[m]! |= bit;
  }
  return mask;
}

async function backtest(file: string): Promise<BacktestJson> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ['backtest', file, '-p', prom.url, '--since', `${MINUTES}m`, '--until', String(T0 + MINUTES * 60), '--step', '1m', '--format', 'json'],
    { out: (s) => out.push(s), err: (s) => err.push(s), color: false },
  );
  expect(code, err.join('\n')).toBe(0);
  return JSON.parse(out.join('\n')) as BacktestJson;
}

/** The rule files promtool evaluates: the generated SLO groups, and a bitmask of firing tiers per minute. */
function ruleFiles(dir: string): string[] {
  const rec = parse(readFileSync(join(dir, 'recording-rules.yaml'), 'utf8')) as { groups: { name: string; rules: { record: string }[] }[] };
  const recordings = rec.groups.find((g) => g.name === GROUPS.sloRecordings('svc'))!;
  recordings.rules = recordings.rules.filter(
    (r) => !/ratio_rate(30d|28d|7d)$/.test(r.record) && r.record !== 'slo:error_budget_remaining:ratio',
  );
  writeFileSync(join(dir, 'rec.yaml'), stringify({ groups: [recordings] }));
  const alerts = parse(readFileSync(join(dir, 'alerts.yaml'), 'utf8')) as { groups: { name: string }[] };
  writeFileSync(join(dir, 'al.yaml'), stringify({ groups: alerts.groups.filter((g) => g.name === GROUPS.sloAlerts('svc')) }));
  const firing = 'ALERTS{alertstate="firing",slo="availability"}';
  const mask = TIERS.map(
    (t, i) => `${2 ** i} * (count(ALERTS{alertstate="firing",slo="availability",burn_tier="${t}"}) or vector(0))`,
  ).join(' + ');
  // An alert starts where it fires now and did not a minute before.
  const starts = { record: 'test:firing:start', expr: `count by (burn_tier) (${firing} unless ${firing} offset 1m)` };
  writeFileSync(
    join(dir, 'mask.yaml'),
    stringify({ groups: [{ name: 'test-mask', interval: '1m', rules: [{ record: 'test:firing:mask', expr: mask }, starts] }] }),
  );
  return ['rec.yaml', 'al.yaml', 'mask.yaml'];
}

/** Alerts of a tier that start in (from, to] minutes. */
const starts = (tier: string, from: number, to: number): string =>
  `sum(sum_over_time(test:firing:start{burn_tier="${tier}"}[${to - from - 1}m30s])) or vector(0)`;

async function agree(window: string, alerting = ''): Promise<{ episodes: EpisodeJson[] }> {
  const { dir } = generateTo(spec(window, alerting), 'svc.yaml');
  const file = join(dir, 'svc.yaml');
  writeFileSync(file, spec(window, alerting));
  const report = await backtest(file);
  const slo = report.slos[0]!;
  expect(slo.status).toBe('ok');
  const mask = backtestMask(slo.episodes);

  const checks: { expr: string; eval_time: string; exp_samples: { labels: string; value: number }[] }[] = [];
  const near = (m: number): boolean => {
    for (let d = -TOLERANCE; d <= TOLERANCE; d++) {
      const a = m + d;
      if (a > 0 && a <= MINUTES && mask[a] !== mask[a - 1]) return true;
    }
    return false;
  };
  for (let m = 1; m <= MINUTES; m++) {
    if (!near(m))
      checks.push({ expr: 'test:firing:mask', eval_time: `${m}m`, exp_samples: [{ labels: 'test:firing:mask', value: mask[m]! }] });
  }
  // Rising edges per tier, counted in three stretches whose borders no alert is near.
  const borders = [0, 4 * DAY + 18 * 60, 8 * DAY - 3 * 60, MINUTES];
  for (const b of borders.slice(1, -1)) expect(near(b) || mask[b] !== 0, `a border at minute ${b} lies in an alert`).toBe(false);
  for (const tier of TIERS) {
    for (let i = 1; i < borders.length; i++) {
      const [from, to] = [borders[i - 1]!, borders[i]!];
      const expected = slo.episodes.filter(
        (e) => e.tier === tier && (Date.parse(e.start) / 1000 - T0) / 60 > from && (Date.parse(e.start) / 1000 - T0) / 60 <= to,
      ).length;
      checks.push({ expr: starts(tier, from, to), eval_time: `${to}m`, exp_samples: [{ labels: '{}', value: expected }] });
    }
  }
  const test = {
    rule_files: ruleFiles(dir),
    evaluation_interval: '1m',
    group_eval_order: [GROUPS.sloRecordings('svc'), GROUPS.sloAlerts('svc'), 'test-mask'],
    tests: [{ interval: '1m', input_series: promtoolSeries(traffic), promql_expr_test: checks }],
  };
  writeFileSync(join(dir, 'agreement.yaml'), stringify(test, { lineWidth: 0 }));
  const r = await runPromtool(['test', 'rules', 'agreement.yaml'], dir, { timeoutMs: 540_000 });
  expect(r.ok, r.output.slice(0, 6000)).toBe(true);
  return { episodes: slo.episodes };
}

const at = (e: EpisodeJson): number => (Date.parse(e.start) / 1000 - T0) / 60;
const starts0 = partStarts(PARTS);

describe('backtest episodes equal the alerts promtool fires for the generated rules (10 days at 1m)', { timeout: 600_000 }, () => {
  it.concurrent(
    '99.9 % over 30d: the fast burn pages, the slow burn tickets, the quiet night pages, vanished metrics fire no-data',
    async () => {
      const { episodes } = await agree('30d');
      const tiers = (from: number, to: number): string[] =>
        [...new Set(episodes.filter((e) => at(e) >= from && at(e) < to).map((e) => e.tier))].sort();
      expect(tiers(starts0[1]!, starts0[2]! + 600)).toEqual(['page_fast', 'page_slow']);
      expect(tiers(starts0[3]!, starts0[4]!)).toContain('ticket_fast');
      expect(tiers(starts0[3]!, starts0[4]!)).not.toContain('page_fast');
      expect(tiers(starts0[5]!, starts0[6]!)).toEqual([]);
      expect(tiers(starts0[7]!, starts0[8]!)).toContain('page_fast');
      expect(tiers(starts0[9]!, starts0[10]!)).toEqual(['no_data']);
    },
  );

  it.concurrent('99.9 % over 28d with min_events: 100: the quiet night no longer pages on its fast tier', async () => {
    const { episodes } = await agree('28d', '      alerting:\n        min_events: 100\n');
    const night = episodes.filter((e) => at(e) >= starts0[7]! && at(e) < starts0[8]!).map((e) => e.tier);
    expect(night).not.toContain('page_fast');
    expect(episodes.filter((e) => at(e) >= starts0[1]! && at(e) < starts0[1]! + 120).map((e) => e.tier)).toContain('page_fast');
  });

  it.concurrent('99.9 % over 7d (scaled windows): the same incidents, caught on the 7d tiers', async () => {
    const { episodes } = await agree('7d');
    expect(episodes.filter((e) => at(e) >= starts0[1]! && at(e) < starts0[1]! + 60).map((e) => e.tier)).toContain('page_fast');
    expect(episodes.some((e) => e.tier === 'no_data')).toBe(true);
  });
});
