import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import type { PrinterView } from '../shared/contract/farm-schemas.ts';
import type { PrintJobView } from '../shared/contract/print-schemas.ts';
import { ftpsQuirkOptions } from '../sim/ftps/ftps-quirks.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../sim/virtual-printer.ts';

// An A1 mini whose encrypted data channel hangs, hit by the printer detail's file listing and an
// upload at the same time: one of them finds out and falls back to PROT C, the other waits for
// that result instead of sitting through the hang too (issue 11).

const FILE = join(import.meta.dirname, 'fixtures-3mf', 'orcaslicer-2.3.2-a1mini-petg.gcode.3mf');
let farm: FarmEngine | undefined;
let vp: VirtualPrinter | undefined;

afterEach(async () => {
  await farm?.close();
  await vp?.close();
  farm = undefined;
  vp = undefined;
});

function waitView(f: FarmEngine, id: string, check: (v: PrinterView) => boolean, ms = 30_000) {
  return new Promise<PrinterView>((resolve, reject) => {
    const now = f.getSnapshot().printers.find((p) => p.id === id);
    if (now && check(now)) return resolve(now);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`printer ${id} never reached the expected view`));
    }, ms);
    const off = f.onBatch((b) => {
      const v = b.printers.find((p) => p.id === id);
      if (v && check(v)) {
        clearTimeout(timer);
        off();
        resolve(v);
      }
    });
  });
}

describe('one data-channel decision per printer', () => {
  it('a listing and an upload at once fall back to PROT C only once', async () => {
    vp = await startVirtualPrinter({
      model: 'A1 mini',
      reportIntervalMs: 200,
      timeScale: 300,
      ftps: ftpsQuirkOptions(['hang-prot-p']),
    });
    const f = await FarmEngine.start({
      settings: createMemorySettingsStore(),
      secrets: createMemorySecretStore(),
      tuning: { reconnect: { initialMs: 100, maxMs: 500 } },
      ftpsDataTimeoutMs: 1500,
    });
    farm = f;
    const { id } = await f.addPrinter({
      name: 'Hanging A1 mini',
      host: vp.host,
      port: vp.mqttPort,
      serial: vp.serial,
      accessCode: vp.accessCode,
      tls: { mode: 'custom-ca', caPem: vp.certificatePem },
      ...(vp.ftpsPort !== undefined ? { ftpsPort: vp.ftpsPort } : {}),
    });
    await waitView(f, id, (v) => v.state?.online === true && v.ftpsDataChannel === 'auto');
    const staged = await f.print.stageFile(FILE, 'petg.gcode.3mf', false);

    const sent = new Promise<PrintJobView>((resolve) => {
      f.onEvent((e) => {
        if (e.channel !== 'print-job:changed') return;
        const t = e.payload.targets[0];
        if (t && (t.phase === 'sent' || t.phase === 'failed')) resolve(e.payload);
      });
    });
    const listing = f.handlers()['printer:list-files'](id);
    await f.handlers()['print:start']({
      fileId: staged.fileId,
      plate: 1,
      targets: [{ printerId: id, amsMapping: null }],
      options: {
        bedLeveling: false,
        flowCalibration: false,
        vibrationCalibration: false,
        timelapse: false,
      },
      sendOnly: true,
    });
    const [files, job] = await Promise.all([listing, sent]);
    expect(job.targets[0]).toMatchObject({ phase: 'sent', error: null });
    expect(Array.isArray(files.files)).toBe(true);
    expect(vp.ftpsStats?.dataHung).toBe(1);
    await waitView(f, id, (v) => v.ftpsDataChannel === 'clear');
  }, 60_000);
});
