import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrintStartError } from '../core/printing/print-error.ts';
import { sendAndPrint, startProjectFile, type PrintPhase } from '../core/printing/start-print.ts';
import { ThreeMfError } from '../core/threemf/threemf-error.ts';
import { startRig, waitState, type Rig } from './support/print-rig.ts';
import { writeGcode3mf } from './support/threemf-builder.ts';

const dir = mkdtempSync(join(tmpdir(), 'farmdeck-print-'));
const twoPlates = join(dir, 'Bracket set.gcode.3mf');
const onePlate = join(dir, 'cube.gcode.3mf');
const forA1 = join(dir, 'a1.gcode.3mf');
let rig: Rig;

beforeAll(async () => {
  writeGcode3mf(twoPlates, {
    plates: [
      { index: 1, layers: 40, prediction: 1800 },
      {
        index: 2,
        layers: 77,
        prediction: 5400,
        filaments: [{ id: 2, type: 'PLA', color: '#FFFFFF', usedG: 4 }],
      },
    ],
  });
  writeGcode3mf(onePlate, { plates: [{ index: 1, layers: 12, prediction: 600 }] });
  writeGcode3mf(forA1, {
    plates: [{ index: 1, printerModelId: 'N2S' }],
    printerModel: 'Bambu Lab A1',
  });
  rig = await startRig();
});
afterAll(async () => {
  await rig?.close();
  rmSync(dir, { recursive: true, force: true });
});

const projectFiles = (): Record<string, unknown>[] =>
  rig.printer.received
    .map((m) => m['print'] as Record<string, unknown> | undefined)
    .filter((p): p is Record<string, unknown> => p?.['command'] === 'project_file');

async function stopJob(): Promise<void> {
  await rig.link.stop();
  await waitState(rig.link, (s) => s.gcodeState === 'FAILED' || s.gcodeState === 'IDLE');
}

describe('upload and print on a virtual printer', () => {
  it('uploads plate 2, sends project_file and follows the printer until the job runs', async () => {
    const phases: string[] = [];
    const res = await sendAndPrint(rig.link, rig.ftpsOptions, twoPlates, {
      plate: 2,
      amsMapping: [-1, 0],
      timelapse: true,
      bedLeveling: false,
      onProgress: (p: PrintPhase) => phases.push(p.phase),
    });
    expect(res.remotePath).toBe('/Bracket_set.gcode.3mf');
    expect(existsSync(join(rig.ftps.storageDir, 'Bracket_set.gcode.3mf'))).toBe(true);
    expect(res.started?.gcodeState).toMatch(/PREPARE|RUNNING/);
    expect(res.started?.jobName).toBe('Bracket_set');
    expect(phases).toContain('uploading');
    expect(phases.slice(-2)).toEqual(['starting', 'started']);
    const cmd = projectFiles().at(-1);
    expect(cmd).toMatchObject({
      param: 'Metadata/plate_2.gcode',
      url: 'ftp:///Bracket_set.gcode.3mf',
      ams_mapping: [-1, 0],
      use_ams: true,
      timelapse: true,
      bed_leveling: false,
    });
    // The printer read the plate's header from the uploaded file: 77 layers.
    await waitState(rig.link, (s) => s.totalLayers === 77);
    await stopJob();
  });

  it('refuses to upload to a busy printer', async () => {
    rig.printer.startJob({ file: 'other.gcode.3mf' });
    await waitState(rig.link, (s) => s.gcodeState === 'PREPARE' || s.gcodeState === 'RUNNING');
    const uploads = rig.ftps.stats.uploads;
    const err = await sendAndPrint(rig.link, rig.ftpsOptions, onePlate).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrintStartError);
    expect((err as PrintStartError).code).toBe('busy');
    expect((err as Error).message).toMatch(/busy .*wait for the job to end or stop it/);
    expect(rig.ftps.stats.uploads).toBe(uploads);
    await stopJob();
  });

  it('"send only" stages the file without starting it; "print again" starts it', async () => {
    const count = projectFiles().length;
    const res = await sendAndPrint(rig.link, rig.ftpsOptions, onePlate, { sendOnly: true });
    expect(res.started).toBeNull();
    expect(existsSync(join(rig.ftps.storageDir, 'cube.gcode.3mf'))).toBe(true);
    expect(projectFiles().length).toBe(count);
    const outcome = await startProjectFile(rig.link, res.remotePath, 1, { startTimeoutMs: 20_000 });
    expect(outcome.confirmed).toBe(true);
    expect(outcome.state?.jobName).toBe('cube');
    expect(projectFiles().length).toBe(count + 1);
    await stopJob();
  });

  it('returns the printer refusal when the file is not on its storage', async () => {
    const err = await startProjectFile(rig.link, '/missing.gcode.3mf', 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrintStartError);
    expect(['refused', 'print-error']).toContain((err as PrintStartError).code);
    await waitState(rig.link, (s) => s.gcodeState === 'FAILED' || s.gcodeState === 'IDLE');
  });

  it('warns about a file sliced for another model unless overridden', async () => {
    const err = await sendAndPrint(rig.link, rig.ftpsOptions, forA1, { sendOnly: true }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ThreeMfError);
    expect((err as ThreeMfError).code).toBe('model-mismatch');
    expect((err as Error).message).toMatch(/sliced for a A1, but this printer is a P1S/);
    const ok = await sendAndPrint(rig.link, rig.ftpsOptions, forA1, {
      sendOnly: true,
      allowModelMismatch: true,
    });
    expect(ok.remotePath).toBe('/a1.gcode.3mf');
  });
});
