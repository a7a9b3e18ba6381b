import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrinterIdentity } from '../identity.ts';
import type { VirtualPrinterFtpsOptions } from '../virtual-printer-api.ts';
import { startVirtualFtps, type VirtualFtps } from './ftps-server.ts';
import { plateInfo, type SimPlateInfo } from './plate-info.ts';

/** The FTPS side of a virtual printer: its storage card, and job parameters read from it. */
export interface FtpsService {
  readonly port: number;
  readonly storageDir: string;
  readonly server: VirtualFtps;
  /** `resolveJob` for the MQTT side: layers and minutes from the uploaded plate's G-code. */
  resolveJob(file: string, plate: number): Promise<SimPlateInfo | undefined>;
  close(): Promise<void>;
}

/**
 * Starts the printer's FTPS server with the printer's certificate and access code. The card
 * is `storageDir` when given (kept on close), else a temporary folder (removed on close).
 */
export async function startFtpsService(
  identity: PrinterIdentity,
  storageDir: string | undefined,
  opts: VirtualPrinterFtpsOptions,
): Promise<FtpsService> {
  const dir = storageDir ?? mkdtempSync(join(tmpdir(), `farmdeck-sd-${identity.serial}-`));
  const server = await startVirtualFtps({
    certificate: identity.certificate,
    accessCode: identity.accessCode,
    host: identity.host,
    storageDir: dir,
    ...opts,
  });
  return {
    port: server.port,
    storageDir: dir,
    server,
    resolveJob: (file, plate) => plateInfo(dir, file, plate),
    close: async () => {
      await server.close();
      if (storageDir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}
