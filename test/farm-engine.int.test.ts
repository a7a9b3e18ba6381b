import { afterEach, describe, expect, it } from 'vitest';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import type { PrinterPatchBatch, PrinterView } from '../shared/contract/farm-schemas.ts';
import { PrinterView as PrinterViewSchema } from '../shared/contract/farm-schemas.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../sim/virtual-printer.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function virtualPrinter(options: Parameters<typeof startVirtualPrinter>[0]) {
  const printer = await startVirtualPrinter({ reportIntervalMs: 200, timeScale: 600, ...options });
  cleanups.push(() => printer.close());
  return printer;
}

async function engine(tuning: ConstructorParameters<typeof Object>[0] = {}) {
  const settings = createMemorySettingsStore();
  const secrets = createMemorySecretStore();
  const farm = await FarmEngine.start({
    settings,
    secrets,
    tuning: { reconnect: { initialMs: 100, maxMs: 500 }, ...(tuning as object) },
  });
  cleanups.push(() => farm.close());
  const batches: PrinterPatchBatch[] = [];
  farm.onBatch((b) => batches.push(b));
  return { farm, settings, secrets, batches };
}

const lanInput = (p: VirtualPrinter, overrides: Record<string, unknown> = {}) => ({
  name: `Virtual ${p.model}`,
  host: p.host,
  port: p.mqttPort,
  serial: p.serial,
  accessCode: p.accessCode,
  tls: { mode: 'custom-ca' as const, caPem: p.certificatePem },
  ...overrides,
});

/** Resolves with the first view of `id` (from batches) that satisfies `check`. */
function waitForView(
  farm: FarmEngine,
  id: string,
  check: (v: PrinterView) => boolean,
  timeoutMs = 20_000,
): Promise<PrinterView> {
  const now = farm.getSnapshot().printers.find((p) => p.id === id);
  if (now && check(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      const last = farm.getSnapshot().printers.find((p) => p.id === id);
      reject(
        new Error(
          `view never matched; last: ${JSON.stringify(last?.connection)} ${last?.state?.status}`,
        ),
      );
    }, timeoutMs);
    const off = farm.onBatch((batch) => {
      const view = batch.printers.find((p) => p.id === id);
      if (view && check(view)) {
        clearTimeout(timer);
        off();
        resolve(view);
      }
    });
  });
}

