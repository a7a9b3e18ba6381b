import { rmSync } from 'node:fs';
import type { FtpsConnectOptions } from '../../core/ftps/ftps-client.ts';
import { PrinterLink } from '../../core/mqtt/printer-link.ts';
import type { PrinterState } from '../../shared/printer-state.ts';
import { createPrinterCertificate } from '../../sim/certificate.ts';
import { startVirtualFtps, type VirtualFtps } from '../../sim/ftps/ftps-server.ts';
import { plateInfo } from '../../sim/ftps/plate-info.ts';
import type { SimModel, VirtualPrinter } from '../../sim/virtual-printer-api.ts';
import { startVirtualPrinter } from '../../sim/virtual-printer.ts';

/** A virtual printer with FTPS storage, and a link to it. */
export interface Rig {
  printer: VirtualPrinter;
  ftps: VirtualFtps;
  link: PrinterLink;
  ftpsOptions: FtpsConnectOptions;
  close(): Promise<void>;
}

export async function startRig(model: SimModel = 'P1S'): Promise<Rig> {
  const serial = `01P00A${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
  const accessCode = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
  const ftps = await startVirtualFtps({
    certificate: await createPrinterCertificate(serial),
    accessCode,
  });
  const printer = await startVirtualPrinter({
    model,
    serial,
    accessCode,
    reportIntervalMs: 100,
    timeScale: 20,
    storageDir: ftps.storageDir,
    resolveJob: (file, plate) => plateInfo(ftps.storageDir, file, plate),
  });
  const link = new PrinterLink({
    target: { kind: 'local', host: printer.host, port: printer.mqttPort, serial, accessCode },
    tls: { ca: printer.certificatePem },
  });
  await link.waitForState(20_000);
  const ftpsOptions: FtpsConnectOptions = {
    host: ftps.host,
    port: ftps.port,
    serial,
    accessCode,
    tls: { insecure: true },
  };
  return {
    printer,
    ftps,
    link,
    ftpsOptions,
    close: async () => {
      await link.close();
      await printer.close();
      await ftps.close();
      rmSync(ftps.storageDir, { recursive: true, force: true });
    },
  };
}

/** Waits for a state matching `pred` (the link emits one per report). */
export function waitState(
  link: PrinterLink,
  pred: (s: PrinterState) => boolean,
  ms = 20_000,
): Promise<PrinterState> {
  return new Promise((resolve, reject) => {
    const now = link.state;
    if (now && pred(now)) return resolve(now);
    const timer = setTimeout(() => {
      link.off('state', on);
      reject(new Error(`state not reached within ${ms} ms; last: ${link.state?.gcodeState}`));
    }, ms);
    const on = (s: PrinterState): void => {
      if (!pred(s)) return;
      clearTimeout(timer);
      link.off('state', on);
      resolve(s);
    };
    link.on('state', on);
  });
}
