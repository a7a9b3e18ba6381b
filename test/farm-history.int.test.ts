import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import type { SecretStore, SettingsStore } from '../core/farm/ports.ts';
import { recordsStore } from '../core/store/records-store.ts';
import type { HistoryRecord } from '../shared/contract/records-schemas.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../sim/virtual-printer.ts';
import { writeGcode3mf } from './support/threemf-builder.ts';

const dirs: string[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'farmdeck-history-'));
  dirs.push(d);
  return d;
};

async function virtualPrinter(options: Parameters<typeof startVirtualPrinter>[0]) {
  const vp = await startVirtualPrinter({ reportIntervalMs: 200, timeScale: 60, ...options });
  cleanups.push(() => vp.close());
  return vp;
}

interface Farm {
  farm: FarmEngine;
  records: HistoryRecord[];
  close(): Promise<void>;
}

async function startFarm(
  dataDir: string,
  settings: SettingsStore,
  secrets: SecretStore,
): Promise<Farm> {
  const farm = await FarmEngine.start({
    settings,
    secrets,
    records: recordsStore({ dataDir }),
    tuning: { reconnect: { initialMs: 100, maxMs: 500 } },
    print: { startTimeoutMs: 30_000 },
  });
  const records: HistoryRecord[] = [];
  farm.onEvent((e) => {
    if (e.channel === 'history:changed') records.push(e.payload);
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await farm.close();
  };
  cleanups.push(close);
  return { farm, records, close };
}

const lanInput = (vp: VirtualPrinter) => ({
  name: `Virtual ${vp.model}`,
  host: vp.host,
  port: vp.mqttPort,
  serial: vp.serial,
  accessCode: vp.accessCode,
  tls: { mode: 'custom-ca' as const, caPem: vp.certificatePem },
  ...(vp.ftpsPort !== undefined ? { ftpsPort: vp.ftpsPort } : {}),
});

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition never held');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const options = {
  bedLeveling: false,
  flowCalibration: false,
  vibrationCalibration: false,
  timelapse: false,
};

describe('print history from a real engine and virtual printers', () => {
  it('records a print Farmdeck sent with duration, result, file filaments and library link, and keeps it across a restart', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, '..', `${Date.now()}-bracket.gcode.3mf`);
    dirs.push(file);
    writeGcode3mf(file, {
      plates: [
        {
          index: 1,
          layers: 12,
          prediction: 240,
          filaments: [
            { id: 1, type: 'PETG', color: '#FF0000', usedG: 7.5 },
            { id: 2, type: 'PLA', color: '#000000', usedG: 2.5 },
          ],
        },
      ],
    });
    const vp = await virtualPrinter({ model: 'P1S', ftps: true });
    const settings = createMemorySettingsStore();
    const secrets = createMemorySecretStore();
    const first = await startFarm(dataDir, settings, secrets);
    expect(first.farm.records.status()).toMatchObject({ state: 'ready', database: 'embedded' });
    const view = await first.farm.addPrinter(lanInput(vp));
    const h = first.farm.handlers();
    const staged = await first.farm.print.stageFile(file, 'bracket.gcode.3mf', false);
    expect(staged.libraryNote ?? null).toBeNull();
    const library = await h['library:list']({});
    expect(library.files).toHaveLength(1);
    const libraryFileId = library.files[0]!.fileId;
    await until(() =>
      first.farm.getSnapshot().printers[0]?.state?.online === true ? true : undefined,
    );
    await h['print:start']({
      fileId: staged.fileId,
      plate: 1,
      targets: [{ printerId: view.id, amsMapping: null }],
      options,
      sendOnly: false,
    });
    const done = await until(
      () => first.records.find((r) => r.result !== 'running' && r.printerId === view.id),
      90_000,
    );
    expect(done).toMatchObject({
      result: 'finished',
      printerName: 'Virtual P1S',
      printerSerial: vp.serial,
      fileName: 'bracket.gcode.3mf',
      plate: 1,
      startedByFarmdeck: true,
      libraryFileId,
      layerReached: 12,
      totalLayers: 12,
      filament: {
        source: 'file',
        totalGrams: 10,
        items: [
          { slot: 1, material: 'PETG', color: '#FF0000', grams: 7.5 },
          { slot: 2, material: 'PLA', color: '#000000', grams: 2.5 },
        ],
      },
    });
    expect(done.durationSeconds).toBeGreaterThan(0);
    expect(done.endedAt! - done.startedAt).toBeGreaterThan(0);
    const page = await h['history:list']({});
    expect(page.records.map((r) => r.id)).toEqual([done.id]);
    expect((await h['library:get'](libraryFileId)).timesPrinted).toBe(1);
    const csv = await h['history:export-csv']({});
    expect(csv.rows).toBe(1);
    expect(csv.csv).toMatch(/bracket\.gcode\.3mf,1,finished,/);
    await first.close();

    const second = await startFarm(dataDir, settings, secrets);
    const again = await second.farm.handlers()['history:get'](done.id);
    expect(again).toMatchObject({
      result: 'finished',
      durationSeconds: done.durationSeconds,
      filament: done.filament,
    });
    const stats = await second.farm.handlers()['stats:query']({
      from: done.startedAt - 3_600_000,
      to: done.startedAt + 3_600_000,
      groupBy: 'material',
    });
    expect(stats.totals).toMatchObject({ jobs: 1, finished: 1, filamentGrams: 10 });
    expect(stats.groups.map((g) => g.key).sort()).toEqual(['PETG', 'PLA']);
  }, 180_000);

  it('continues a job already running after a restart, with no duplicate, and records a stop as cancelled', async () => {
    const dataDir = tempDir();
    const vp = await virtualPrinter({ model: 'X1C', timeScale: 20 });
    const settings = createMemorySettingsStore();
    const secrets = createMemorySecretStore();
    const first = await startFarm(dataDir, settings, secrets);
    const view = await first.farm.addPrinter(lanInput(vp));
    await until(() =>
      first.farm.getSnapshot().printers[0]?.state?.online === true ? true : undefined,
    );
    vp.startJob({ file: 'gear.gcode.3mf', totalLayers: 40, minutes: 30 });
    const running = await until(() => first.records.find((r) => r.result === 'running'));
    expect(running).toMatchObject({ startedByFarmdeck: false, filament: { source: 'unknown' } });
    await first.close();

    const second = await startFarm(dataDir, settings, secrets);
    await until(() => second.records.find((r) => r.id === running.id && (r.layerReached ?? 0) > 0));
    await second.farm.sendCommand(view.id, { type: 'stop' });
    const ended = await until(() =>
      second.records.find((r) => r.id === running.id && r.result !== 'running'),
    );
    expect(ended.result).toBe('cancelled');
    expect(ended.failure?.summary).toBe('Cancelled');
    expect(ended.startedAt).toBe(running.startedAt);
    const page = await second.farm.handlers()['history:list']({});
    expect(page.total).toBe(1);
  }, 180_000);
});
