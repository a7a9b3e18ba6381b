import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { farmErrorOf } from '../core/farm/farm-errors.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import type { PrinterView } from '../shared/contract/farm-schemas.ts';
import type { PrintJobView } from '../shared/contract/print-schemas.ts';
import { FarmFailure } from '../shared/contract/result.ts';
import { startFarmHost, type FarmHost } from '../servers/host/farm-host.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../sim/virtual-printer.ts';
import { writeGcode3mf, writeProject3mf } from './support/threemf-builder.ts';

const dir = mkdtempSync(join(tmpdir(), 'farmdeck-farm-print-'));
const twoPlates = join(dir, 'two plates.gcode.3mf');
const printers: VirtualPrinter[] = [];
let farm: FarmEngine;
const settings = createMemorySettingsStore();
let host: FarmHost;
const ids = { good: '', noCard: '', x1c: '' };
const jobEvents: PrintJobView[] = [];

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

function vpOf(id: string): VirtualPrinter {
  const serial = farm.getSnapshot().printers.find((p) => p.id === id)?.serial;
  const vp = printers.find((p) => p.serial === serial);
  if (!vp) throw new Error(`no virtual printer for ${id}`);
  return vp;
}

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

/** The first job event of `jobId` that satisfies `check` (or the current view, when it does). */
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

/** The FarmFailure a promise rejects with (fails the test when it resolves or throws something else). */
async function failureOf(p: Promise<unknown>): Promise<FarmFailure> {
  const err: unknown = await p.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  if (!(err instanceof FarmFailure)) throw err;
  return err;
}

const phaseOf = (job: PrintJobView, id: string) => job.targets.find((t) => t.printerId === id);
const options = {
  bedLeveling: false,
  flowCalibration: false,
  vibrationCalibration: false,
  timelapse: false,
};

beforeAll(async () => {
  writeGcode3mf(twoPlates, {
    plates: [
      { index: 1, layers: 30, prediction: 1800 },
      {
        index: 2,
        layers: 77,
        prediction: 5400,
        gcodeBytes: 256 * 1024,
        filaments: [
          { id: 1, type: 'PLA', color: '#161616', usedG: 10 },
          { id: 2, type: 'PETG', color: '#FF0000', usedG: 5 },
        ],
      },
    ],
  });
  farm = await FarmEngine.start({
    settings,
    secrets: createMemorySecretStore(),
    tuning: { reconnect: { initialMs: 100, maxMs: 500 } },
    print: { startTimeoutMs: 30_000 },
  });
  farm.onEvent((e) => {
    if (e.channel === 'print-job:changed') jobEvents.push(e.payload);
  });
  ids.good = await addVirtual('Good P1S', { model: 'P1S', ftps: true });
  ids.noCard = await addVirtual('No card P1S', { model: 'P1S', ftps: { storagePresent: false } });
  ids.x1c = await addVirtual('Some X1C', { model: 'X1C', ftps: true });
  await Promise.all(Object.values(ids).map((id) => waitView(id, (v) => v.state?.online === true)));
  host = await startFarmHost({ engine: farm, staticDir: dir, mapError: farmErrorOf });
}, 60_000);

