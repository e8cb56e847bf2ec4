/**
 * Imported specs in the real Prometheus tools. Every spec imported from a fixture generates
 * rules that pass `promtool check rules`; and for the Sloth fixtures, the imported spec's
 * recording rules give the same error ratio for every window as rules shaped like Sloth's own
 * (same queries, `{{.window}}` filled in, Sloth's 30d mean of 5m ratios) on the same data.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { importSpecs } from '../../src/core/index.ts';
import { formatNumber, parseDuration } from '../../src/core/units.ts';
import { counterValues, generateTo, promtoolTest, runPromtool, type ExprCheck, type Segment } from '../helpers/promtool.ts';

const FIX = 'tests/fixtures/import';
const fixtures = readdirSync(FIX)
  .flatMap((dir) => readdirSync(`${FIX}/${dir}`).map((f) => `${dir}/${f}`))
  .sort();

function importFixture(fixture: string): ReturnType<typeof importSpecs> {
  return importSpecs([{ file: fixture, text: readFileSync(`${FIX}/${fixture}`, 'utf8') }]);
}

describe('every imported spec compiles and its rules pass promtool check rules', () => {
  it.each(fixtures)('%s', async (fixture) => {
    const r = importFixture(fixture);
    expect(r.specs.length).toBeGreaterThan(0);
    for (const spec of r.specs) {
      const { files } = generateTo(spec.text, spec.file);
      const check = await runPromtool(['check', 'rules', files['recording-rules.yaml']!, files['alerts.yaml']!]);
      expect(check.ok, `${spec.file}\n${check.output}`).toBe(true);
      expect(check.output).not.toMatch(/WARNING|lint/i);
    }
  });
});

const WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'];

interface SlothSlo {
  name: string;
  sli: { events?: { error_query: string; total_query: string }; raw?: { error_ratio_query: string } };
}

/** Sloth's SLI expression for a window: `(error)\n/\n(total)` or the raw ratio, `{{.window}}` filled in. */
function slothExpr(slo: SlothSlo, w: string): string {
  const fill = (q: string): string => q.replace(/\{\{\s*\.window\s*\}\}/g, w).trim();
  return slo.sli.events
    ? `(${fill(slo.sli.events.error_query)})\n/\n(${fill(slo.sli.events.total_query)})`
    : fill(slo.sli.raw!.error_ratio_query);
}

/**
 * The Sloth rules the comparison needs recorded: the 5m ratio and Sloth's "optimized" 30d (the
 * mean of the 5m ratios), verbatim in shape. Sloth's other windows are plain expressions, whose
 * recorded value at a time is the expression's value then, so the checks evaluate them directly.
 */
function slothRules(service: string, slo: SlothSlo): unknown {
  const labels = (w: string) => ({ sloth_service: service, sloth_slo: slo.name, sloth_window: w });
  const sel = `{sloth_service="${service}", sloth_slo="${slo.name}"}`;
  return {
    name: `sloth-slo-sli-recordings-${service}-${slo.name}`,
    rules: [
      { record: 'slo:sli_error:ratio_rate5m', expr: slothExpr(slo, '5m'), labels: labels('5m') },
      {
        record: 'slo:sli_error:ratio_rate30d',
        expr: `sum_over_time(slo:sli_error:ratio_rate5m${sel}[30d])\n/ ignoring (sloth_window)\ncount_over_time(slo:sli_error:ratio_rate5m${sel}[30d])`,
        labels: labels('30d'),
      },
    ],
  };
}

/**
 * How close NthLayer's ratio must be to Sloth's. Windows up to 1h are computed from raw data
 * exactly like Sloth's: equal. From 2h on NthLayer sums recorded 5-minute rates, and Sloth's 30d
 * is a mean of 5-minute ratios; either way a window's edges are blurred by up to 5 minutes, so
 * while the error ratio changes the two may differ by at most 5m / window × the largest change
 * of the error ratio in the data. (Both are exact when the ratio holds still.)
 */
function sameRatio(slo: SlothSlo, w: string, at: string, range: number): ExprCheck[] {
  const ours = `sum(slo:sli_error:ratio_rate${w}{slo="${slo.name}"})`;
  const sloth = ['5m', '30d'].includes(w)
    ? `sum(slo:sli_error:ratio_rate${w}{sloth_slo="${slo.name}"})`
    : `sum(${slothExpr(slo, w).replace(/\s*\n\s*/g, ' ')})`;
  const span = Math.min(parseDuration(w)!, parseDuration(at)!);
  const tolerance = ['5m', '30m', '1h'].includes(w) ? `(1e-9 * ${sloth})` : formatNumber((300 / span) * range);
  return [
    { expr: `count(slo:sli_error:ratio_rate${w}{slo="${slo.name}"}) + count(${sloth})`, at, value: 2 },
    { expr: `abs(${ours} - ${sloth}) <= bool ${tolerance}`, at, value: 1 },
  ];
}

const HOUR = 60;
/** Inside each traffic segment, with no window edge within minutes of a change (changes at 12h, 15h, 21h). */
const AT = ['13h7m', '16h13m', '21h29m', '1d5h37m'];

