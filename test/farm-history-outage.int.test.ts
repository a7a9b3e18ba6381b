import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import { recordsStore } from '../core/store/records-store.ts';
import type { RecordsStatus } from '../shared/contract/records-schemas.ts';
import { startVirtualPrinter } from '../sim/virtual-printer.ts';
import { freePort } from './support/free-port.ts';
import { startPostgres, type TestPostgres } from './support/postgres.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'farmdeck-outage-'));
let server: TestPostgres | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function until<T>(probe: () => T | undefined, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition never held');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('history database outage', () => {
  it('monitors without history while the server is unreachable and records once it is back', async () => {
    const port = await freePort();
    const vp = await startVirtualPrinter({ model: 'P1S', reportIntervalMs: 200, timeScale: 60 });
    const farm = await FarmEngine.start({
      settings: createMemorySettingsStore(),
      secrets: createMemorySecretStore(),
      records: recordsStore({
        dataDir,
        databaseUrl: `postgres://farmdeck:farmdeck-test-password@127.0.0.1:${port}/postgres`,
      }),
      tuning: { reconnect: { initialMs: 100, maxMs: 500 } },
    });
    const statuses: RecordsStatus[] = [];
    farm.onEvent((e) => {
      if (e.channel === 'records:status') statuses.push(e.payload);
    });
    try {
      expect(farm.records.status()).toMatchObject({ state: 'unavailable', database: 'server' });
      expect(farm.records.status().message).toMatch(
        /cannot be reached \(ECONNREFUSED\).*keeps monitoring without history/,
      );
      expect(farm.records.status().message).not.toContain('farmdeck-test-password');
      await expect(farm.handlers()['history:list']({})).rejects.toMatchObject({ code: 'storage' });

      // Monitoring goes on: the printer comes online and a job is followed.
      await farm.addPrinter({
        name: 'Outage P1S',
        host: vp.host,
        port: vp.mqttPort,
        serial: vp.serial,
        accessCode: vp.accessCode,
        tls: { mode: 'custom-ca', caPem: vp.certificatePem },
      });
      await until(() => (farm.getSnapshot().printers[0]?.state?.online ? true : undefined), 30_000);
      vp.startJob({ file: 'outage.gcode.3mf', minutes: 30, totalLayers: 20 });

      server = await startPostgres({ port });
      await until(() => (farm.records.ready ? true : undefined), 30_000);
      expect(statuses.at(-1)).toMatchObject({ state: 'ready' });
      const listed = await (async () => {
        const deadline = Date.now() + 30_000;
        for (;;) {
          const p = await farm.handlers()['history:list']({});
          if (p.records.length > 0 || Date.now() > deadline) return p;
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
      expect(listed.records[0]).toMatchObject({ jobName: 'outage', printerSerial: vp.serial });
    } finally {
      await farm.close();
      await vp.close();
    }
  }, 180_000);
});
