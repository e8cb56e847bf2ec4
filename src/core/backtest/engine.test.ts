import { describe, expect, it } from 'vitest';
import { compile } from '../index.ts';
import type { ServiceModel } from '../model/types.ts';
import { backtestSlo, iso, type BacktestData } from './engine.ts';
import { backtestPlan, combinedQuery } from './plan.ts';
import {
  backtestJson,
  backtestPeriod,
  chunkRange,
  compareBacktests,
  defaultStep,
  matchIncidents,
  parseIncidents,
  verdict,
  type BacktestReport,
} from './report.ts';
import { seconds } from '../units.ts';
import { availabilitySpec } from '../../../tests/helpers/specs.ts';

const DAY = 1440;

function model(window = '30d', alerting = ''): ServiceModel {
  const text = availabilitySpec('svc', { window, alerting });
  const r = compile({ file: 'svc.yaml', text });
  if (!r.model) throw new Error(JSON.stringify(r.diagnostics));
  return r.model;
}

interface Minute {
  total: number;
  bad: number;
  absent?: boolean;
}
const run = (minutes: number, total: number, share: number): Minute[] =>
  Array.from({ length: minutes }, () => ({ total, bad: total * share }));
const gap = (minutes: number): Minute[] => Array.from({ length: minutes }, () => ({ total: 0, bad: 0, absent: true }));

/** Every planned series from per-minute counts: the rate over a window is its events / its length. */
function data(m: ServiceModel, minutes: Minute[]): BacktestData {
  const plan = backtestPlan(m, m.slos[0]!);
  const series = new Map<string, Float64Array>();
  for (const s of plan.series) {
    const [role, w] = s.id.split(':') as [string, string];
    const window = w === 'base' ? 300 : Number(w);
    const k = window / 60;
    series.set(
      s.id,
      Float64Array.from(minutes, (_, i) => {
        const span = minutes.slice(Math.max(0, i - k + 1), i + 1).filter((x) => !x.absent);
        if (span.length === 0 || minutes[i]!.absent) return NaN;
        return span.reduce((n, x) => n + (role === 'errors' ? x.bad : x.total), 0) / window;
      }),
    );
  }
  return { start: 0, step: 60, length: minutes.length, series };
}

function backtest(m: ServiceModel, minutes: Minute[], from = 0, to = (minutes.length - 1) * 60) {
  return backtestSlo(m, m.slos[0]!, data(m, minutes), { from, to });
}

