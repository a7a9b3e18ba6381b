import { test as base } from '@playwright/test';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { farmErrorOf } from '../core/farm/farm-errors.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import type { PrinterInput } from '../shared/contract/farm-schemas.ts';
import { startFarmHost, type FarmHost } from '../servers/host/farm-host.ts';
import { findRendererDir } from '../servers/host/renderer-dir.ts';
import {
  startVirtualPrinter,
  type VirtualPrinter,
  type VirtualPrinterOptions,
} from '../sim/virtual-printer.ts';
import { FarmPage } from './pages/farm-page.ts';

/** A farm for one test: virtual printers, an engine with in-memory settings, the host on a free port. */
export interface TestFarm {
  readonly engine: FarmEngine;
  readonly host: FarmHost;
  /** Starts a virtual printer (fast clock) without adding it to the farm. */
  startPrinter(options: VirtualPrinterOptions): Promise<VirtualPrinter>;
  /** Starts a virtual printer and adds it to the farm through the engine (not the UI). */
  addPrinter(name: string, options: VirtualPrinterOptions): Promise<VirtualPrinter>;
  /** The LAN details a person would type for a virtual printer. */
  detailsOf(vp: VirtualPrinter, name: string): PrinterInput;
}

export const test = base.extend<{ farm: TestFarm; farmPage: FarmPage }>({
  // Playwright reads the fixture's dependencies from this pattern: an empty one means none.
  // eslint-disable-next-line no-empty-pattern
  farm: async ({}, use) => {
    const printers: VirtualPrinter[] = [];
    const engine = await FarmEngine.start({
      settings: createMemorySettingsStore(),
      secrets: createMemorySecretStore(),
      tuning: { silenceTimeoutMs: 3_000, reconnect: { initialMs: 200, maxMs: 1_000 } },
      ftpsDataTimeoutMs: 2_000,
    });
    const host = await startFarmHost({
      engine,
      staticDir: findRendererDir(),
      mapError: farmErrorOf,
    });
    const detailsOf = (vp: VirtualPrinter, name: string): PrinterInput => ({
      name,
      host: vp.host,
      port: vp.mqttPort,
      serial: vp.serial,
      accessCode: vp.accessCode,
      tls: { mode: 'custom-ca', caPem: vp.certificatePem },
    });
    const startPrinter = async (options: VirtualPrinterOptions) => {
      const vp = await startVirtualPrinter({ reportIntervalMs: 300, timeScale: 120, ...options });
      printers.push(vp);
      return vp;
    };
    await use({
      engine,
      host,
      startPrinter,
      detailsOf,
      addPrinter: async (name, options) => {
        const vp = await startPrinter(options);
        await engine.addPrinter(detailsOf(vp, name));
        return vp;
      },
    });
    await host.close();
    await engine.close();
    await Promise.all(printers.map((p) => p.close()));
  },
  farmPage: async ({ page, farm }, use) => {
    const farmPage = new FarmPage(page);
    await farmPage.open(farm.host.url);
    await use(farmPage);
  },
});

export { expect } from '@playwright/test';
