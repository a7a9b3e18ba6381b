import { describe, expect, it } from 'vitest';
import { UsageError } from './args.ts';
import { ftpPortOf, jobOptionsOf, plateOf } from './print-args.ts';
import { formatBytes, formatDuration, formatMatch, progressLine } from './print-format.ts';

describe('bambu-print formatting', () => {
  it('formats sizes, durations and the progress bar', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_500_000)).toBe('1.5 MB');
    expect(formatDuration(3725)).toBe('1h 02m');
    expect(formatDuration(75)).toBe('1m 15s');
    const line = progressLine(
      {
        bytes: 5e6,
        totalBytes: 10e6,
        percent: 50,
        bytesPerSecond: 1e6,
        etaSeconds: 5,
        elapsedSeconds: 5,
      },
      10,
    );
    expect(line).toBe('[#####-----]  50%  5.0 MB/10.0 MB  1.0 MB/s  ETA 5s');
  });
  it('explains an AMS match', () => {
    const base = { filamentId: 2, filament: { type: 'PETG HF', color: '#FFFFFF' } };
    expect(
      formatMatch({
        ...base,
        tray: { tray: 5, label: 'AMS 2 slot 2', material: 'PETG', color: '#F0F0F0' },
        material: 'family',
        colorDistance: 20,
      }),
    ).toBe('filament 2 PETG HF #FFFFFF -> AMS 2 slot 2 (PETG #F0F0F0, similar material)');
    expect(formatMatch({ ...base, tray: null, material: 'none', colorDistance: null })).toMatch(
      /no loaded tray/,
    );
  });
});

describe('bambu-print flags', () => {
  it('maps switches to job options with Studio defaults', () => {
    expect(jobOptionsOf({})).toEqual({
      bedLeveling: true,
      flowCalibration: true,
      vibrationCalibration: true,
      timelapse: false,
      layerInspect: false,
      bedType: 'auto',
      startTimeoutMs: 120_000,
    });
    expect(
      jobOptionsOf({
        plate: '3',
        'no-ams': true,
        'no-leveling': true,
        timelapse: true,
        timeout: '30',
      }),
    ).toMatchObject({
      plate: 3,
      useAms: false,
      bedLeveling: false,
      timelapse: true,
      startTimeoutMs: 30_000,
    });
  });
  it('rejects bad numbers and bed types as usage errors', () => {
    expect(() => plateOf({ plate: '0' })).toThrow(UsageError);
    expect(() => ftpPortOf({ 'ftp-port': '70000' })).toThrow(/--ftp-port/);
    expect(ftpPortOf({})).toBe(990);
    expect(() => jobOptionsOf({ 'bed-type': 'glass' })).toThrow(/--bed-type/);
    expect(() => jobOptionsOf({ timeout: '-1' })).toThrow(/--timeout/);
  });
});