describe('backtest engine', () => {
  it('a 50× burn for an hour pages (page_fast) once the 1h window passes 14.4× and `for` has held, then resolves', () => {
    const r = backtest(model(), [...run(DAY, 1000, 0.0002), ...run(60, 1000, 0.05), ...run(6 * 60, 1000, 0.0002)]);
    const page = r.episodes.find((e) => e.tier === 'page_fast')!;
    // The 1h window holds m bad minutes at minute m − 1 of the burn: 5 % × m + 0.02 % × (60 − m) > 1.44 % × 60
    // from m = 18 (minute 17), then `for: 2m`: it fires at minute 19.
    expect((page.start - DAY * 60) / 60).toBe(19);
    expect(page.end).toBeDefined();
    expect(page.peakBurn).toBeCloseTo(50, 0);
    expect(page.notification).toBe('page');
    expect(page.notified).toBe(true);
    expect((page.burnStart! - DAY * 60) / 60).toBe(0);
    expect(r.pages).toBeGreaterThanOrEqual(1);
    expect(verdict(r, 0, DAY * 60)).toMatch(/^\d+ pages?, \d+ tickets? in 1 days$/);
  });

  it('page_slow firing while page_fast fires is muted for that stretch but still notified once page_fast resolves', () => {
    const r = backtest(model(), [...run(DAY, 1000, 0.0002), ...run(60, 1000, 0.05), ...run(6 * 60, 1000, 0.0002)]);
    const slow = r.episodes.find((e) => e.tier === 'page_slow')!;
    expect(slow.mutedBy).toEqual(['page_fast']);
    const fast = r.episodes.find((e) => e.tier === 'page_fast')!;
    expect(slow.notified).toBe(slow.end === undefined || slow.end > fast.end!);
  });

  it('a tier muted for all of its span is not counted as a page or a ticket', () => {
    // A long 100× outage: every tier fires while page_fast still fires.
    const r = backtest(model(), [...run(DAY, 1000, 0), ...run(4 * DAY, 1000, 0.1)]);
    const byTier = Object.fromEntries(r.episodes.map((e) => [e.tier, e]));
    expect(byTier.page_fast!.end).toBeUndefined();
    for (const t of ['page_slow', 'ticket_fast', 'ticket_slow']) {
      expect(byTier[t]!.notified, t).toBe(false);
      expect(byTier[t]!.mutedBy, t).toContain('page_fast');
    }
    expect(r.pages).toBe(1);
    expect(r.tickets).toBe(0);
    expect(
      backtestJson({ service: 'svc', from: 0, to: 5 * DAY * 60, step: seconds(60), requests: 0, slos: [r] }).slos[0]!.episodes[0]!.end,
    ).toBeNull();
  });

  it('a condition that holds for less than `for` never fires', () => {
    const m = model('30d', '      alerting:\n        page_fast:\n          for: 30m\n');
    // 25 minutes at 100 %: the 1h window passes 1.44 % after a minute, but only for 25 minutes.
    const r = backtest(m, [...run(DAY, 1000, 0), ...run(25, 1000, 1), ...run(120, 1000, 0)]);
    expect(r.episodes.filter((e) => e.tier === 'page_fast')).toEqual([]);
  });

  it('zero traffic gives no sample: no burn alert and no no-data alert', () => {
    const r = backtest(model(), [...run(DAY, 1000, 0.0002), ...run(120, 0, 0), ...run(60, 1000, 0.0002)]);
    expect(r.episodes).toEqual([]);
    expect(r.coverage).toBe(1);
  });

  it('vanished metrics fire the no-data alert after its `for`, from the start of the gap', () => {
    const m = model();
    const r = backtest(m, [...run(DAY, 1000, 0.0002), ...gap(30), ...run(60, 1000, 0.0002)]);
    const nd = r.episodes.find((e) => e.tier === 'no_data')!;
    expect((nd.burnStart! - DAY * 60) / 60).toBe(0);
    expect(nd.start - nd.burnStart!).toBe(3 * 60);
    expect((nd.end! - DAY * 60) / 60).toBe(30);
    expect(r.coverage).toBeLessThan(1);
  });

  it('min_events keeps a night of 1 request a minute with 10 % errors from paging on its fast tier', () => {
    const minutes = [...run(DAY, 1000, 0.0002), ...run(6 * 60, 1, 0.1), ...run(60, 1000, 0.0002)];
    expect(backtest(model(), minutes).episodes.map((e) => e.tier)).toContain('page_fast');
    expect(backtest(model('30d', '      alerting:\n        min_events: 100\n'), minutes).episodes.map((e) => e.tier)).not.toContain(
      'page_fast',
    );
  });

  it('a period without any SLI data says so instead of counting zero alerts', () => {
    const r = backtest(model(), gap(DAY));
    expect(r.status).toBe('no_data');
    expect(r.pages).toBeUndefined();
    expect(r.message).toMatch(/^no data in the period/);
    expect(verdict(r, 0, DAY * 60)).toBe('no data in the period');
    expect(backtestJson({ service: 'svc', from: 0, to: DAY * 60, step: seconds(60), requests: 1, slos: [r] }).slos[0]).toMatchObject({
      pages: null,
      tickets: null,
      budgetRemaining: null,
    });
  });

  it('an alert still firing at the end of the period has no end', () => {
    const r = backtest(model(), [...run(DAY, 1000, 0), ...run(120, 1000, 0.05)]);
    expect(r.episodes.find((e) => e.tier === 'page_fast')!.end).toBeUndefined();
  });

  it('alerts that began before the period are listed but not counted in it', () => {
    const minutes = [...run(DAY, 1000, 0), ...run(120, 1000, 0.05), ...run(60, 1000, 0)];
    const from = (DAY + 90) * 60;
    const r = backtest(model(), minutes, from);
    expect(r.episodes.some((e) => e.tier === 'page_fast' && e.start < from)).toBe(true);
    expect(r.pages).toBe(0);
  });

  it('the budget left at the end of a 30-day period of a 30d SLO is 1 − error ratio / budget', () => {
    const r = backtest(model(), run(30 * DAY, 1000, 0.0005));
    expect(r.budgetRemaining).toBeCloseTo(0.5, 6);
    const week = backtest(model(), run(7 * DAY, 1000, 0.0005));
    // A week of 0.5× burn takes a week's share of half the budget.
    expect(week.budgetRemaining).toBeCloseTo(1 - 0.5 * (7 / 30), 3);
  });

  it('Prometheus 3 reads range windows left-open: one sample fewer in each long window', () => {
    const m = model();
    const minutes = [...run(DAY, 1000, 0), ...run(3 * 60, 1000, 0.005)];
    const d = data(m, minutes);
    const closed = backtestSlo(m, m.slos[0]!, d, { from: 0, to: (minutes.length - 1) * 60 });
    const open = backtestSlo(m, m.slos[0]!, d, { from: 0, to: (minutes.length - 1) * 60, rangeIncludesStart: false });
    const six = (r: typeof closed) => r.chart.tiers.find((t) => t.tier === 'page_slow')!.longBurn;
    const i = DAY + 60;
    expect(six(closed)[i]).not.toBe(six(open)[i]);
    expect(six(closed)[i]!).toBeCloseTo(six(open)[i]!, 1);
  });
});

