import { describe, expect, it } from 'vitest';
import { isTimeZone, localTimestamp } from './time-zone.ts';

describe('schedule hand-off timestamps', () => {
  it.each([
    ['Europe/London', '2024-01-01T09:00:00+00:00'],
    ['America/New_York', '2024-01-01T09:00:00-05:00'],
    ['Australia/Sydney', '2024-01-01T09:00:00+11:00'],
    ['Asia/Kolkata', '2024-01-01T09:00:00+05:30'],
    ['UTC', '2024-01-01T09:00:00+00:00'],
  ])('Monday 09:00 in %s is %s', (zone, expected) => {
    expect(localTimestamp(zone, '2024-01-01T09:00:00')).toBe(expected);
  });

  it('a summer date in London carries the daylight-saving offset', () => {
    expect(localTimestamp('Europe/London', '2024-07-01T09:00:00')).toBe('2024-07-01T09:00:00+01:00');
  });

  it('knows IANA names and refuses others', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