afterAll(async () => {
  await host?.close();
  await farm?.close();
  await Promise.all(printers.map((p) => p.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('printing a dropped file from the farm engine', () => {
  it('reads the plates, plans per printer, prints plate 2 where it can and fails alone where it cannot', async () => {
    const staged = await farm.print.stageFile(twoPlates, 'two plates.gcode.3mf', false);
    expect(staged.plates.map((p) => p.index)).toEqual([1, 2]);
    const plate2 = staged.plates[1];
    expect(plate2).toMatchObject({ totalLayers: 77, predictionSeconds: 5400, slicedFor: 'P1S' });
    expect(plate2?.filaments.map((f) => f.type)).toEqual(['PLA', 'PETG']);
    expect(plate2?.thumbnail).toMatch(/^data:image\/png;base64,/);

    const h = farm.handlers();
    const plan = await h['print:get-plan'](staged.fileId, 2);
    const byId = new Map(plan.targets.map((t) => [t.printerId, t]));
    expect(byId.get(ids.good)?.readiness).toBe('ready');
    expect(byId.get(ids.x1c)?.readiness).toBe('incompatible');
    expect(byId.get(ids.x1c)?.reason).toMatch(
      /sliced for the P1S, not for Some X1C's X1C: slice it for this model/,
    );
    const noPlate = await failureOf(h['print:get-plan'](staged.fileId, 3));
    expect(noPlate.code).toBe('invalid-file');
    expect(noPlate.message).toMatch(/no plate 3/);

    const job = await h['print:start']({
      fileId: staged.fileId,
      plate: 2,
      targets: [
        { printerId: ids.good, amsMapping: null },
        { printerId: ids.noCard, amsMapping: null },
      ],
      options,
      sendOnly: false,
    });
    const done = await waitJob(job.jobId, (j) =>
      j.targets.every((t) => t.phase === 'printing' || t.phase === 'failed'),
    );
    expect(phaseOf(done, ids.good)).toMatchObject({ phase: 'printing', percent: 100, error: null });
    const failed = phaseOf(done, ids.noCard);
    expect(failed).toMatchObject({ phase: 'failed', error: { code: 'upload-failed' } });
    expect(failed?.error?.message).toMatch(/SD card or USB drive/);
    expect(failed?.error?.message).not.toContain(vpOf(ids.noCard).accessCode);

    // The right plate started: the command names plate 2 and the printer reports its 77 layers.
    const sent = vpOf(ids.good).received.filter(
      (m) => (m['print'] as { command?: string } | undefined)?.command === 'project_file',
    );
    expect(sent.at(-1)?.['print']).toMatchObject({
      param: 'Metadata/plate_2.gcode',
      use_ams: false,
    });
    const printing = await waitView(ids.good, (v) => v.state?.totalLayers === 77);
    expect(printing.state?.jobName).toBe('two_plates');
    expect(existsSync(join(vpOf(ids.good).storageDir ?? '', 'two_plates.gcode.3mf'))).toBe(true);

    const phases = jobEvents
      .filter((j) => j.jobId === job.jobId)
      .map((j) => phaseOf(j, ids.good)?.phase);
    expect(phases).toContain('uploading');
    expect(phases.indexOf('starting')).toBeGreaterThan(phases.indexOf('uploading'));

    // Retry runs the failed printer again (and fails again for the same reason); others cannot be retried.
    await expect(h['print:retry'](job.jobId, ids.good)).rejects.toBeInstanceOf(FarmFailure);
    await h['print:retry'](job.jobId, ids.noCard);
    const again = await waitJob(
      job.jobId,
      (j) => phaseOf(j, ids.noCard)?.phase === 'failed',
      30_000,
    );
    expect(phaseOf(again, ids.noCard)?.error?.code).toBe('upload-failed');
    expect((await h['print:list-jobs']()).map((j) => j.jobId)).toContain(job.jobId);
    await h['print:dismiss'](job.jobId);
    expect((await h['print:list-jobs']()).map((j) => j.jobId)).not.toContain(job.jobId);
  }, 120_000);

  it('lists, prints again and deletes the files on a printer', async () => {
    const h = farm.handlers();
    const list = await h['printer:list-files'](ids.good);
    const file = list.files.find((f) => f.name === 'two_plates.gcode.3mf');
    expect(file).toMatchObject({ path: '/two_plates.gcode.3mf', printable: true });
    expect(list.files.some((f) => f.name.startsWith('.'))).toBe(false);

    // Busy with the first job: print again is refused with the reason.
    await waitView(ids.good, (v) => v.state?.gcodeState === 'RUNNING');
    const busy = await h['printer:print-file'](ids.good, {
      path: '/two_plates.gcode.3mf',
      plate: 1,
      options,
      useAms: false,
    });
    const refused = await waitJob(busy.jobId, (j) => j.targets[0]?.phase === 'failed');
    expect(refused.targets[0]?.error).toMatchObject({ code: 'busy' });
    expect(refused.targets[0]?.error?.message).toMatch(/busy.*wait for the job to end or stop it/);

    await farm.sendCommand(ids.good, { type: 'stop' });
    await waitView(ids.good, (v) => v.state?.gcodeState !== 'RUNNING');
    const reprint = await h['printer:print-file'](ids.good, {
      path: '/two_plates.gcode.3mf',
      plate: 1,
      options,
      useAms: false,
    });
    const started = await waitJob(
      reprint.jobId,
      (j) => j.targets[0]?.phase !== 'queued' && j.targets[0]?.phase !== 'starting',
    );
    expect(started.targets[0]?.phase).toBe('printing');
    await waitView(ids.good, (v) => v.state?.totalLayers === 30);

    // Send only works on a busy printer: the file lands on its storage, nothing starts.
    const staged = await farm.print.stageFile(twoPlates, 'spare part.gcode.3mf', false);
    const plan = await h['print:get-plan'](staged.fileId, 1);
    expect(plan.targets.find((t) => t.printerId === ids.good)?.readiness).toBe('busy');
    const commandsBefore = vpOf(ids.good).received.length;
    const sendOnly = await h['print:start']({
      fileId: staged.fileId,
      plate: 1,
      targets: [{ printerId: ids.good, amsMapping: null }],
      options,
      sendOnly: true,
    });
    const sent = await waitJob(sendOnly.jobId, (j) => j.targets[0]?.phase === 'sent');
    expect(sent.targets[0]?.percent).toBe(100);
    expect(existsSync(join(vpOf(ids.good).storageDir ?? '', 'spare_part.gcode.3mf'))).toBe(true);
    expect(
      vpOf(ids.good)
        .received.slice(commandsBefore)
        .map((m) => m['print']),
    ).not.toContainEqual(expect.objectContaining({ command: 'project_file' }));

    await h['printer:delete-file'](ids.good, '/two_plates.gcode.3mf');
    const after = await h['printer:list-files'](ids.good);
    expect(after.files.some((f) => f.name === 'two_plates.gcode.3mf')).toBe(false);
    await expect(h['printer:delete-file'](ids.good, '/two_plates.gcode.3mf')).rejects.toMatchObject(
      {
        code: 'not-found',
      },
    );
    expect((await h['printer:list-files'](ids.noCard)).files).toEqual([]);
  }, 120_000);

  it('refuses a project without G-code, a non-3MF and a local path in the browser host', async () => {
    const project = join(dir, 'project.3mf');
    writeProject3mf(project);
    const notSliced = await failureOf(farm.print.stageFile(project, 'project.3mf', false));
    expect(notSliced.code).toBe('invalid-file');
    expect(notSliced.message).toMatch(/project\.3mf contains no sliced G-code: .*slice it/);
    const stl = join(dir, 'part.stl');
    writeFileSync(stl, 'solid part\nendsolid part\n');
    const stlFailure = await failureOf(farm.print.stageFile(stl, 'part.stl', false));
    expect(stlFailure.code).toBe('invalid-file');
    expect(stlFailure.message).toMatch(/part\.stl is not a \.gcode\.3mf/);
    await expect(farm.handlers()['print:stage-path'](twoPlates)).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});

describe('FTPS port per printer', () => {
  it('is kept in the settings, shown in the view, and used for the files', async () => {
    const h = farm.handlers();
    const before = await h['printer:list-files'](ids.x1c);
    expect(before.files).toEqual([]);
    const view = await farm.updatePrinter(ids.x1c, {
      ftpsPort: 1,
      accessCode: vpOf(ids.x1c).accessCode,
    });
    expect(view.ftpsPort).toBe(1);
    const saved = (await settings.load()).printers.find((p) => p.id === ids.x1c);
    expect(saved?.ftpsPort).toBe(1);
    const err = await failureOf(h['printer:list-files'](ids.x1c));
    expect(err.code).toBe('unreachable');
    expect(err.message).toMatch(/port 1\b|127\.0\.0\.1/);
    expect(err.message).not.toContain(vpOf(ids.x1c).accessCode);
    await farm.updatePrinter(ids.x1c, {
      ftpsPort: vpOf(ids.x1c).ftpsPort ?? 990,
      accessCode: vpOf(ids.x1c).accessCode,
    });
    expect((await h['printer:list-files'](ids.x1c)).files).toEqual([]);
  });
});

describe('upload of a dropped file to the browser host', () => {
  const post = (name: string, body: Buffer, headers: Record<string, string> = {}) =>
    fetch(`${host.url}api/print-upload?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', ...headers },
      body: body,
    });

  it('streams the file to a temporary file the engine reads, and refuses what it must', async () => {
    const bytes = readFileSync(twoPlates);
    const res = await post('two plates.gcode.3mf', bytes);
    expect(res.status).toBe(200);
    const result = (await res.json()) as { ok: boolean; value: { fileId: string; bytes: number } };
    expect(result).toMatchObject({ ok: true, value: { bytes: bytes.length } });
    const plan = await farm.handlers()['print:get-plan'](result.value.fileId, 1);
    expect(plan.targets).toHaveLength(3);

    const project = join(dir, 'project.3mf');
    writeProject3mf(project);
    const notSliced = await post('project.3mf', readFileSync(project));
    expect(notSliced.status).toBe(422);
    expect(await notSliced.json()).toMatchObject({ ok: false, error: { code: 'invalid-file' } });

    const textPlain = await post('x.gcode.3mf', bytes, { 'Content-Type': 'text/plain' });
    expect(textPlain.status).toBe(403);
    const otherSite = await post('x.gcode.3mf', bytes, { Origin: 'http://evil.example' });
    expect(otherSite.status).toBe(403);
    const badName = await post('../x.gcode.3mf', bytes);
    expect(badName.status).toBe(400);
  });

  it('needs the token when the host has one', async () => {
    const guarded = await startFarmHost({
      engine: farm,
      staticDir: dir,
      mapError: farmErrorOf,
      token: 'a-long-enough-access-token',
    });
    try {
      const url = `${guarded.url.split('?')[0]}api/print-upload?name=a.gcode.3mf`;
      const init = {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream' },
        body: readFileSync(twoPlates),
      };
      expect((await fetch(url, init)).status).toBe(403);
      const withToken = await fetch(`${url}&token=a-long-enough-access-token`, init);
      expect(withToken.status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
