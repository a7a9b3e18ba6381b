// Quitting the desktop app releases a virtual A1's single MQTT session at once, even when part of the
// engine hangs. Electron is the STAND-IN of test/support/electron-stand-in.ts (from Electron's docs).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DesktopOptions } from '../electron/main/app/startup.ts';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import type { FarmSettings } from '../core/farm/ports.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../sim/virtual-printer.ts';
import { createElectronStandIn } from './support/electron-stand-in.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
  vi.doUnmock('electron');
});

const TUNING = { reconnect: { initialMs: 100, maxMs: 300 } };

function farmOf(a1: VirtualPrinter): { settings: FarmSettings; secrets: Record<string, string> } {
  return {
    settings: {
      version: 1,
      printers: [
        {
          id: 'p-a1',
          name: 'Desk A1',
          host: a1.host,
          port: a1.mqttPort,
          serial: a1.serial,
          tls: { mode: 'custom-ca', caPem: a1.certificatePem },
        },
      ],
    },
    secrets: { 'p-a1': a1.accessCode },
  };
}

async function isOnline(engine: { getSnapshot: FarmEngine['getSnapshot'] }) {
  await vi.waitFor(
    () => expect(engine.getSnapshot().printers[0]?.connection.status).toBe('online'),
    { timeout: 15_000, interval: 50 },
  );
}

/** The desktop app (real adapters on the stand-in, real engine) on a farm holding the A1. */
async function desktopOn(a1: VirtualPrinter, options: Partial<DesktopOptions> = {}) {
  const userData = await mkdtemp(join(tmpdir(), 'farmdeck-quit-'));
  cleanups.push(() => rm(userData, { recursive: true, force: true }));
  const standIn = createElectronStandIn(userData);
  vi.resetModules();
  vi.doMock('electron', () => standIn.electron);
  const { electronPlatform } = await import('../electron/main/electron-platform.ts');
  const { runDesktopApp } = await import('../electron/main/app/startup.ts');
  const farm = farmOf(a1);
  const warnings: string[] = [];
  const app = runDesktopApp(electronPlatform('/nonexistent/preload.cjs', '/nonexistent/renderer'), {
    stores: () => ({
      settings: createMemorySettingsStore(farm.settings),
      secrets: createMemorySecretStore(farm.secrets),
    }),
    startEngine: (o) => FarmEngine.start({ ...o, tuning: TUNING }),
    logger: { info: () => {}, warn: (m) => warnings.push(m) },
    ...options,
  });
  standIn.control.emitReady();
  const started = await app.ready;
  if (!started.ok) throw new Error(started.reason);
  return { standIn, engine: started.engine, warnings };
}

/** A plain engine, as a restarted app would start it, on the same A1. */
async function restartedEngine(a1: VirtualPrinter) {
  const farm = farmOf(a1);
  const engine = await FarmEngine.start({
    settings: createMemorySettingsStore(farm.settings),
    secrets: createMemorySecretStore(farm.secrets),
    tuning: TUNING,
  });
  cleanups.push(() => engine.close());
  return engine;
}

describe('desktop quit with a virtual A1 (one MQTT session)', () => {
  it('closes the session so a restarted app gets it back at once', async () => {
    const a1 = await startVirtualPrinter({ model: 'A1', reportIntervalMs: 100 });
    cleanups.push(() => a1.close());
    const { standIn, engine } = await desktopOn(a1);
    await isOnline(engine);

    standIn.electron.app.quit();
    await standIn.control.quit;
    expect(standIn.control.trays[0]?.destroyed).toBe(true);

    const again = await restartedEngine(a1);
    await isOnline(again);
    // The first attempt got in: no refusal on the way.
    expect(again.getSnapshot().printers[0]?.connection.error).toBeNull();
  });

  it('a slow engine part cannot hold the quit or the session', async () => {
    const a1 = await startVirtualPrinter({ model: 'A1', reportIntervalMs: 100 });
    cleanups.push(() => a1.close());
    const { standIn, engine, warnings } = await desktopOn(a1, {
      quitTimeoutMs: 1_500,
      startEngine: async (o) => {
        const started = await FarmEngine.start({ ...o, tuning: TUNING });
        // An upload that never finishes closing (stalled FTPS): its close never settles.
        started.print.close = () => new Promise<void>(() => {});
        return started;
      },
    });
    await isOnline(engine);

    standIn.electron.app.quit();
    await standIn.control.quit;
    expect(warnings.some((w) => w.includes('did not close within 1.5 s'))).toBe(true);

    const again = await restartedEngine(a1);
    await isOnline(again);
  });
});