describe('backtest plan', () => {
  it('a 30d events SLO reads the 5m base rates and the raw 30m and 1h windows, in one query', () => {
    const m = model();
    const plan = backtestPlan(m, m.slos[0]!);
    expect(plan.series.map((s) => s.id)).toEqual(['errors:base', 'total:base', 'errors:1800', 'total:1800', 'errors:3600', 'total:3600']);
    expect(plan.lookback).toBe(3 * 86_400);
    expect(plan.longestFor).toBe(3 * 3600);
    expect(combinedQuery(plan).match(/label_replace/g)).toHaveLength(6);
  });
});

describe('backtest periods and requests', () => {
  it.each([
    ['7 days are evaluated every minute', 7, 60],
    ['14 days every 2 minutes', 14, 120],
    ['30 days every 5 minutes', 30, 300],
    ['90 days every 15 minutes', 90, 900],
  ])('%s', (_, days, step) => {
    expect(defaultStep(seconds(days * 86_400))).toBe(step);
  });

  it('33 days at 1m (47,521 points) go in 5 requests, none over 11,000 points', () => {
    const chunks = chunkRange(0, 33 * 86_400, 60);
    expect(chunks).toHaveLength(5);
    for (const c of chunks) expect((c.end - c.start) / 60 + 1).toBeLessThanOrEqual(11_000);
    expect(chunks[0]!.start).toBe(0);
    expect(chunks.at(-1)!.end).toBe(33 * 86_400);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.start).toBe(chunks[i - 1]!.end + 60);
  });

  it('a period ends on the step grid and spans whole steps', () => {
    expect(backtestPeriod(1_000_000_123, seconds(86_400), seconds(300))).toEqual({ from: 999_913_500, to: 999_999_900, step: 300 });
  });
});

describe('incidents and comparisons', () => {
  it('reads a YAML list of incidents and refuses a time that is not RFC 3339, saying where', () => {
    expect(parseIncidents('- {name: outage, start: 2026-01-01T10:00:00Z, end: 2026-01-01T11:00:00Z}')).toEqual({
      ok: true,
      incidents: [{ name: 'outage', start: 1767261600, end: 1767265200 }],
    });
    const bad = parseIncidents('- {name: outage, start: yesterday, end: 2026-01-01T11:00:00Z}');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/^0\.start: expected an RFC 3339 time/);
    expect(parseIncidents('- {name: x, start: 2026-01-01T11:00:00Z, end: 2026-01-01T10:00:00Z}').ok).toBe(false);
  });

  it('an incident is detected by the first episode of a tier that overlaps it, and other episodes match none', () => {
    const r = backtest(model(), [...run(DAY, 1000, 0.0002), ...run(60, 1000, 0.05), ...run(6 * 60, 1000, 0.0002)]);
    const tiers = matchIncidents(
      r,
      [
        { name: 'outage', start: DAY * 60, end: (DAY + 60) * 60 },
        { name: 'unseen', start: 60, end: 120 },
      ],
      r.chart.times.at(-1)!,
    );
    const fast = tiers.find((t) => t.tier === 'page_fast')!;
    expect(fast.matches[0]).toEqual({ incident: 'outage', detectedAt: (DAY + 19) * 60, detectionSeconds: 19 * 60 });
    expect(fast.matches[1]).toEqual({ incident: 'unseen' });
    expect(fast.unmatched).toEqual([]);
  });

  it('comparing an objective change lists pages that no longer fire', () => {
    const minutes = [...run(DAY, 1000, 0.0002), ...run(60, 1000, 0.05), ...run(6 * 60, 1000, 0.0002)];
    const report = (m: ServiceModel): BacktestReport => ({
      service: 'svc',
      from: 0,
      to: (minutes.length - 1) * 60,
      step: seconds(60),
      requests: 0,
      slos: [backtest(m, minutes)],
    });
    const quiet = model(
      '30d',
      '      alerting:\n        page_fast:\n          enabled: false\n        page_slow:\n          enabled: false\n',
    );
    const [d] = compareBacktests(report(model()), report(quiet));
    expect(d!.pagesDelta).toBeLessThan(0);
    expect(d!.onlyBase.some((k) => k.startsWith(`page_fast@${iso((DAY + 19) * 60)}`))).toBe(true);
    expect(d!.onlyOther).toEqual([]);
  });
});
