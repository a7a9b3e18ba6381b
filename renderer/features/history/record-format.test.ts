import { describe, expect, it } from 'vitest';
import { formatDuration, formatGrams, resultBadge } from './record-format.ts';

describe('record format', () => {
  it('says every result in words with a tone', () => {
    expect(resultBadge('finished')).toEqual({ label: 'Finished', tone: 'ok' });
    expect(resultBadge('failed').tone).toBe('error');
    expect(resultBadge('cancelled').tone).toBe('warn');
    expect(resultBadge('running').label).toBe('Printing');
    expect(resultBadge('unknown').label).toBe('Unknown');
  });

  it('formats grams and says unknown when nothing is known', () => {
    expect(formatGrams(12.44)).toBe('12.4 g');
    expect(formatGrams(1250)).toBe('1.25 kg');
    expect(formatGrams(null)).toBe('unknown');
  });

  it('formats durations from seconds', () => {
    expect(formatDuration(7500)).toBe('2h 05m');
    expect(formatDuration(null)).toBe('–');
  });
});
