import { describe, expect, it } from 'vitest';
import { dateInputValue, parseDateInput, rangeOf, startOfDay } from './date-range.ts';

const NOW = new Date(2026, 11, 5, 14, 30).getTime();
const DAY = 86_400_000;

describe('date ranges', () => {
  it('a day is the last 24 hours', () => {
    expect(rangeOf('day', NOW)).toEqual({ from: NOW - DAY, to: NOW });
  });

  it('a week and a month are whole local days, today included', () => {
    const tomorrow = new Date(2026, 11, 6).getTime();
    expect(rangeOf('week', NOW)).toEqual({ from: new Date(2026, 10, 29).getTime(), to: tomorrow });
    expect(rangeOf('month', NOW).to).toBe(tomorrow);
    expect(rangeOf('month', NOW).from).toBe(new Date(2026, 10, 6).getTime());
  });

  it('a custom range covers both end days, in either order', () => {
    const r = { from: new Date(2026, 10, 1).getTime(), to: new Date(2026, 10, 4).getTime() };
    expect(rangeOf('custom', NOW, { from: '2026-11-01', to: '2026-11-03' })).toEqual(r);
    expect(rangeOf('custom', NOW, { from: '2026-11-03', to: '2026-11-01' })).toEqual(r);
  });

  it('reads and writes date inputs, refusing what is not a date', () => {
    expect(dateInputValue(NOW)).toBe('2026-12-05');
    expect(parseDateInput('2026-12-05')).toBe(startOfDay(NOW));
    expect(parseDateInput('yesterday')).toBeNull();
  });
});
