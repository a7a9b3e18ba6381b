import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import type { RecordsPort } from '../core/farm/records-port.ts';
import { recordsStore } from '../core/store/records-store.ts';
import type { PrinterView } from '../shared/contract/farm-schemas.ts';
import { startVirtualPrinter } from '../sim/virtual-printer.ts';
import { NO_CALIBRATION, P1S_FILE, projectFiles, until } from './support/queue-rig.ts';

const dir = mkdtempSync(join(tmpdir(), 'farmdeck-takeover-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The same database for two engines in one process. `crashes`: this engine's leases are never given
 * up (as when its process is killed), and closing it leaves the database open for the other.
 */
function shared(port: RecordsPort, crashes: boolean): RecordsPort {
  const queue = port.queue;
  if (!queue) throw new Error('the store has no queue');
  return {
    history: port.history,
    library: port.library,
    stats: port.stats,
    queue: crashes
      ? Object.assign(Object.create(queue) as typeof queue, {
          releaseLeases: () => Promise.resolve(),
        })
      : queue,
    describe: () => port.describe(),
    ping: () => port.ping(),
    close: () => Promise.resolve(),
  };
}

describe('two engines on one database', () => {
  it('the survivor takes over the printer of an engine that died and follows its printing copy to the end', async () => {
    const vp = await startVirtualPrinter({
      model: 'P1S',
      ftps: true,
      reportIntervalMs: 150,
      timeScale: 60,
      resolveJob: () => ({ totalLayers: 20, minutes: 3 }),
    });
    const port = recordsStore({ dataDir: join(dir, 'data') });
    const engines: FarmEngine[] = [];
    try {
      const start = async (instanceId: string, crashes: boolean) => {
        const farm = await FarmEngine.start({
          settings: createMemorySettingsStore(),
          secrets: createMemorySecretStore(),
          records: shared(port, crashes),
          tuning: { reconnect: { initialMs: 100, maxMs: 500 } },
          print: { startTimeoutMs: 30_000 },
          batchIntervalMs: 50,
          queue: {
            instanceId,
            tickMs: 200,
            heartbeatMs: 300,
            leaseTtlMs: 2_000,
            adoptGraceMs: 5_000,
          },
        });
        engines.push(farm);
        const views = new Map<string, PrinterView>();
        farm.onBatch((b) => {
          for (const v of b.printers) views.set(v.id, v);
        });
        const view = await farm.addPrinter({
          name: `Rack 1 (${instanceId})`,
          host: vp.host,
          port: vp.mqttPort,
          serial: vp.serial,
          accessCode: vp.accessCode,
          tls: { mode: 'custom-ca', caPem: vp.certificatePem },
          ...(vp.ftpsPort !== undefined ? { ftpsPort: vp.ftpsPort } : {}),
        });
        return { farm, id: view.id, views };
      };
      const a = await start('engine-a', true);
      await until(() => (a.views.get(a.id)?.queue?.controller === 'this' ? true : undefined));
      const b = await start('engine-b', false);
      // Every instance shows every printer; only one controls it.
      await until(() => (b.views.get(b.id)?.queue?.controller === 'other' ? true : undefined));

      const ha = a.farm.handlers();
      await ha['queue:confirm-bed'](a.id);
      const staged = await a.farm.print.stageFile(P1S_FILE, 'box.gcode.3mf', false);
      const job = await ha['queue:add']({
        file: { from: 'staged', stagedFileId: staged.fileId },
        plate: 1,
        copies: 1,
        target: { kind: 'any' },
        filamentRule: 'same-material',
        priority: 0,
        notBefore: null,
        onFailure: 'requeue',
        options: NO_CALIBRATION,
      });
      const hb = b.farm.handlers();
      const copyOf = async () => (await hb['queue:get']()).jobs[0]?.copies[0];
      await until(async () => ((await copyOf())?.state === 'printing' ? true : undefined), 60_000);

      // Engine A dies mid-print: its leases are never released.
      await a.farm.close();
      await until(
        () => (b.views.get(b.id)?.queue?.controller === 'this' ? true : undefined),
        30_000,
        'engine B controls the printer',
      );
      const done = await until(
        async () => {
          const c = await copyOf();
          return c?.state === 'done' ? c : undefined;
        },
        90_000,
        'the copy done',
      );
      expect(done).toMatchObject({ attempts: 1, printerName: 'Rack 1 (engine-b)' });
      expect(projectFiles(vp)).toBe(1);
      expect((await hb['queue:get']()).jobs[0]?.jobId).toBe(job.jobId);
      // The bed waits for a person on the survivor, and nothing else was sent.
      await until(() => (b.views.get(b.id)?.queue?.bed === 'needs-clearing' ? true : undefined));
      expect(projectFiles(vp)).toBe(1);
    } finally {
      for (const e of engines) await e.close();
      await port.close();
      await vp.close();
    }
  }, 240_000);
});
