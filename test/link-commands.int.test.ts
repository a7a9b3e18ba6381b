import { afterEach, describe, expect, it } from 'vitest';
import { LinkError } from '../core/mqtt/printer-link.ts';
import type { PrinterLink } from '../core/mqtt/printer-link.ts';
import type { VirtualPrinter } from '../sim/virtual-printer.ts';
import { commandsOf, createLinkRig, nextState } from './support/link-rig.ts';

// Every command of the link over real TLS against the virtual printer: what arrives, the reply, the state.

const rig = createLinkRig();
const { printer, linkTo } = rig;

afterEach(() => rig.cleanup());

const lastOf = (p: VirtualPrinter, cls: string, command: string) =>
  (commandsOf(p, cls, command).at(-1)?.[cls] ?? {}) as Record<string, unknown>;

async function busyP1s(): Promise<{ p: VirtualPrinter; link: PrinterLink }> {
  const p = await printer({ model: 'P1S' });
  const link = linkTo(p);
  link.connect();
  await link.waitForState(20_000);
  p.startJob({ file: 'cube.gcode.3mf', totalLayers: 50, minutes: 120 });
  await nextState(link, (s) => s.status === 'preparing' || s.status === 'printing');
  return { p, link };
}

describe('PrinterLink commands against the virtual printer', () => {
  it('pause, resume and stop: QoS-1 print commands, replies matched, state follows', async () => {
    const { p, link } = await busyP1s();
    const paused = nextState(link, (s) => s.status === 'paused');
    const pause = await link.pause();
    expect(pause).toMatchObject({ command: 'pause', result: 'success' });
    expect(lastOf(p, 'print', 'pause')).toEqual({
      sequence_id: pause.sequenceId,
      command: 'pause',
      param: '',
    });
    expect((await paused).gcodeState).toBe('PAUSE');

    const resumed = nextState(link, (s) => s.status === 'preparing' || s.status === 'printing');
    expect(await link.resume()).toMatchObject({ command: 'resume', result: 'success' });
    await resumed;

    const stopped = nextState(link, (s) => s.status === 'failed');
    expect(await link.stop()).toMatchObject({ command: 'stop', result: 'success' });
    expect((await stopped).printError?.code).toBe('0300_400C');
    // Distinct string sequence ids per command.
    const ids = ['pause', 'resume', 'stop'].map((c) => lastOf(p, 'print', c)['sequence_id']);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(typeof id).toBe('string');
  });

  it('a command the printer rejects fails with its reason (command-failed)', async () => {
    const p = await printer({ model: 'P1S' });
    const link = linkTo(p);
    link.connect();
    await link.waitForState(20_000);
    const err = await link.pause().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LinkError);
    expect(err).toMatchObject({ code: 'command-failed', command: 'pause' });
    expect((err as LinkError).message).toContain('no job is running');
  });

  it('speed level, light and G-code change the state', async () => {
    const { p, link } = await busyP1s();
    const sport = nextState(link, (s) => s.speedLevel === 3);
    expect(await link.setSpeedLevel(3)).toMatchObject({
      command: 'print_speed',
      result: 'success',
    });
    expect(lastOf(p, 'print', 'print_speed')['param']).toBe('3');
    await sport;

    const before = link.state?.lights.chamber;
    const mode = before === 'off' ? 'on' : 'off';
    const lit = nextState(link, (s) => s.lights.chamber === mode);
    expect(await link.setLight('chamber_light', mode)).toMatchObject({ command: 'ledctrl' });
    expect(lastOf(p, 'system', 'ledctrl')).toMatchObject({
      led_node: 'chamber_light',
      led_mode: mode,
    });
    await lit;

    const bed = nextState(link, (s) => s.bed.target === 61);
    expect(await link.sendGcode('M140 S61\nM104 S215')).toMatchObject({ command: 'gcode_line' });
    expect(lastOf(p, 'print', 'gcode_line')['param']).toBe('M140 S61\nM104 S215\n');
    await bed;
  });

  it('AMS load, unload (unit from tray_now) and ams_control', async () => {
    const p = await printer({ model: 'P1S' });
    const link = linkTo(p);
    link.connect();
    await link.waitForState(20_000);
    const trayMessages: unknown[] = [];
    link.on('message', (m) => {
      const ams = (m['print'] as { ams?: { tray_now?: unknown } } | undefined)?.ams;
      if (ams?.tray_now !== undefined) trayMessages.push(ams.tray_now);
    });
    expect(await link.amsLoad({ amsId: 0, slot: 2, nozzleTemp: 230 })).toMatchObject({
      command: 'ams_change_filament',
      result: 'success',
    });
    expect(lastOf(p, 'print', 'ams_change_filament')).toMatchObject({
      ams_id: 0,
      slot_id: 2,
      target: 2,
      curr_temp: 230,
      tar_temp: 230,
    });
    await expect.poll(() => trayMessages.at(-1), { timeout: 15_000 }).toBe('2');

    expect(await link.amsUnload()).toMatchObject({ result: 'success' });
    expect(lastOf(p, 'print', 'ams_change_filament')).toMatchObject({
      ams_id: 0,
      slot_id: 255,
      target: 255,
    });
    await expect.poll(() => trayMessages.at(-1), { timeout: 15_000 }).toBe('255');

    expect(await link.amsControl('resume')).toMatchObject({
      command: 'ams_control',
      result: 'success',
    });
    expect(lastOf(p, 'print', 'ams_control')['param']).toBe('resume');
  });

  it('skip_objects reaches the printer while a job runs', async () => {
    const { p, link } = await busyP1s();
    const skipped = new Promise<unknown>((resolve) =>
      link.on('message', (m) => {
        const s = (m['print'] as { s_obj?: unknown } | undefined)?.s_obj;
        if (Array.isArray(s) && s.length === 2) resolve(s);
      }),
    );
    expect(await link.skipObjects([206, 318])).toMatchObject({
      command: 'skip_objects',
      result: 'success',
    });
    expect(lastOf(p, 'print', 'skip_objects')['obj_list']).toEqual([206, 318]);
    expect(await skipped).toEqual([206, 318]);
  });

  it('project_file starts a job; a second one while busy fails with the reason', async () => {
    const p = await printer({ model: 'P1S' });
    const link = linkTo(p);
    link.connect();
    await link.waitForState(20_000);
    const started = nextState(link, (s) => s.status === 'preparing' && s.jobName === 'Benchy');
    const reply = await link.printProjectFile({
      fileName: 'benchy.gcode.3mf',
      plate: 2,
      jobName: 'Benchy',
      amsMapping: [0],
    });
    expect(reply).toMatchObject({ command: 'project_file', result: 'SUCCESS' });
    expect(lastOf(p, 'print', 'project_file')).toMatchObject({
      param: 'Metadata/plate_2.gcode',
      url: 'ftp:///benchy.gcode.3mf',
      file: 'benchy.gcode.3mf',
      subtask_name: 'Benchy',
      use_ams: true,
      ams_mapping: [0],
    });
    await started;
    const busy = await link
      .printProjectFile({ fileName: 'other.gcode.3mf' })
      .catch((e: unknown) => e);
    expect(busy).toMatchObject({ code: 'command-failed', command: 'project_file' });
    expect((busy as LinkError).message).toContain('busy');
  });

  it('pushall resolves on the next full report and is rate-limited; get_version returns the modules', async () => {
    const p = await printer({ model: 'P1S' });
    const link = linkTo(p);
    link.connect();
    await link.waitForState(20_000);
    const before = commandsOf(p, 'pushing', 'pushall').length;
    let fullAfter = 0;
    link.on('message', (m) => {
      if ((m['print'] as { msg?: unknown } | undefined)?.msg === 0) fullAfter += 1;
    });
    // Within 3 s of the connect pushall: both calls share one deferred request.
    await Promise.all([link.pushall(), link.pushall()]);
    expect(commandsOf(p, 'pushing', 'pushall').length).toBe(before + 1);
    expect(fullAfter).toBeGreaterThanOrEqual(1);

    const version = await link.getVersion();
    expect(version.model).toBe('P1S');
    expect(version.firmware).toMatch(/^\d\d\.\d\d\.\d\d\.\d\d$/);
    expect(version.modules.map((m) => m.name)).toContain('ota');
    expect(link.state?.firmware).toBe(version.firmware);
  });

  it('refuses commands at once when not connected, and after close', async () => {
    const p = await printer({ model: 'A1' });
    const link = linkTo(p);
    await expect(link.pause()).rejects.toMatchObject({ code: 'not-connected' });
    await expect(link.pushall()).rejects.toMatchObject({ code: 'not-connected' });
    link.connect();
    await link.waitForState(20_000);
    await link.close();
    expect(link.status).toBe('closed');
    await expect(link.resume()).rejects.toMatchObject({ code: 'closed' });
    await expect(link.waitForState()).rejects.toMatchObject({ code: 'closed' });
  });
});
