import { describe, expect, it } from 'vitest';
import { contrastText, finishClock, formatMinutes, formatTemp } from './format.ts';

describe('format', () => {
  it('formats durations for people', () => {
    expect(formatMinutes(125)).toBe('2h 05m');
    expect(formatMinutes(45)).toBe('45m');
    expect(formatMinutes(0.5)).toBe('<1m');
    expect(formatMinutes(null)).toBe('–');
    expect(formatMinutes(-1)).toBe('–');
  });

  it('shows a target only while heating', () => {
    expect(formatTemp({ temp: 214.6, target: 220 })).toBe('215/220°');
    expect(formatTemp({ temp: 25, target: 0 })).toBe('25°');
    expect(formatTemp({ temp: null, target: 220 })).toBe('–');
  });

  it('adds the weekday when the finish is not today', () => {
    const now = new Date(2026, 0, 5, 22, 0).getTime();
    expect(finishClock(30, now)).not.toMatch(/[A-Za-z]{3} /);
    expect(finishClock(180, now)).toMatch(/[A-Za-z]{2,} .*\d/);
  });

  it('picks readable text on light and dark swatches', () => {
    expect(contrastText('#FFFFFF')).toBe('#000');
    expect(contrastText('#000000')).toBe('#fff');
    expect(contrastText(null)).toBe('#000');
  });
});
