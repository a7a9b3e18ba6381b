import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { farmErrorOf } from '../core/farm/farm-errors.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import { recordsStore } from '../core/store/index.ts';
import { startFarmHost, type FarmHost } from '../servers/host/farm-host.ts';
import { findRendererDir } from '../servers/host/renderer-dir.ts';
import {
  startVirtualPrinter,
  type VirtualPrinter,
  type VirtualPrinterOptions,
} from '../sim/virtual-printer.ts';
import { FarmPage } from './pages/farm-page.ts';
import { RecordsPage } from './pages/records-page.ts';

/** A farm with a history: the embedded database in a temporary data folder, virtual printers, the host. */
export interface RecordsFarm {
  readonly engine: FarmEngine;
  readonly host: FarmHost;
  /** Starts a virtual printer (fast clock) with FTPS storage and adds it to the farm; returns it and its id. */
  addPrinter(
    name: string,
    options: VirtualPrinterOptions,
  ): Promise<{ vp: VirtualPrinter; id: string }>;
}

export const test = base.extend<{ recordsFarm: RecordsFarm; records: RecordsPage }>({
  // eslint-disable-next-line no-empty-pattern
  recordsFarm: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'farmdeck-e2e-records-'));
    const printers: VirtualPrinter[] = [];
    const engine = await FarmEngine.start({
      settings: createMemorySettingsStore(),
      secrets: createMemorySecretStore(),
      records: recordsStore({ dataDir }),
      tuning: { silenceTimeoutMs: 3_000, reconnect: { initialMs: 200, maxMs: 1_000 } },
    });
    const host = await startFarmHost({
      engine,
      staticDir: findRendererDir(),
      mapError: farmErrorOf,
    });
    await use({
      engine,
      host,
      addPrinter: async (name, options) => {
        const vp = await startVirtualPrinter({ reportIntervalMs: 300, timeScale: 120, ...options });
        printers.push(vp);
        const view = await engine.addPrinter({
          name,
          host: vp.host,
          port: vp.mqttPort,
          serial: vp.serial,
          accessCode: vp.accessCode,
          tls: { mode: 'custom-ca', caPem: vp.certificatePem },
          ...(vp.ftpsPort !== undefined ? { ftpsPort: vp.ftpsPort } : {}),
        });
        return { vp, id: view.id };
      },
    });
    await host.close();
    await engine.close();
    await Promise.all(printers.map((p) => p.close()));
    rmSync(dataDir, { recursive: true, force: true });
  },
  records: async ({ page, recordsFarm }, use) => {
    await new FarmPage(page).open(recordsFarm.host.url);
    await use(new RecordsPage(page));
  },
});

export { expect } from '@playwright/test';
