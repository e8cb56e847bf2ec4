import { describe, expect, it } from 'vitest';
import { errorBudgetRatio, formatDuration, formatNumber, parseDuration, percent, percentToRatio, seconds } from './units.ts';
import { burnRateTiers } from './budget/windows.ts';

describe('units', () => {
  it.each([
    [99.9, 0.001],
    [99.95, 0.0005],
    [99.99, 0.0001],
    [99.5, 0.005],
    [95, 0.05],
    [99.999, 0.00001],
  ])('objective %s (percent) leaves an error budget of exactly %s', (p, budget) => {
    const b = errorBudgetRatio(percentToRatio(percent(p)));
    expect(b).toBe(budget);
    expect(formatNumber(b)).toBe(String(budget));
  });

  it('formats numbers without float noise or exponents', () => {
    expect(formatNumber(1 - 0.999)).toBe('0.001');
    expect(formatNumber(14.4 * 0.001)).toBe('0.0144');
    expect(formatNumber(1e-7)).toBe('0.0000001');
    expect(formatNumber(2592000)).toBe('2592000');
  });

  it('parses and formats Prometheus durations', () => {
    expect(parseDuration('30d')).toBe(2_592_000);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('500ms')).toBe(0.5);
    expect(parseDuration('4w')).toBe(2_419_200);
    expect(parseDuration('30 days')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
    expect(formatDuration(seconds(2_592_000))).toBe('30d');
    expect(formatDuration(seconds(2_419_200))).toBe('28d');
    expect(formatDuration(seconds(5400))).toBe('1h30m');
    expect(formatDuration(seconds(300))).toBe('5m');
  });
});

describe('burn-rate tiers scale with the SLO window', () => {
  const tiers = (d: number) => burnRateTiers(seconds(d * 86_400));
  const factors = (d: number) => tiers(d).map((t) => t.factor);
  const windows = (d: number) => tiers(d).map((t) => `${formatDuration(t.longWindow)}/${formatDuration(t.shortWindow)}`);
  it('a 30d window gives the Workbook factors 14.4, 6, 3, 1 over 1h/5m, 6h/30m, 1d/2h, 3d/6h', () => {
    expect(factors(30)).toEqual([14.4, 6, 3, 1]);
    expect(windows(30)).toEqual(['1h/5m', '6h/30m', '1d/2h', '3d/6h']);
  });
  it('a 28d window keeps the Workbook windows and scales the factors, raising 0.93 to 1', () => {
    expect(factors(28)).toEqual([13.44, 5.6, 2.8, 1]);
    expect(windows(28)).toEqual(['1h/5m', '6h/30m', '1d/2h', '3d/6h']);
  });
  it('a 7d window scales the windows by 7/30 and keeps the 30d factors', () => {
    expect(windows(7)).toEqual(['14m/5m', '1h24m/7m', '5h36m/28m', '16h48m/1h24m']);
    expect(factors(7)).toEqual([14.4, 6, 3, 1]);
  });
  it('a 90d window triples the windows', () => {
    expect(windows(90)).toEqual(['3h/15m', '18h/1h30m', '3d/6h', '9d/18h']);
    expect(factors(90)).toEqual([14.4, 6, 3, 1]);
  });
  it('a 1d window never goes under 5m, and every factor stays at 1 or more', () => {
    expect(windows(1)).toEqual(['5m/5m', '12m/5m', '48m/5m', '2h24m/12m']);
    expect(factors(1)).toEqual([5.76, 6, 3, 1]);
  });
  it.each([1, 2, 7, 14, 28, 30, 45, 90, 365])(
    'no tier of a %id window has a factor below 1 or consumes a different budget share than the Workbook',
    (d) => {
      for (const t of tiers(d)) {
        expect(t.factor).toBeGreaterThanOrEqual(1);
        if (t.longWindow > 300)
          expect(Math.abs((t.factor * t.longWindow) / (d * 86_400) - t.budgetFraction)).toBeLessThan(t.factor === 1 ? 0.02 : 0.005);
      }
    },
  );
});