describe('equivalence with Sloth-shaped rules on the same data (promtool test rules)', { timeout: 300_000 }, () => {
  it.concurrent('checkout.sloth.yaml: events, latency (count − bucket) and raw SLIs, every window', async () => {
    const fixture = 'sloth/checkout.sloth.yaml';
    const source = parse(readFileSync(`${FIX}/${fixture}`, 'utf8')) as { service: string; slos: SlothSlo[] };
    const r = importFixture(fixture);
    const { dir } = generateTo(r.specs[0]!.text, r.specs[0]!.file);
    writeFileSync(
      join(dir, 'sloth-rules.yaml'),
      stringify({ groups: source.slos.map((s) => slothRules(source.service, s)) }, { lineWidth: 0 }),
    );
    const check = await runPromtool(['check', 'rules', join(dir, 'sloth-rules.yaml')]);
    expect(check.ok, check.output).toBe(true);

    // 1000 requests a minute; the error share and the share of slow requests change over 30 hours.
    const parts = [
      { minutes: 12 * HOUR, error: 0.001, slow: 0.005, jobFail: 0.002 },
      { minutes: 3 * HOUR, error: 0.02, slow: 0.03, jobFail: 0.05 },
      { minutes: 6 * HOUR, error: 0.004, slow: 0.01, jobFail: 0.01 },
      { minutes: 9 * HOUR, error: 0.0005, slow: 0.001, jobFail: 0 },
    ];
    const seg = (f: (p: (typeof parts)[number]) => number): Segment[] => parts.map((p) => ({ minutes: p.minutes, perMinute: f(p) }));
    const input = [
      { series: 'http_request_duration_seconds_count{job="checkout",code="200"}', values: counterValues(seg((p) => 1000 * (1 - p.error))) },
      { series: 'http_request_duration_seconds_count{job="checkout",code="500"}', values: counterValues(seg((p) => 700 * p.error)) },
      { series: 'http_request_duration_seconds_count{job="checkout",code="429"}', values: counterValues(seg((p) => 300 * p.error)) },
      { series: 'http_request_duration_seconds_bucket{job="checkout",le="0.4"}', values: counterValues(seg((p) => 1000 * (1 - p.slow))) },
      { series: 'payment_jobs_total{job="checkout"}', values: counterValues(seg(() => 200)) },
      { series: 'payment_jobs_succeeded_total{job="checkout"}', values: counterValues(seg((p) => 200 * (1 - p.jobFail))) },
    ];
    const range = (f: (p: (typeof parts)[number]) => number): number => Math.max(...parts.map(f)) - Math.min(...parts.map(f));
    const [availability, latency, jobs] = source.slos as [SlothSlo, SlothSlo, SlothSlo];
    const checks = AT.flatMap((at) =>
      WINDOWS.flatMap((w) => [
        ...sameRatio(
          availability,
          w,
          at,
          range((p) => p.error),
        ),
        ...sameRatio(
          latency,
          w,
          at,
          range((p) => p.slow),
        ),
        ...sameRatio(
          jobs,
          w,
          at,
          range((p) => p.jobFail),
        ),
      ]),
    );
    // The ratios really move: the 1h window at 13h7m sees the 2 % error burst in both rule sets.
    checks.push({ expr: 'round(sum(slo:sli_error:ratio_rate1h{slo="requests-availability"}) * 1000)', at: '13h7m', value: 20 });
    const result = await promtoolTest(dir, ['recording-rules.yaml', 'sloth-rules.yaml'], input, checks);
    expect(result.ok, result.output).toBe(true);
  });

  it.concurrent("k8s.sloth.yaml: a bad-minutes raw SLI imported as a gauge SLI gives Sloth's ratio", async () => {
    const fixture = 'sloth/k8s.sloth.yaml';
    const docs = readFileSync(`${FIX}/${fixture}`, 'utf8')
      .split(/^---$/m)
      .map((d) => parse(d) as { spec: { service: string; slos: { name: string; sli: { raw: { errorRatioQuery: string } } }[] } });
    const indexer = docs[1]!.spec;
    const slos: SlothSlo[] = indexer.slos.map((s) => ({ name: s.name, sli: { raw: { error_ratio_query: s.sli.raw.errorRatioQuery } } }));
    const spec = importFixture(fixture).specs.find((s) => s.service === 'search-indexer')!;
    const { dir } = generateTo(spec.text, spec.file);
    writeFileSync(join(dir, 'sloth-rules.yaml'), stringify({ groups: slos.map((s) => slothRules(indexer.service, s)) }, { lineWidth: 0 }));
    // Lag under 300 s, then a 3-hour backlog at 900 s, then under again.
    const lag = `60x${12 * HOUR - 1} 900x${3 * HOUR - 1} 120x${15 * HOUR}`;
    // Each minute is all bad or all good: the error ratio ranges over 0..1.
    const checks = AT.flatMap((at) => WINDOWS.flatMap((w) => sameRatio(slos[0]!, w, at, 1)));
    checks.push({ expr: 'round(sum(slo:sli_error:ratio_rate6h{slo="freshness"}) * 360)', at: '16h13m', value: 180 });
    const result = await promtoolTest(
      dir,
      ['recording-rules.yaml', 'sloth-rules.yaml'],
      [{ series: 'search_index_lag_seconds{app="search-indexer",shard="0"}', values: lag }],
      checks,
    );
    expect(result.ok, result.output).toBe(true);
  });
});