describe('farm engine against virtual printers (real TLS)', () => {
  it('adds a printer, goes online with its state, and never exposes the access code', async () => {
    const vp = await virtualPrinter({ model: 'P1S' });
    const { farm, settings, secrets, batches } = await engine();
    const added = await farm.addPrinter(lanInput(vp));
    expect(added.hasAccessCode).toBe(true);
    const live = await waitForView(
      farm,
      added.id,
      (v) => v.connection.status === 'online' && v.state !== null,
    );
    expect(live.state?.serial).toBe(vp.serial);
    expect(live.state?.model).toBe('P1S');
    expect(live.control).toBe('allowed');
    expect(PrinterViewSchema.safeParse(live).success).toBe(true);

    const snapshot = farm.getSnapshot();
    expect(snapshot.printers.map((p) => p.id)).toEqual([added.id]);
    expect(JSON.stringify([snapshot, batches])).not.toContain(vp.accessCode);
    // sequence numbers are consecutive
    batches.forEach((b, i) => expect(b.seq).toBe((batches[0]?.seq ?? 0) + i));
    expect((await settings.load()).printers[0]?.serial).toBe(vp.serial);
    expect(JSON.stringify(await settings.load())).not.toContain(vp.accessCode);
    expect(await secrets.get(added.id)).toBe(vp.accessCode);
  });

  it('pauses and resumes a printing printer, and the virtual printer obeys', async () => {
    const vp = await virtualPrinter({ model: 'X1C' });
    vp.startJob({ file: 'bracket.gcode.3mf', minutes: 600, totalLayers: 200 });
    const { farm } = await engine();
    const { id } = await farm.addPrinter(lanInput(vp));
    await waitForView(farm, id, (v) => v.state?.status === 'printing');

    const ack = await farm.sendCommand(id, { type: 'pause' });
    expect(ack.result.toLowerCase()).toBe('success');
    expect(vp.received.some((m) => JSON.stringify(m).includes('"pause"'))).toBe(true);
    await waitForView(farm, id, (v) => v.state?.status === 'paused');

    await farm.sendCommand(id, { type: 'resume' });
    await waitForView(farm, id, (v) => v.state?.status === 'printing');
    await farm.sendCommand(id, { type: 'speed', level: 3 });
    await waitForView(farm, id, (v) => v.state?.speedLevel === 3);
  });

  it('reports a printer that refuses control with the Developer Mode message', async () => {
    const vp = await virtualPrinter({ model: 'P1S', requireSignature: true });
    vp.startJob({ file: 'cube.gcode.3mf', minutes: 300 });
    const { farm } = await engine();
    const { id } = await farm.addPrinter(lanInput(vp));
    const view = await waitForView(
      farm,
      id,
      (v) => v.state !== null && v.connection.status === 'online',
    );
    expect(view.control).toBe('refused');
    await expect(farm.sendCommand(id, { type: 'pause' })).rejects.toMatchObject({
      code: 'control-refused',
      message: expect.stringContaining('Developer Mode') as unknown,
    });
    const report = await farm.testConnection(lanInput(vp));
    expect(report.ok).toBe(true);
    expect(report.checks.find((c) => c.check === 'control')?.outcome).toBe('failed');
  });

  it('shows a rejected access code and the connection test says what to do', async () => {
    const vp = await virtualPrinter({ model: 'A1' });
    const { farm } = await engine();
    const { id } = await farm.addPrinter(lanInput(vp, { accessCode: '00000000' }));
    const view = await waitForView(farm, id, (v) => v.connection.status === 'auth-failed');
    expect(view.connection.error?.message).toContain('access code');
    expect(view.connection.error?.message).not.toContain('00000000');

    const report = await farm.testConnection(lanInput(vp, { accessCode: '00000000' }));
    expect(report.ok).toBe(false);
    expect(report.checks[0]).toMatchObject({ check: 'mqtt-login', outcome: 'failed' });

    const good = await farm.testConnection(lanInput(vp));
    expect(good.ok).toBe(true);
    expect(good.model).toBe('A1');
    expect(good.checks.map((c) => c.outcome)).toEqual([
      'passed',
      'passed',
      expect.stringMatching(/passed|skipped/),
    ]);
    // fixing the code through an edit reconnects
    await farm.updatePrinter(id, { accessCode: vp.accessCode });
    await waitForView(farm, id, (v) => v.connection.status === 'online');
  });

  it('shows a dropped printer offline and brings it back', async () => {
    const vp = await virtualPrinter({ model: 'P1S' });
    const { farm } = await engine({ silenceTimeoutMs: 1_500 });
    const { id } = await farm.addPrinter(lanInput(vp));
    await waitForView(farm, id, (v) => v.connection.status === 'online' && v.state !== null);

    vp.inject('silent');
    const offline = await waitForView(farm, id, (v) => v.connection.status === 'offline');
    expect(offline.state?.online).toBe(false);
    vp.heal();
    const back = await waitForView(
      farm,
      id,
      (v) => v.connection.status === 'online' && v.state?.online === true,
    );

    // a drop and reconnect can fit in one batch window: a new online period (later `since`) proves it
    vp.inject('drop');
    await waitForView(
      farm,
      id,
      (v) => v.connection.status === 'online' && v.connection.since > back.connection.since,
    );
  });

  it('renames without reconnecting, removes, and keeps temperature history', async () => {
    const vp = await virtualPrinter({ model: 'P1S' });
    const { farm, settings, secrets, batches } = await engine();
    const { id } = await farm.addPrinter(lanInput(vp));
    await waitForView(farm, id, (v) => v.state !== null);
    const renamed = await farm.updatePrinter(id, { name: 'Left rack' });
    expect(renamed.name).toBe('Left rack');
    expect(renamed.connection.status).toBe('online');
    expect(farm.getHistory(id).samples.length).toBeGreaterThan(0);

    await expect(farm.addPrinter(lanInput(vp))).rejects.toMatchObject({ code: 'duplicate' });
    await farm.removePrinter(id);
    await expect.poll(() => batches.some((b) => b.removed.includes(id))).toBe(true);
    expect(farm.getSnapshot().printers).toEqual([]);
    expect((await settings.load()).printers).toEqual([]);
    expect(await secrets.get(id)).toBeNull();
    await expect(farm.sendCommand(id, { type: 'pause' })).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('restores saved printers on start', async () => {
    const vp = await virtualPrinter({ model: 'A1 mini' });
    const { farm, settings, secrets } = await engine();
    const { id } = await farm.addPrinter(lanInput(vp));
    await waitForView(farm, id, (v) => v.connection.status === 'online');
    await farm.close();
    const again = await FarmEngine.start({ settings, secrets });
    cleanups.push(() => again.close());
    await waitForView(
      again,
      id,
      (v) => v.connection.status === 'online' && v.state?.model === 'A1 mini',
    );
  });
});
