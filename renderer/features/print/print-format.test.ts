import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatRate, parseTray, withTray } from './print-format.ts';

describe('print formatting', () => {
  it('formats sizes, rates and durations for people', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(820 * 1024)).toBe('820 KB');
    expect(formatBytes(1.45 * 1024 ** 2)).toBe('1.4 MB');
    expect(formatBytes(null)).toBe('–');
    expect(formatRate(2.1 * 1024 ** 2)).toBe('2.1 MB/s');
    expect(formatRate(0)).toBe('');
    expect(formatDuration(5400)).toBe('1 h 30 min');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(20)).toBe('1 min');
    expect(formatDuration(null)).toBe('–');
  });

  it('edits an AMS mapping per filament and rejects bad tray values', () => {
    expect(withTray([], 2, 5)).toEqual([-1, 5]);
    expect(withTray([0, 1, 2], 2, -1)).toEqual([0, -1, 2]);
    expect(parseTray('128')).toBe(128);
    expect(parseTray('-1')).toBe(-1);
    expect(parseTray('x')).toBeNull();
    expect(parseTray('300')).toBeNull();
  });
});
