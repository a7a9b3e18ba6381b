import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import type { PrinterView } from '../shared/contract/farm-schemas.ts';
import type { PrintJobView } from '../shared/contract/print-schemas.ts';
import { ftpsQuirkOptions } from '../sim/ftps/ftps-quirks.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../sim/virtual-printer.ts';

/**
 * The farm engine against printers with FTPS quirks (quirks.md), printing real slicer files
 * (test/fixtures-3mf): an A1 mini whose encrypted data channel hangs, a P1S that refuses rename.
 */

const FIXTURES = join(import.meta.dirname, 'fixtures-3mf');
const ORCA_A1MINI = join(FIXTURES, 'orcaslicer-2.3.2-a1mini-petg.gcode.3mf');
const STUDIO_A1MINI = join(FIXTURES, 'bambustudio-2.04-a1mini-two-filaments.gcode.3mf');
const STUDIO_P1S = join(FIXTURES, 'bambustudio-2.07-p1s-two-objects.gcode.3mf');

const printers: VirtualPrinter[] = [];
const settings = createMemorySettingsStore();
const secrets = createMemorySecretStore();
let farm: FarmEngine;
const ids = { a1: '', p1s: '' };
const jobEvents: PrintJobView[] = [];
const options = {
  bedLeveling: false,
  flowCalibration: false,
  vibrationCalibration: false,
  timelapse: false,
};

function startFarm(): Promise<FarmEngine> {
  return FarmEngine.start({
    settings,
    secrets,
    tuning: { reconnect: { initialMs: 100, maxMs: 500 } },
    print: { startTimeoutMs: 30_000 },
    ftpsDataTimeoutMs: 1500,
  });
}

async function addVirtual(
  name: string,
  options: Parameters<typeof startVirtualPrinter>[0],
): Promise<string> {
  const vp = await startVirtualPrinter({ reportIntervalMs: 200, timeScale: 300, ...options });
  printers.push(vp);
  const view = await farm.addPrinter({
    name,
    host: vp.host,
    port: vp.mqttPort,
    serial: vp.serial,
    accessCode: vp.accessCode,
    tls: { mode: 'custom-ca', caPem: vp.certificatePem },
    ...(vp.ftpsPort !== undefined ? { ftpsPort: vp.ftpsPort } : {}),
  });
  return view.id;
}

const vp = (model: string): VirtualPrinter => {
  const p = printers.find((x) => x.model === model);
  if (!p) throw new Error(`no virtual ${model}`);
  return p;
};

function waitView(id: string, check: (v: PrinterView) => boolean, ms = 30_000) {
  return new Promise<PrinterView>((resolve, reject) => {
    const now = farm.getSnapshot().printers.find((p) => p.id === id);
    if (now && check(now)) return resolve(now);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`printer ${id} never reached the expected view`));
    }, ms);
    const off = farm.onBatch((b) => {
      const v = b.printers.find((p) => p.id === id);
      if (v && check(v)) {
        clearTimeout(timer);
        off();
        resolve(v);
      }
    });
  });
}

function waitJob(jobId: string, check: (j: PrintJobView) => boolean, ms = 60_000) {
  return new Promise<PrintJobView>((resolve, reject) => {
    const now = jobEvents.filter((j) => j.jobId === jobId).at(-1);
    if (now && check(now)) return resolve(now);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`job never matched; last: ${JSON.stringify(jobEvents.at(-1))}`));
    }, ms);
    const off = farm.onEvent((e) => {
      if (e.channel !== 'print-job:changed' || e.payload.jobId !== jobId) return;
      if (check(e.payload)) {
        clearTimeout(timer);
        off();
        resolve(e.payload);
      }
    });
  });
}

function listen(engine: FarmEngine): void {
  engine.onEvent((e) => {
    if (e.channel === 'print-job:changed') jobEvents.push(e.payload);
  });
}

