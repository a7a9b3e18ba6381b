import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSoak } from '../bench/soak-run.ts';
import { startSoakFarm, type SoakFarmControl } from '../bench/soak-farm.ts';

let farm: SoakFarmControl;

beforeAll(async () => {
  farm = await startSoakFarm({ count: 20, cameraEvery: 5, emptyCardEvery: 5 });
}, 60_000);

afterAll(async () => {
  await farm.close();
});

describe('short soak', () => {
  it('returns to its baseline of handles, listeners and timers after faults, cameras, failed starts and UI reconnects', async () => {
    const result = await runSoak({
      farm,
      durationMs: 20_000,
      uiReconnects: 200,
      failedPrintStarts: 20,
      cameraOpens: 40,
      faultEveryMs: 200,
      sampleEveryMs: 10_000,
    });
    const faults = Object.values(result.done.faults).reduce((a, b) => a + b, 0);
    expect(faults).toBeGreaterThan(50);
    expect(result.done.uiReconnects).toBe(200);
    expect(result.done.cameraOpens).toBe(40);
    expect(result.done.failedPrintStarts).toBe(20);
    expect(result.done.printStartsSeenFailing).toBeGreaterThan(0);
    expect(result.end.online).toBe(20);
    // Sockets, servers, child processes: exactly what there was. Timers and handles within 20 %: the
    // virtual farm runs in this process, so its own report and fault timers are in the count.
    expect(result.end.listeners).toBe(result.baseline.listeners);
    expect(result.end.sockets).toBe(result.baseline.sockets);
    expect(result.end.children).toBe(0);
    expect(Math.abs(result.end.timers - result.baseline.timers)).toBeLessThanOrEqual(
      Math.ceil(result.baseline.timers * 0.2),
    );
    expect(Math.abs(result.end.handles - result.baseline.handles)).toBeLessThanOrEqual(
      Math.ceil(result.baseline.handles * 0.2),
    );
  }, 240_000);
});
