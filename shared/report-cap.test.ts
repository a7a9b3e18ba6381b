import { describe, expect, it } from 'vitest';
import { MAX_REPORT_BYTES, MAX_REPORT_KEYS, reportOverCap } from './report-cap.ts';

const many = (n: number, prefix = 'k') =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, i]));

describe('reportOverCap', () => {
  it('lets real reports through', () => {
    expect(
      reportOverCap({ print: { ams: { ams: [{ id: '0', tray: [{ id: '0' }] }] }, mc_percent: 5 } }),
    ).toBeNull();
    expect(reportOverCap(many(MAX_REPORT_KEYS))).toBeNull();
  });

  it('says which cap a report passes', () => {
    expect(reportOverCap(many(MAX_REPORT_KEYS + 1))).toBe('too-many-keys');
    expect(
      reportOverCap({ nested: { list: Array.from({ length: MAX_REPORT_KEYS + 1 }, () => 1) } }),
    ).toBe('too-many-keys');
    expect(reportOverCap({ s: 'x'.repeat(MAX_REPORT_BYTES + 1) })).toBe('too-large');
  });
});