/** Prints (or only sends) a file to one printer and returns the printer's final part of the job. */
async function print(path: string, printerId: string, sendOnly: boolean) {
  const staged = await farm.print.stageFile(path, path.split('/').at(-1) ?? 'x', false);
  const job = await farm.handlers()['print:start']({
    fileId: staged.fileId,
    plate: 1,
    targets: [{ printerId, amsMapping: null }],
    options,
    sendOnly,
  });
  const done = await waitJob(job.jobId, (j) =>
    j.targets.every((t) => ['printing', 'sent', 'failed'].includes(t.phase)),
  );
  return done.targets[0];
}

beforeAll(async () => {
  farm = await startFarm();
  listen(farm);
  ids.a1 = await addVirtual('Hanging A1 mini', {
    model: 'A1 mini',
    ftps: ftpsQuirkOptions(['hang-prot-p']),
  });
  ids.p1s = await addVirtual('No-rename P1S', {
    model: 'P1S',
    ftps: ftpsQuirkOptions(['no-rename']),
  });
  await Promise.all(Object.values(ids).map((id) => waitView(id, (v) => v.state?.online === true)));
}, 60_000);

afterAll(async () => {
  await farm?.close();
  await Promise.all(printers.map((p) => p.close()));
});

describe('FTPS quirks through the farm engine, with real slicer files', () => {
  it('an A1 mini with a hanging encrypted data channel gets its file through PROT C and remembers it', async () => {
    const a1 = vp('A1 mini');
    expect(farm.getSnapshot().printers.find((p) => p.id === ids.a1)?.ftpsDataChannel).toBe('auto');

    const target = await print(ORCA_A1MINI, ids.a1, false);
    expect(target).toMatchObject({ phase: 'printing', error: null });
    expect(a1.ftpsStats?.dataHung).toBe(1);
    const stored = readFileSync(
      join(a1.storageDir ?? '', 'orcaslicer-2.3.2-a1mini-petg.gcode.3mf'),
    );
    expect(stored.equals(readFileSync(ORCA_A1MINI))).toBe(true);
    const sent = a1.received
      .map((m) => m['print'] as Record<string, unknown> | undefined)
      .filter((p) => p?.['command'] === 'project_file');
    expect(sent.at(-1)).toMatchObject({ param: 'Metadata/plate_1.gcode' });

    // Remembered per printer: shown in its details and saved with its settings.
    await waitView(ids.a1, (v) => v.ftpsDataChannel === 'clear');
    const saved = (await settings.load()).printers.find((p) => p.id === ids.a1);
    expect(saved?.ftpsDataChannel).toBe('clear');

    // The second upload goes straight to PROT C: no new hung data channel.
    const second = await print(STUDIO_A1MINI, ids.a1, true);
    expect(second).toMatchObject({ phase: 'sent', error: null });
    expect(a1.ftpsStats?.dataHung).toBe(1);
  }, 120_000);

  it('keeps the learned data channel across an engine restart', async () => {
    await farm.close();
    farm = await startFarm();
    listen(farm);
    await waitView(ids.a1, (v) => v.state?.online === true);
    expect(farm.getSnapshot().printers.find((p) => p.id === ids.a1)?.ftpsDataChannel).toBe('clear');
    const files = await farm.handlers()['printer:list-files'](ids.a1);
    expect(files.files.map((f) => f.name)).toContain('orcaslicer-2.3.2-a1mini-petg.gcode.3mf');
    expect(vp('A1 mini').ftpsStats?.dataHung).toBe(1);
  }, 60_000);

  it('a P1S that refuses rename prints a Bambu Studio 2.07 file uploaded without rename', async () => {
    const p1s = vp('P1S');
    expect(farm.getSnapshot().printers.find((p) => p.id === ids.p1s)?.ftpsDataChannel).toBe(
      'private',
    );
    const target = await print(STUDIO_P1S, ids.p1s, false);
    expect(target).toMatchObject({ phase: 'printing', error: null });
    expect(p1s.ftpsStats?.renames).toBe(0);
    const printing = await waitView(ids.p1s, (v) => v.state?.totalLayers === 658);
    expect(printing.state?.jobName).toBe('bambustudio-2.07-p1s-two-objects');
  }, 120_000);
});
