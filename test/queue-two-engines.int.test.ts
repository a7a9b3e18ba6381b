// Two Farmdeck engines in separate processes (real headless hosts) share one Debian PostgreSQL and
// twenty virtual printers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnginesRig, type EnginesRig } from './support/two-engines.ts';

const PRINTERS = 20;
let rig: EnginesRig;

beforeAll(async () => {
  rig = await startEnginesRig({
    engines: 2,
    sims: { count: PRINTERS, timeScale: 20, reportIntervalMs: 500 },
    queueTuning: { leaseTtlMs: 3000, heartbeatMs: 500, tickMs: 500, adoptGraceMs: 5000 },
  });
}, 120_000);

afterAll(async () => {
  await rig?.close();
}, 60_000);

describe('two engines on one PostgreSQL', () => {
  it('both engines show every printer online', async () => {
    for (const client of rig.clients) {
      await expect
        .poll(() => [...client.printers.values()].filter((p) => p.state?.online).length, {
          timeout: 60_000,
        })
        .toBe(PRINTERS);
    }
  }, 90_000);
});
