import { afterEach, describe, expect, it } from 'vitest';
import { CloudMqttConnection } from '../core/cloud/cloud-mqtt.ts';
import type { PrinterState } from '../shared/printer-state.ts';
import { startVirtualCloud } from '../sim/cloud/virtual-cloud.ts';
import type { VirtualCloud } from '../sim/cloud/virtual-cloud-api.ts';
import { createLinkRig, nextState } from './support/link-rig.ts';

// Reports shaped like real printers' (sim quirks `no-msg`, `p1-deltas`): partial reports keep the
// state on the LAN link and through cloud MQTT alike (issue 11, quirks.md "MQTT reports").

const rig = createLinkRig();
let cloud: VirtualCloud | undefined;
let cloudMqtt: CloudMqttConnection | undefined;

afterEach(async () => {
  await cloudMqtt?.close();
  await cloud?.close();
  cloudMqtt = undefined;
  cloud = undefined;
  await rig.cleanup();
});

type Print = Record<string, unknown>;

/** What must survive a partial report: job, AMS, temperatures, status. */
function kept(s: PrinterState) {
  return {
    jobName: s.jobName,
    gcodeState: s.gcodeState,
    status: s.status,
    model: s.model,
    ams: s.ams.map((u) => ({ id: u.id, trays: u.trays.map((t) => [t.slot, t.material, t.color]) })),
    nozzleTargets: s.nozzles.map((n) => n.target),
    bedTarget: s.bed.target,
  };
}

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('partial reports without msg (H2 door)', () => {
  it('keep job, AMS, temperatures and status on the LAN link', async () => {
    const p = await rig.printer({ model: 'H2D', quirks: ['no-msg'] });
    const link = rig.linkTo(p);
    const prints: Print[] = [];
    link.on('message', (m) => {
      if (typeof m['print'] === 'object' && m['print'] !== null) prints.push(m['print'] as Print);
    });
    await link.waitForState(20_000);
    p.startJob({ file: 'bracket.gcode.3mf', minutes: 600 });
    const running = await nextState(link, (s) => s.jobName === 'bracket' && s.doorOpen === false);
    expect(running.ams.length).toBeGreaterThan(0);
    expect(running.nozzles.length).toBe(2);

    const from = prints.length;
    p.setDoorOpen(true);
    const open = await nextState(link, (s) => s.doorOpen === true);
    const partial = prints.slice(from).find((r) => r['stat'] !== undefined);
    expect(partial).toBeDefined();
    expect(partial?.['msg']).toBeUndefined();
    expect(partial?.['ams']).toBeUndefined();
    expect(partial?.['subtask_name']).toBeUndefined();
    expect(kept(open)).toEqual(kept(running));
    expect(open.online).toBe(true);
    // Every report of this printer came without msg, the pushall answer included.
    expect(prints.filter((r) => r['command'] === 'push_status').every((r) => !('msg' in r))).toBe(
      true,
    );
  });

  it('keep the state through cloud MQTT too (the same merge path)', async () => {
    const p = await rig.printer({ model: 'H2D', quirks: ['no-msg'] });
    cloud = await startVirtualCloud({
      accounts: [
        {
          email: 'farm@example.com',
          password: 'pw',
          uid: 1111,
          devices: [
            {
              serial: p.serial,
              accessCode: p.accessCode,
              host: p.host,
              mqttPort: p.mqttPort,
              certificatePem: p.certificatePem,
              product: 'H2D',
            },
          ],
        },
      ],
    });
    const c = new CloudMqttConnection({
      uid: 1111,
      token: cloud.issueToken('farm@example.com'),
      serials: [p.serial],
      mqttUrl: cloud.mqttUrl ?? '',
      tls: { ca: cloud.mqttCaPem ?? '' },
      reconnectMs: 300,
    });
    cloudMqtt = c;
    await c.connect();
    p.startJob({ file: 'bracket.gcode.3mf', minutes: 600 });
    const running = await c.waitForState(
      p.serial,
      (s) => s.jobName === 'bracket' && s.doorOpen === false && s.ams.length > 0,
      20_000,
    );
    p.setDoorOpen(true);
    const open = await c.waitForState(p.serial, (s) => s.doorOpen === true, 15_000);
    expect(kept(open)).toEqual(kept(running));
  });
});

describe('P1-style deltas on a full-report model (p1-deltas)', () => {
  it('keeps a complete state from deltas and takes the periodic full report', async () => {
    const p = await rig.printer({
      model: 'X1C',
      quirks: ['p1-deltas'],
      reports: { fullEveryMs: 1500 },
    });
    const link = rig.linkTo(p);
    const msgs: unknown[] = [];
    link.on('message', (m) => {
      const print = m['print'] as Print | undefined;
      if (print?.['command'] === 'push_status') msgs.push(print['msg']);
    });
    const first = await link.waitForState(20_000);
    p.startJob({ file: 'cube.gcode.3mf', minutes: 600 });
    const running = await nextState(link, (s) => s.jobName === 'cube');
    expect(running.ams.length).toBe(first.ams.length);
    // msg 0 for the pushall answer, deltas in between, and a full report again later.
    await until(() => msgs.filter((m) => m === 0).length >= 2, 'a periodic full report');
    expect(msgs).toContain(1);
    const after = link.state!;
    expect(kept(after).ams).toEqual(kept(running).ams);
    expect(after.jobName).toBe('cube');
  });
});
