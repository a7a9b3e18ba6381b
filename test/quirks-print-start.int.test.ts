import { afterEach, describe, expect, it } from 'vitest';
import type { PrinterLink } from '../core/mqtt/printer-link.ts';
import { PrintStartError } from '../core/printing/print-error.ts';
import { startProjectFile, type PrintPhase } from '../core/printing/start-print.ts';
import type { ThreeMfPlate } from '../core/threemf/read-threemf.ts';
import type { VirtualPrinter } from '../sim/virtual-printer-api.ts';
import { commandsOf, createLinkRig, nextState } from './support/link-rig.ts';

// Print starts against printers that answer `project_file` late or never (sim quirks
// `late-project-reply`, `no-project-reply`): the state confirms a start, a silence is "not
// confirmed yet", never a failed print; and the payloads the printers received (issue 11).

const rig = createLinkRig();
afterEach(() => rig.cleanup());

const timeouts = (): number =>
  process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

async function ready(p: VirtualPrinter, commandTimeoutMs = 10_000): Promise<PrinterLink> {
  const link = rig.linkTo(p, { commandTimeoutMs });
  await link.waitForState(20_000);
  // The version reply also updates the state; wait for it so the model is known.
  if (link.state?.model === null) await nextState(link, (s) => s.model !== null);
  return link;
}

const lastProjectFile = (p: VirtualPrinter): Record<string, unknown> => {
  const m = commandsOf(p, 'print', 'project_file').at(-1);
  return (m?.['print'] ?? {}) as Record<string, unknown>;
};

function plate(filaments: { id: number; type: string; color: string }[]): ThreeMfPlate {
  return {
    index: 1,
    filaments: filaments.map((f) => ({ ...f, grams: 1, meters: 0.3, presetId: null })),
  } as unknown as ThreeMfPlate;
}

