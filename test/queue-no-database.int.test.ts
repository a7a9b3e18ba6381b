import { describe, expect, it } from 'vitest';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import { startVirtualPrinter } from '../sim/virtual-printer.ts';

describe('the job queue without a farm database', () => {
  it('says it is unavailable and why, refuses changes, and leaves printer views without queue info', async () => {
    const vp = await startVirtualPrinter({ model: 'P1S', reportIntervalMs: 200 });
    const farm = await FarmEngine.start({
      settings: createMemorySettingsStore(),
      secrets: createMemorySecretStore(),
    });
    try {
      const h = farm.handlers();
      const view = await farm.addPrinter({
        name: 'Rack 1',
        host: vp.host,
        port: vp.mqttPort,
        serial: vp.serial,
        accessCode: vp.accessCode,
        tls: { mode: 'custom-ca', caPem: vp.certificatePem },
      });
      const queue = await h['queue:get']();
      expect(queue).toMatchObject({ available: false, jobs: [], controlled: 0 });
      expect(queue.reason).toMatch(/needs the farm database/);
      await expect(h['queue:set-paused'](true)).rejects.toMatchObject({
        code: 'storage',
        message: expect.stringMatching(/needs the farm database/) as unknown,
      });
      await expect(h['queue:confirm-bed'](view.id)).rejects.toMatchObject({ code: 'storage' });
      expect(farm.getSnapshot().printers[0]).not.toHaveProperty('queue');
    } finally {
      await farm.close();
      await vp.close();
    }
  }, 60_000);
});
