import { describe, expect, it } from 'vitest';
import { errorBudgetRatio, formatDuration, formatNumber, parseDuration, percent, percentToRatio, seconds } from './units.ts';
import { burnRateTiers } from './budget/windows.ts';

describe('units', () => {
  it.each([
    [99.9, 0.001], [99.95, 0.0005], [99.99, 0.0001], [99.5, 0.005], [95, 0.05], [99.999, 0.00001],
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

describe('burn-rate factors come from the window', () => {
  const factors = (d: number) => burnRateTiers(seconds(d * 86_400)).map((t) => t.factor);
  it('a 30d window gives the Workbook factors 14.4, 6, 3, 1', () => expect(factors(30)).toEqual([14.4, 6, 3, 1]));
  it('a 28d window scales the fast page factor to 13.44', () => expect(factors(28)).toEqual([13.44, 5.6, 2.8, 0.933333333333]));
  it('a 7d window scales every factor by 7/30', () => expect(factors(7)).toEqual([3.36, 1.4, 0.7, 0.233333333333]));
});
