import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FarmSettings, StoredPrinter } from '../../core/farm/ports.ts';
import type { PrinterInput } from '../../shared/contract/farm-schemas.ts';
import type { SimModel, VirtualPrinter } from '../../sim/virtual-printer-api.ts';
import { startVirtualPrinter } from '../../sim/virtual-printer.ts';

/**
 * A farm of virtual printers on loopback (MQTT/TLS + FTPS each), time-scaled so a one-minute plate
 * prints in a few seconds, and the settings + access codes a Farmdeck data folder needs to know them.
 * A P1S plays the captured P1P payload: four AMS trays of PLA #D357FE and a black PLA external spool.
 */
export interface SimFarm {
  readonly printers: readonly VirtualPrinter[];
  /** Printer id `vp-01`… in every data folder written: the same printer has the same id everywhere. */
  idOf(serial: string): string;
  /**
   * Writes settings.json and secrets.json (0600) for these printers (or those of `serials`) into a
   * Farmdeck data folder.
   */
  writeDataDir(dir: string, serials?: readonly string[]): Promise<void>;
  /** What `printer:add` takes to add one of them. */
  inputOf(serial: string): PrinterInput;
  /** `project_file` commands each printer received, by serial. */
  projectFiles(): Map<string, number>;
  close(): Promise<void>;
}

export interface SimFarmOptions {
  count: number;
  model?: SimModel;
  /** Default 20: a 1-minute plate prints in 3 s. */
  timeScale?: number;
  /** Default 500 ms. */
  reportIntervalMs?: number;
}

export async function startSimFarm(options: SimFarmOptions): Promise<SimFarm> {
  const printers: VirtualPrinter[] = [];
  try {
    // A few at a time: each start makes a certificate, which is CPU work on a small machine.
    for (let i = 0; i < options.count; i += 5) {
      const batch = Array.from({ length: Math.min(5, options.count - i) }, (_, k) =>
        startVirtualPrinter({
          model: options.model ?? 'P1S',
          name: `Virtual ${String(i + k + 1).padStart(2, '0')}`,
          ftps: true,
          timeScale: options.timeScale ?? 20,
          reportIntervalMs: options.reportIntervalMs ?? 500,
        }),
      );
      printers.push(...(await Promise.all(batch)));
    }
  } catch (err) {
    await Promise.allSettled(printers.map((p) => p.close()));
    throw err;
  }
  const ids = new Map(printers.map((p, i) => [p.serial, `vp-${String(i + 1).padStart(2, '0')}`]));
  const idOf = (serial: string) => {
    const id = ids.get(serial);
    if (id === undefined) throw new Error(`no virtual printer ${serial}`);
    return id;
  };
  return {
    printers,
    idOf,
    async writeDataDir(dir, serials) {
      await mkdir(dir, { recursive: true });
      const chosen = printers.filter((p) => serials?.includes(p.serial) ?? true);
      const stored: StoredPrinter[] = chosen.map((p) => ({
        id: idOf(p.serial),
        name: `Virtual ${idOf(p.serial).slice(3)}`,
        host: p.host,
        port: p.mqttPort,
        serial: p.serial,
        tls: { mode: 'custom-ca', caPem: p.certificatePem },
        ...(p.ftpsPort !== undefined ? { ftpsPort: p.ftpsPort } : {}),
      }));
      const settings: FarmSettings = { version: 1, printers: stored };
      const secrets = Object.fromEntries(chosen.map((p) => [idOf(p.serial), p.accessCode]));
      await writeFile(join(dir, 'settings.json'), JSON.stringify(settings, null, 2), {
        mode: 0o600,
      });
      await writeFile(join(dir, 'secrets.json'), JSON.stringify(secrets), { mode: 0o600 });
    },
    inputOf(serial) {
      const p = printers.find((v) => v.serial === serial);
      if (!p) throw new Error(`no virtual printer ${serial}`);
      return {
        name: `Virtual ${idOf(serial).slice(3)}`,
        host: p.host,
        port: p.mqttPort,
        serial: p.serial,
        accessCode: p.accessCode,
        tls: { mode: 'custom-ca', caPem: p.certificatePem },
        ...(p.ftpsPort !== undefined ? { ftpsPort: p.ftpsPort } : {}),
      };
    },
    projectFiles() {
      return new Map(
        printers.map((p) => [
          p.serial,
          p.received.filter(
            (m) => (m['print'] as { command?: unknown } | undefined)?.command === 'project_file',
          ).length,
        ]),
      );
    },
    async close() {
      await Promise.allSettled(printers.map((p) => p.close()));
    },
  };
}
