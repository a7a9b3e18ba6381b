import { afterEach, describe, expect, it } from 'vitest';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import type { PrinterView } from '../shared/contract/farm-schemas.ts';
import type { PrintJobView, TargetPhase } from '../shared/contract/print-schemas.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../sim/virtual-printer.ts';

// The farm engine against awkward printers: an A1-style single MQTT session (a second client
// would kick the first off) and a printer that never answers `project_file` (issue 11).

let farm: FarmEngine | undefined;
const printers: VirtualPrinter[] = [];

afterEach(async () => {
  await farm?.close();
  farm = undefined;
  await Promise.all(printers.splice(0).map((p) => p.close()));
});

async function start(options: Parameters<typeof startVirtualPrinter>[0]) {
  const vp = await startVirtualPrinter({ reportIntervalMs: 150, timeScale: 300, ...options });
  printers.push(vp);
  farm = await FarmEngine.start({
    settings: createMemorySettingsStore(),
    secrets: createMemorySecretStore(),
    tuning: { reconnect: { initialMs: 100, maxMs: 500 }, commandTimeoutMs: 600 },
    print: { startTimeoutMs: 15_000 },
  });
  const view = await farm.addPrinter({
    name: 'Awkward',
    host: vp.host,
    port: vp.mqttPort,
    serial: vp.serial,
    accessCode: vp.accessCode,
    tls: { mode: 'custom-ca', caPem: vp.certificatePem },
  });
  await waitView(farm, view.id, (v) => v.state?.online === true && v.state.model !== null);
  return { vp, farm, id: view.id };
}

function waitView(f: FarmEngine, id: string, check: (v: PrinterView) => boolean, ms = 20_000) {
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

const options = {
  bedLeveling: false,
  flowCalibration: false,
  vibrationCalibration: false,
  timelapse: false,
};

describe('farm engine and awkward printers', () => {
  it('shows "not confirmed yet" for a start without reply, then printing once the state shows it', async () => {
    const { farm: f, id } = await start({
      model: 'P1S',
      quirks: ['no-project-reply'],
      projectReply: { jobDelayMs: 2500 },
    });
    const phases: TargetPhase[] = [];
    let last: PrintJobView | null = null;
    f.onEvent((e) => {
      if (e.channel !== 'print-job:changed') return;
      last = e.payload;
      const phase = e.payload.targets[0]?.phase;
      if (phase && phases.at(-1) !== phase) phases.push(phase);
    });
    await f.handlers()['printer:print-file'](id, {
      path: '/cube.gcode.3mf',
      plate: 1,
      options,
      useAms: false,
    });
    const end = Date.now() + 15_000;
    while (phases.at(-1) !== 'printing' && phases.at(-1) !== 'failed' && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(phases).toEqual(['queued', 'starting', 'unconfirmed', 'printing']);
    expect((last as PrintJobView | null)?.targets[0]?.error ?? null).toBeNull();
    const view = await waitView(f, id, (v) => v.state?.jobName === 'cube');
    expect(view.state?.gcodeState).toMatch(/PREPARE|RUNNING/);
  });

  it('holds a single MQTT session with an A1-style printer (a second one would kick the first)', async () => {
    const { vp, farm: f, id } = await start({ model: 'A1', quirks: ['single-session'] });
    const config = f.getSnapshot().printers.find((p) => p.id === id);
    expect(config).toBeDefined();
    // A connection test of the stored printer goes through the live session, not a second one.
    const report = await f.testConnection({
      id,
      host: vp.host,
      port: vp.mqttPort,
      serial: vp.serial,
      tls: { mode: 'custom-ca', caPem: vp.certificatePem },
    });
    expect(report.ok).toBe(true);
    await f.sendCommand(id, { type: 'chamber-light', mode: 'on' });
    await f.handlers()['printer:print-file'](id, {
      path: '/one.gcode.3mf',
      plate: 1,
      options,
      useAms: false,
    });
    await waitView(f, id, (v) => v.state?.jobName === 'one');
    expect(vp.sessionStats()).toEqual({ current: 1, peak: 1, kicked: 0 });
    expect(f.getSnapshot().printers.find((p) => p.id === id)?.connection.status).toBe('online');
  });

  it('the single-session quirk does kick the first client when a second one logs in', async () => {
    const { vp, farm: f, id } = await start({ model: 'A1', quirks: ['single-session'] });
    // Another program (a second Farmdeck, a slicer) logs in: the engine's session is thrown out.
    const second = await startSecondClient(vp);
    await waitView(f, id, (v) => v.connection.status !== 'online', 10_000);
    expect(vp.sessionStats().kicked).toBeGreaterThanOrEqual(1);
    await second.endAsync(true);
  });
});

async function startSecondClient(vp: VirtualPrinter) {
  const mqtt = await import('mqtt');
  const client = await mqtt.connectAsync({
    protocol: 'mqtts',
    host: vp.host,
    port: vp.mqttPort,
    username: 'bblp',
    password: vp.accessCode,
    ca: [vp.certificatePem],
    servername: vp.serial,
    reconnectPeriod: 0,
  });
  return client;
}
