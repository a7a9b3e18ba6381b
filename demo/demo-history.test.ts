import { describe, expect, it } from 'vitest';
import { generateDemoHistory, type DemoPrinter } from './demo-history.ts';

const NOW = Date.UTC(2026, 11, 5, 12);
const PRINTERS: DemoPrinter[] = ['X1C', 'P1S', 'A1', 'H2D', 'A1 mini'].map((model, i) => ({
  id: `p${i}`,
  name: `Rack A · ${i + 1} ${model}`,
  serial: `SN${i}`,
  model,
}));

describe('demo history', () => {
  const jobs = generateDemoHistory(PRINTERS, NOW);

  it('is the same every run and marked as demo', () => {
    expect(generateDemoHistory(PRINTERS, NOW)).toEqual(jobs);
    expect(jobs.length).toBeGreaterThan(100);
    expect(jobs.every((j) => j.demo === true)).toBe(true);
  });

  it('covers three weeks before now, ending before the demo starts', () => {
    const first = Math.min(...jobs.map((j) => j.startedAt));
    expect(first).toBeGreaterThanOrEqual(NOW - 21 * 86_400_000);
    expect(first).toBeLessThan(NOW - 20 * 86_400_000);
    expect(Math.max(...jobs.map((j) => j.endedAt))).toBeLessThanOrEqual(NOW - 3_600_000);
  });

  it('never overlaps two jobs on one printer', () => {
    for (const p of PRINTERS) {
      const own = jobs.filter((j) => j.printerId === p.id);
      for (let i = 1; i < own.length; i++) {
        expect(own[i]!.startedAt).toBeGreaterThanOrEqual(own[i - 1]!.endedAt);
      }
    }
  });

  it('mixes results, gives every failure a reason and every job filament', () => {
    const results = new Set(jobs.map((j) => j.result));
    expect(results).toEqual(new Set(['finished', 'failed', 'cancelled']));
    for (const j of jobs.filter((j) => j.result !== 'finished')) {
      expect(j.failure?.summary).toBeTruthy();
    }
    expect(
      jobs.filter((j) => j.result === 'cancelled').every((j) => j.failure?.summary === 'Cancelled'),
    ).toBe(true);
    expect(jobs.every((j) => (j.filament?.totalGrams ?? 0) > 0)).toBe(true);
    expect(
      new Set(jobs.flatMap((j) => j.filament?.items.map((f) => f.material) ?? [])).size,
    ).toBeGreaterThan(4);
  });

  it('uses the printer error texts as failure reasons', () => {
    const reasons = jobs.filter((j) => j.result === 'failed').map((j) => j.failure?.summary);
    expect(reasons).toContain(
      'Spaghetti defects were detected by the AI Print Monitoring. Please check the quality of the printed model before continuing your print.',
    );
    expect(reasons.some((r) => r?.startsWith('HMS 0300_0100_0001_0007: '))).toBe(true);
  });

  it('has one printer that fails more than the others', () => {
    const rate = (id: string) => {
      const own = jobs.filter((j) => j.printerId === id);
      return own.filter((j) => j.result === 'failed').length / own.length;
    };
    expect(rate('p3')).toBeGreaterThan(Math.max(rate('p0'), rate('p1'), rate('p2')));
  });
});
