import { afterEach, describe, expect, it } from 'vitest';
import { commandsOf, createLinkRig, nextState } from './support/link-rig.ts';

// The link over real TLS against the virtual printer: handshake, first state, deltas, full pushes.

const rig = createLinkRig();
const { printer, linkTo } = rig;

afterEach(() => rig.cleanup());

describe('PrinterLink session against the virtual printer', () => {
  it('connects, sends get_version + pushall, and normalizes the first full state (P1S)', async () => {
    const p = await printer({ model: 'P1S' });
    const link = linkTo(p);
    const statuses: string[] = [];
    link.on('status', (s) => statuses.push(s));
    link.connect();
    const state = await link.waitForState(20_000);
    expect(state).toMatchObject({ serial: p.serial, model: 'P1S', online: true, status: 'idle' });
    expect(link.status).toBe('online');
    expect(statuses.slice(0, 2)).toEqual(['connecting', 'online']);

    const [pushall] = commandsOf(p, 'pushing', 'pushall');
    const [getVersion] = commandsOf(p, 'info', 'get_version');
    const pushallBody = pushall?.['pushing'] as Record<string, unknown> | undefined;
    const versionBody = getVersion?.['info'] as Record<string, unknown> | undefined;
    expect(Object.keys(pushall ?? {})).toEqual(['pushing']);
    expect(pushallBody).toMatchObject({ command: 'pushall', version: 1, push_target: 1 });
    expect(typeof pushallBody?.['sequence_id']).toBe('string');
    expect(Object.keys(getVersion ?? {})).toEqual(['info']);
    expect(Object.keys(versionBody ?? {}).sort()).toEqual(['command', 'sequence_id']);
    expect(versionBody?.['command']).toBe('get_version');
    expect(typeof versionBody?.['sequence_id']).toBe('string');
    for (const m of [pushall, getVersion]) {
      const seq = Number((Object.values(m ?? {})[0] as { sequence_id: string }).sequence_id);
      expect(seq >= 20_000 && seq < 30_000).toBe(false);
    }
    // The get_version reply is applied to the state.
    const withFirmware = link.state?.firmware
      ? link.state
      : await nextState(link, (s) => s.firmware !== null);
    expect(withFirmware.firmware).toMatch(/^\d\d\.\d\d\.\d\d\.\d\d$/);
    expect(link.version?.model).toBe('P1S');
  });

  it('connects with insecure: true (no verification) to a full-report printer (X1C)', async () => {
    const p = await printer({ model: 'X1C' });
    const link = linkTo(p, { tls: { insecure: true } });
    link.connect();
    const state = await link.waitForState(20_000);
    expect(state).toMatchObject({ serial: p.serial, model: 'X1C', online: true });
  });

  it('merges P1S deltas into the full state: changed keys update, the rest is kept', async () => {
    const p = await printer({ model: 'P1S' });
    const link = linkTo(p);
    const deltas: unknown[] = [];
    link.on('message', (m) => {
      const print = m['print'] as { msg?: unknown } | undefined;
      if (print?.msg === 1) deltas.push(print);
    });
    link.connect();
    const first = await link.waitForState(20_000);
    expect(first.ams.length).toBeGreaterThan(0);

    p.startJob({ file: 'cube.gcode.3mf', totalLayers: 50, minutes: 60 });
    const busy = await nextState(link, (s) => s.status === 'preparing' || s.status === 'printing');
    expect(busy.jobName).toBe('cube');
    expect(deltas.length).toBeGreaterThan(0);
    // Fields no delta repeated are still there.
    expect(busy.ams).toEqual(first.ams);
    expect(busy.nozzles[0]?.diameter).toBe(first.nozzles[0]?.diameter);
    expect(busy.model).toBe('P1S');
    // Heating shows up through later deltas.
    const heating = await nextState(link, (s) => (s.nozzles[0]?.target ?? 0) > 0);
    expect(heating.jobName).toBe('cube');
  });

  it('applies full reports on every push (X1C)', async () => {
    const p = await printer({ model: 'X1C' });
    const link = linkTo(p);
    link.connect();
    await link.waitForState(20_000);
    const fulls: number[] = [];
    link.on('message', (m) => {
      const print = m['print'] as { msg?: unknown; command?: unknown } | undefined;
      if (print?.command === 'push_status') fulls.push(Number(print.msg));
    });
    p.startJob({ file: 'gear.gcode.3mf', totalLayers: 80, minutes: 30 });
    const running = await nextState(
      link,
      (s) => s.status === 'preparing' || s.status === 'printing',
    );
    expect(running).toMatchObject({ model: 'X1C', jobName: 'gear', online: true });
    expect(running.totalLayers).toBe(80);
    expect(fulls.length).toBeGreaterThan(0);
    expect(fulls.every((msg) => msg === 0)).toBe(true);
  });
});
