/**
 * `nthlayer backtest` against a real Prometheus with backfilled traffic whose incidents are known
 * by construction: the JSON shape, the verdict, the requests it sends (split under 11,000 points),
 * --compare and --incidents, and its failures (Prometheus down or answering garbage: exit 69; a
 * spec whose SLI has no data in the period says so and exits 1, never "0 pages").
 */
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { BacktestJson } from '../../src/core/backtest/report.ts';
import { listen } from '../helpers/http.ts';
import { startPrometheus, type RunningPrometheus } from '../helpers/prometheus.ts';
import { availabilitySpec } from '../helpers/specs.ts';
import { tempDir } from '../helpers/promtool.ts';
import { buildTraffic, partStarts, trafficOpenMetrics, type TrafficPart } from '../helpers/traffic.ts';

const DAY = 1440;
/** svc: two quiet days, a 50× burn for an hour (the incident), quiet again. */
const PARTS: TrafficPart[] = [
  { minutes: 2 * DAY, perMinute: 1000, errorShare: 0.0002 },
  { minutes: 60, perMinute: 1000, errorShare: 0.05 },
  { minutes: 2 * DAY - 60, perMinute: 1000, errorShare: 0.0002 },
];
/** ongoing: quiet, then a 50× burn over the last two hours, still burning at the end. */
const ONGOING: TrafficPart[] = [
  { minutes: 4 * DAY - 120, perMinute: 1000, errorShare: 0.0002 },
  { minutes: 120, perMinute: 1000, errorShare: 0.05 },
];
const T0 = Date.UTC(2026, 1, 2) / 1000;
const END = T0 + 4 * DAY * 60;
const BURN = T0 + partStarts(PARTS)[1]! * 60;
const iso = (s: number): string => new Date(s * 1000).toISOString().replace(/\.000Z$/, 'Z');

const spec = (service: string, alerting = ''): string => availabilitySpec(service, { window: '30d', alerting });

let prom: RunningPrometheus;
let dir: string;
const servers: Server[] = [];

beforeAll(async () => {
  prom = await startPrometheus({
    openMetrics: trafficOpenMetrics(
      [
        { traffic: buildTraffic(PARTS), labels: 'service="svc"' },
        { traffic: buildTraffic(ONGOING), labels: 'service="ongoing"' },
      ],
      T0,
    ),
  });
  dir = tempDir('nthlayer-backtest-');
}, 120_000);
afterAll(async () => {
  for (const s of servers) s.close();
  await prom?.stop();
});

function file(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), color: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const period = (since: string, until = END): string[] => ['--since', since, '--until', iso(until)];

