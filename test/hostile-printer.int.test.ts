import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import type { PrinterView } from '../shared/contract/farm-schemas.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../sim/virtual-printer.ts';
import { createLinkRig, nextEvent, nextState } from './support/link-rig.ts';

// A hostile or broken printer over real TLS: a 200 MB report is skipped as it streams (never
// buffered), dropped reports are counted by reason, and an offline printer says why.

const rig = createLinkRig();
afterEach(() => rig.cleanup());

/** Bytes the process holds in the JS heap and in buffers. */
const held = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

describe('a printer sending a 200 MB report', () => {
  it('is skipped before buffering: memory stays flat, the link stays online', async () => {
    const p = await rig.printer({ model: 'P1S' });
    const link = rig.linkTo(p);
    link.connect();
    await link.waitForState(20_000);

    const baseline = held();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, held())), 20);
    const problem = nextEvent(link, 'problem', (e) => e.code === 'oversized-message');
    p.inject('flood');
    const [error] = await problem;
    await expect
      .poll(() => link.guardStats.skippedBytes, { timeout: 60_000, interval: 100 })
      .toBeGreaterThanOrEqual(200 * 1024 * 1024);
    clearInterval(sampler);

    expect(error.message).toMatch(/over the 2097152-byte limit/);
    expect(link.reportDrops.oversized).toBe(1);
    // The MQTT parser never saw a packet past the cap (2 MiB + room for the topic).
    expect(link.guardStats.largestForwarded).toBeLessThanOrEqual(2 * 1024 * 1024 + 1024 + 5);
    // Generous: without the guard mqtt.js holds the whole 200 MB packet.
    expect(peak - baseline).toBeLessThan(64 * 1024 * 1024);

    p.startJob({ file: 'after.gcode.3mf', minutes: 30 });
    const applied = await nextState(link, (s) => s.jobName === 'after');
    expect(applied.online).toBe(true);
    expect(link.status).toBe('online');
  }, 90_000);
});

describe('the farm says why', () => {
  const printers: VirtualPrinter[] = [];
  let farm: FarmEngine | undefined;
  afterAll(async () => {
    await farm?.close();
    await Promise.all(printers.map((p) => p.close()));
  });

  function waitView(id: string, check: (v: PrinterView) => boolean, ms = 20_000) {
    return expect
      .poll(() => farm?.getSnapshot().printers.find((v) => v.id === id), { timeout: ms })
      .toSatisfy((v: PrinterView | undefined) => v !== undefined && check(v));
  }

  it('counts dropped reports by reason and names the reason a printer is offline', async () => {
    const p = await startVirtualPrinter({ model: 'A1', reportIntervalMs: 100 });
    printers.push(p);
    farm = await FarmEngine.start({
      settings: createMemorySettingsStore(),
      secrets: createMemorySecretStore(),
      tuning: { silenceTimeoutMs: 1500, reconnect: { initialMs: 100, maxMs: 300 } },
    });
    const view = await farm.addPrinter({
      name: 'Hostile A1',
      host: p.host,
      port: p.mqttPort,
      serial: p.serial,
      accessCode: p.accessCode,
      tls: { mode: 'custom-ca', caPem: p.certificatePem },
    });
    // Online comes at CONNACK; the first state means the report topic is subscribed too.
    await waitView(view.id, (v) => v.connection.status === 'online' && v.state !== null);
    expect(farm.getSnapshot().printers[0]?.reportDrops).toBeUndefined();

    p.inject('malformed');
    p.inject('malformed');
    p.inject('oversized');
    await waitView(view.id, (v) => v.reportDrops?.malformed === 2 && v.reportDrops.oversized === 1);

    p.inject('silent');
    await waitView(
      view.id,
      (v) =>
        v.connection.status === 'offline' &&
        v.connection.reason === 'silent' &&
        /sent nothing for 1\.5 s/.test(v.connection.error?.message ?? ''),
    );
    p.heal();
    await waitView(view.id, (v) => v.connection.status === 'online' && !v.connection.reason);

    p.inject('drop');
    await p.close();
    await waitView(
      view.id,
      (v) => v.connection.status === 'offline' && v.connection.reason === 'network',
    );
  }, 60_000);
});