describe('project_file replies late or never', () => {
  it('a late reply still ends as a confirmed start', async () => {
    const p = await rig.printer({
      model: 'P1S',
      quirks: ['late-project-reply'],
      projectReply: { delayMs: 4000, jobDelayMs: 2000 },
    });
    const link = await ready(p, 500);
    const phases: string[] = [];
    const replies: number[] = [];
    link.on('message', (m) => {
      const print = m['print'] as Record<string, unknown> | undefined;
      if (print?.['command'] === 'project_file') replies.push(Date.now());
    });
    const outcome = await startProjectFile(link, '/late.gcode.3mf', 1, {
      startTimeoutMs: 10_000,
      onProgress: (ph: PrintPhase) => phases.push(ph.phase),
    });
    expect(outcome.confirmed).toBe(true);
    expect(outcome.state?.jobName).toBe('late');
    expect(outcome.state?.gcodeState).toMatch(/PREPARE|RUNNING/);
    // The reply came after the link gave up on it: "not confirmed yet", then the state confirmed.
    expect(phases).toEqual(['unconfirmed']);
    expect(replies).toEqual([]);
  });

  it('a missing reply is "not confirmed yet", then confirmed by the state', async () => {
    const p = await rig.printer({
      model: 'H2D',
      quirks: ['no-project-reply'],
      projectReply: { jobDelayMs: 2000 },
    });
    const link = await ready(p, 500);
    const phases: PrintPhase[] = [];
    const listeners = link.listenerCount('state');
    const outcome = await startProjectFile(link, '/silent.gcode.3mf', 1, {
      startTimeoutMs: 10_000,
      onProgress: (ph) => phases.push(ph),
    });
    expect(phases.map((ph) => ph.phase)).toEqual(['unconfirmed']);
    const first = phases[0];
    expect(first?.phase === 'unconfirmed' ? first.message : '').toMatch(/did not answer/);
    expect(outcome).toMatchObject({ confirmed: true, state: { jobName: 'silent' } });
    expect(link.listenerCount('state')).toBe(listeners);
  });

  it('no reply and no job within the start timeout: not confirmed, not failed', async () => {
    const p = await rig.printer({
      model: 'P1S',
      quirks: ['no-project-reply'],
      projectReply: { jobDelayMs: 5000 },
    });
    const link = await ready(p, 400);
    const listeners = link.listenerCount('state');
    const outcome = await startProjectFile(link, '/slowcard.gcode.3mf', 1, {
      startTimeoutMs: 1500,
    });
    expect(outcome.confirmed).toBe(false);
    expect(outcome.state).toBeNull();
    expect(outcome.confirmed ? '' : outcome.message).toMatch(/not confirmed yet, check its screen/);
    expect(link.listenerCount('state')).toBe(listeners);
  });

  it('a start that fails before it is sent leaves no listener or timer', async () => {
    const p = await rig.printer({ model: 'P1S' });
    const link = await ready(p);
    const listeners = link.listenerCount('state');
    const timers = timeouts();
    const sent = commandsOf(p, 'print', 'project_file').length;
    const bad = await startProjectFile(link, '/a.gcode.3mf', 1, { amsMapping: [300] }).catch(
      (e: unknown) => e,
    );
    expect(bad).toBeInstanceOf(RangeError);
    const noTray = await startProjectFile(
      link,
      '/b.gcode.3mf',
      plate([{ id: 1, type: 'PETG', color: '#00FF00' }]),
      { amsMapping: 'auto' },
    ).catch((e: unknown) => e);
    expect(noTray).toBeInstanceOf(PrintStartError);
    expect((noTray as PrintStartError).code).toBe('mapping-incomplete');
    expect((noTray as Error).message).toMatch(/filament 1 \(PETG #00FF00\)/);
    expect(link.listenerCount('state')).toBe(listeners);
    expect(timeouts()).toBeLessThanOrEqual(timers);
    expect(commandsOf(p, 'print', 'project_file').length).toBe(sent);
  });
});

describe('project_file payloads as the printers expect them', () => {
  it('external spool: -1 in ams_mapping and {255, 0} in ams_mapping2 (P1S)', async () => {
    const p = await rig.printer({ model: 'P1S' });
    const link = await ready(p);
    await startProjectFile(link, '/ext.gcode.3mf', 1, {
      amsMapping: [255, 2],
      startTimeoutMs: 10_000,
    });
    expect(lastProjectFile(p)).toMatchObject({
      url: 'ftp:///ext.gcode.3mf',
      use_ams: true,
      ams_mapping: [-1, 2],
      ams_mapping2: [
        { ams_id: 255, slot_id: 0 },
        { ams_id: 0, slot_id: 2 },
      ],
    });
    await link.stop();
  });

  it('H2D: the left nozzle external spool is {254, 0}, the right one {255, 0}, flat -1', async () => {
    const p = await rig.printer({ model: 'H2D' });
    const link = await ready(p);
    expect(link.state?.nozzles.length).toBe(2);
    await startProjectFile(link, '/jobs/dual.gcode.3mf', 1, {
      amsMapping: [254, 255, 1],
      startTimeoutMs: 10_000,
    });
    const sent = lastProjectFile(p);
    expect(sent).toMatchObject({
      url: 'ftp:///jobs/dual.gcode.3mf',
      use_ams: true,
      ams_mapping: [-1, -1, 1],
      ams_mapping2: [
        { ams_id: 254, slot_id: 0 },
        { ams_id: 255, slot_id: 0 },
        { ams_id: 0, slot_id: 1 },
      ],
    });
    expect(typeof sent['use_ams']).toBe('boolean');
  });

  it('A2L: auto mapping gives the AMS Lite local slot flat and ams_id 16 in ams_mapping2', async () => {
    const p = await rig.printer({ model: 'A2L' });
    const link = await ready(p);
    expect(link.state?.model).toBe('A2L');
    const unit = link.state?.ams[0];
    expect(unit?.id).toBe(16);
    const tray = unit?.trays.find((t) => !t.empty && t.material);
    expect(tray).toBeDefined();
    await startProjectFile(
      link,
      '/lite.gcode.3mf',
      plate([{ id: 1, type: tray?.material ?? 'PLA', color: tray?.color ?? '#FFFFFF' }]),
      { amsMapping: 'auto', startTimeoutMs: 10_000 },
    );
    expect(lastProjectFile(p)).toMatchObject({
      use_ams: true,
      ams_mapping: [tray?.slot],
      ams_mapping2: [{ ams_id: 16, slot_id: tray?.slot }],
    });
  });

  it('auto: an AMS tray of the material wins over the external spool, even of nearer colour', async () => {
    const p = await rig.printer({ model: 'P1S' });
    const link = await ready(p);
    const ext = link.state?.externalSpools.find((s) => !s.empty);
    const tray = link.state?.ams[0]?.trays.find((t) => t.material === ext?.material);
    expect(ext?.color).toBeTruthy();
    expect(tray?.color).not.toBe(ext?.color);
    await startProjectFile(
      link,
      '/pla.gcode.3mf',
      plate([{ id: 1, type: ext?.material ?? 'PLA', color: ext?.color ?? '#000000' }]),
      { amsMapping: 'auto', startTimeoutMs: 10_000 },
    );
    const sent = lastProjectFile(p);
    expect(sent['use_ams']).toBe(true);
    expect((sent['ams_mapping'] as number[])[0]).toBeGreaterThanOrEqual(0);
    expect((sent['ams_mapping2'] as { ams_id: number }[])[0]?.ams_id).toBe(0);
  });

  it('"print again" from the AMS without a mapping never sends use_ams with an empty mapping', async () => {
    const p = await rig.printer({ model: 'P1S' });
    const link = await ready(p);
    await startProjectFile(link, '/again.gcode.3mf', 1, { useAms: true, startTimeoutMs: 10_000 });
    const sent = lastProjectFile(p);
    expect(sent['use_ams']).toBe(true);
    const flat = sent['ams_mapping'] as number[];
    expect(flat.length).toBe(1);
    expect(flat[0]).toBeGreaterThanOrEqual(0);
    expect(sent['ams_mapping2']).toEqual([
      { ams_id: Math.floor(flat[0]! / 4), slot_id: flat[0]! % 4 },
    ]);
  });

  it('X1/P1/A1: a file in a subfolder is started with file:///sdcard/<path>', async () => {
    const p = await rig.printer({ model: 'A1' });
    const link = await ready(p);
    await startProjectFile(link, '/jobs/part.gcode.3mf', 1, { startTimeoutMs: 10_000 });
    expect(lastProjectFile(p)).toMatchObject({
      url: 'file:///sdcard/jobs/part.gcode.3mf',
      file: 'jobs/part.gcode.3mf',
      use_ams: false,
      ams_mapping: [],
    });
  });
});

describe('chamber light', () => {
  it('switches both strips on an H2D and only chamber_light on a P1S, flashing with Studio timings', async () => {
    const [h2d, p1s] = await Promise.all([
      rig.printer({ model: 'H2D' }),
      rig.printer({ model: 'P1S' }),
    ]);
    const [h, s] = await Promise.all([ready(h2d), ready(p1s)]);
    await h.setChamberLight('flashing');
    await s.setChamberLight('on');
    const nodes = (p: VirtualPrinter) =>
      commandsOf(p, 'system', 'ledctrl').map((m) => m['system'] as Record<string, unknown>);
    expect(nodes(h2d).map((c) => c['led_node'])).toEqual(['chamber_light', 'chamber_light2']);
    for (const c of nodes(h2d)) {
      expect(c).toMatchObject({ led_mode: 'flashing', loop_times: 1, interval_time: 1000 });
    }
    expect(nodes(p1s).map((c) => c['led_node'])).toEqual(['chamber_light']);
    expect(nodes(p1s)[0]).toMatchObject({ led_mode: 'on', loop_times: 0, interval_time: 0 });
  });
});