describe('nthlayer backtest against a real Prometheus', () => {
  it('prints the documented JSON: the hour-long 50× burn pages once, 20 minutes in, in two requests', async () => {
    const r = await cli('backtest', file('svc.yaml', spec('svc')), '-p', prom.url, ...period('3d'), '--step', '1m', '--format', 'json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as BacktestJson;
    expect(j).toMatchObject({ service: 'svc', from: iso(END - 3 * 86_400), to: iso(END), stepSeconds: 60 });
    // build info + one query_range: 3 days + 3d3h of look-back at 1m is under 11,000 points.
    expect(j.requests).toBe(2);
    const slo = j.slos[0]!;
    expect(slo.slo).toBe('availability');
    expect(slo.status).toBe('ok');
    const fast = slo.episodes.find((e) => e.tier === 'page_fast')!;
    // The first failed requests are counted at the burn's first minute mark (BURN + 1m): the 5m rate
    // shows them from then on, the 1h window passes 14.4× 18 minutes later, and `for: 2m` holds.
    expect(fast).toMatchObject({ severity: 'critical', start: iso(BURN + 20 * 60), detectionSeconds: 19 * 60, burnStart: iso(BURN + 60) });
    expect(fast.end).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(fast.peakBurn).toBeGreaterThan(40);
    expect(slo.pages).toBe(slo.episodes.filter((e) => e.notified && e.notification === 'page').length);
    expect(slo.pages).toBeGreaterThanOrEqual(1);
    expect(typeof slo.tickets).toBe('number');
    // One 50× hour spends 50 h / 720 h ≈ 6.9 % of a 30d budget, the quiet days 0.2× of theirs.
    expect(slo.budgetRemaining).toBeGreaterThan(0.9);
    expect(slo.budgetRemaining).toBeLessThan(0.93);
  });

  it('an alert still firing at the end of the period has "end": null', async () => {
    const r = await cli('backtest', file('ongoing.yaml', spec('ongoing')), '-p', prom.url, ...period('1d'), '--format', 'json');
    expect(r.code, r.err).toBe(0);
    const fast = (JSON.parse(r.out) as BacktestJson).slos[0]!.episodes.find((e) => e.tier === 'page_fast')!;
    expect(fast.end).toBeNull();
  });

  it("splits a long 1-minute range under Prometheus's 11,000 points and gets the same episodes", async () => {
    const f = file('svc.yaml', spec('svc'));
    const one = JSON.parse(
      (await cli('backtest', f, '-p', prom.url, ...period('3d'), '--step', '1m', '--format', 'json')).out,
    ) as BacktestJson;
    // 5 days + 3d3h of look-back at 1m: 11,701 points, two query_range calls.
    const r = await cli('backtest', f, '-p', prom.url, ...period('5d'), '--step', '1m', '--format', 'json');
    const two = JSON.parse(r.out) as BacktestJson;
    expect(two.requests).toBe(3);
    expect(two.slos[0]!.episodes).toEqual(one.slos[0]!.episodes);
  });

  it('the table says what happened in one line per SLO, with the episodes below', async () => {
    const r = await cli('backtest', file('svc.yaml', spec('svc')), '-p', prom.url, ...period('3d'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/availability \(99\.9% over 30d\): \d+ pages?, \d+ tickets? in 3 days/);
    expect(r.out).toMatch(new RegExp(`page_fast +critical +${iso(BURN + 20 * 60)} +${iso(BURN + 64 * 60)} +50× +19 min`));
    expect(r.out).toMatch(/2 requests to http:\/\/127\.0\.0\.1:\d+/);
  });

  it('--compare shows the pages an objective change removes; --incidents which tier caught the outage and how fast', async () => {
    const quiet = file('quiet.yaml', spec('svc', '      alerting:\n        page_fast:\n          enabled: false\n'));
    const incidents = file('incidents.yaml', `- {name: outage, start: ${iso(BURN)}, end: ${iso(BURN + 3600)}}\n`);
    const r = await cli(
      'backtest',
      file('svc.yaml', spec('svc')),
      '-p',
      prom.url,
      ...period('3d'),
      '--step',
      '1m',
      '--compare',
      quiet,
      '--incidents',
      incidents,
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('page_fast   detected 1/1 (outage after 20 min)');
    expect(r.out).toContain(`no longer fired: page_fast@${iso(BURN + 20 * 60)}`);
    // Both specs read the same series: the second asks Prometheus nothing new.
    expect(r.out).toMatch(/; 2 requests to/);
  });

  it('a spec whose SLI has no data in the period says so and exits 1, not "0 pages"', async () => {
    const r = await cli('backtest', file('ghost.yaml', spec('ghost')), '-p', prom.url, ...period('2d'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('no data in the period');
    expect(r.out).not.toMatch(/0 pages/);
    const j = JSON.parse(
      (await cli('backtest', file('ghost.yaml', spec('ghost')), '-p', prom.url, ...period('2d'), '--format', 'json')).out,
    ) as BacktestJson;
    expect(j.slos[0]).toMatchObject({ status: 'no_data', pages: null, tickets: null, budgetRemaining: null, episodes: [] });
  });

  it('a spec without SLOs answers in the same JSON shape without asking Prometheus', async () => {
    const r = await cli(
      'backtest',
      file('none.yaml', 'service:\n  name: none\n  team: t\n  tier: low\n  type: api\n'),
      '-p',
      'http://127.0.0.1:9',
      ...period('1d'),
      '--format',
      'json',
    );
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ service: 'none', from: iso(END - 86_400), to: iso(END), requests: 0, slos: [] });
  });

  it('a Prometheus that is down is exit 69 with a clear message', async () => {
    const r = await cli('backtest', file('svc.yaml', spec('svc')), '-p', 'http://127.0.0.1:9', '--timeout', '2', ...period('1d'));
    expect(r.code).toBe(69);
    expect(r.err).toContain('cannot reach Prometheus at http://127.0.0.1:9');
  });

  it('a server answering garbage is exit 69 with a clear message', async () => {
    const port = await listen(
      createServer((_, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>login</html>');
      }),
      servers,
    );
    const r = await cli('backtest', file('svc.yaml', spec('svc')), '-p', `http://127.0.0.1:${port}`, ...period('1d'));
    expect(r.code).toBe(69);
    expect(r.err).toMatch(/not JSON|not a Prometheus|unexpected/i);
  });

  it('refuses a bad incidents file at its entry (exit 65) and a bad --since (exit 64)', async () => {
    const bad = file('bad-incidents.yaml', '- {name: outage, start: yesterday, end: 2026-01-01T11:00:00Z}\n');
    const r = await cli('backtest', file('svc.yaml', spec('svc')), '-p', prom.url, ...period('1d'), '--incidents', bad);
    expect(r.code).toBe(65);
    expect(r.err).toContain('0.start: expected an RFC 3339 time');
    expect((await cli('backtest', file('svc.yaml', spec('svc')), '-p', prom.url, '--since', 'a month')).code).toBe(64);
  });
});
