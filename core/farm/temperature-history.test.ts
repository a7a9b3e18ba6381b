import { describe, expect, it } from 'vitest';
import type { PrinterState } from '../../shared/printer-state.ts';
import { TemperatureHistoryBuffer } from './temperature-history.ts';

const state = (nozzle: number, bed: number, chamber: number | null): PrinterState =>
  ({
    nozzles: [{ temp: nozzle, target: 220, diameter: 0.4, type: null }],
    bed: { temp: bed, target: 60 },
    chamber: chamber === null ? null : { temp: chamber, target: null },
  }) as unknown as PrinterState;

describe('TemperatureHistoryBuffer', () => {
  it('keeps at most one sample per interval', () => {
    const h = new TemperatureHistoryBuffer(5_000, 60_000);
    h.record(state(20, 20, 20), 0);
    h.record(state(30, 30, 30), 4_999);
    h.record(state(40, 40, null), 5_000);
    expect(h.list()).toEqual([
      { t: 0, nozzle: 20, nozzleTarget: 220, bed: 20, bedTarget: 60, chamber: 20 },
      { t: 5_000, nozzle: 40, nozzleTarget: 220, bed: 40, bedTarget: 60, chamber: null },
    ]);
  });

  it('drops samples older than the window, so memory stays bounded', () => {
    const h = new TemperatureHistoryBuffer(1_000, 30 * 60_000);
    for (let t = 0; t <= 2 * 60 * 60_000; t += 1_000) h.record(state(200, 60, 30), t);
    const samples = h.list();
    expect(samples.length).toBe(30 * 60 + 1);
    expect(samples[0]?.t).toBe(2 * 60 * 60_000 - 30 * 60_000);
  });
});
