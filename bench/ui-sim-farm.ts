/**
 * The virtual farm of the UI benchmark, run in a child process (its CPU is not the engine's): N virtual
 * printers reporting about once a second, each printing a long job. On request it stamps a printer with a
 * distinctive HMS code (the printer pushes a report at once) and answers with the time it did.
 */
import type { SimModel, VirtualPrinter } from '../sim/virtual-printer-api.ts';
import { createSimCa } from '../sim/certificate.ts';
import { startVirtualPrinter } from '../sim/virtual-printer.ts';

/** One virtual printer as the engine needs it. */
export interface BenchPrinter {
  name: string;
  model: SimModel;
  serial: string;
  accessCode: string;
  host: string;
  port: number;
  /** PEM the engine trusts for this printer: the farm CA, or the printer's own certificate. */
  certificatePem: string;
}

/** Parent -> child: stamp `serial` with HMS `code`. */
export interface StampRequest {
  type: 'stamp';
  serial: string;
  code: string;
}

/** Child -> parent: the report carrying `code` left at `sentAt` (ms since epoch, sub-ms precision). */
export interface StampSent {
  type: 'stamped';
  code: string;
  sentAt: number;
}

const MODELS: readonly SimModel[] = ['P1S', 'P1S', 'X1C', 'P1P'];

/** Wall-clock time with sub-millisecond precision, comparable across processes on one machine. */
export const preciseNow = (): number => performance.timeOrigin + performance.now();

/**
 * Starts the printers (20 at a time), starts a job on each, then serves stamp requests over IPC.
 * With `ownCertificates` every printer presents a self-signed certificate (one CA per printer for the
 * engine); by default one farm CA signs them all, as Bambu's printer CA does for a real farm.
 */
export async function serveFarm(count: number, ownCertificates = false): Promise<void> {
  const issuer = ownCertificates ? undefined : await createSimCa();
  const printers: VirtualPrinter[] = [];
  for (let i = 0; i < count; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, count - i) }, (_, k) =>
        startVirtualPrinter({
          model: MODELS[(i + k) % MODELS.length] ?? 'P1S',
          reportIntervalMs: 1000,
          idleReportIntervalMs: 1000,
          ...(issuer ? { issuer } : {}),
        }),
      ),
    );
    printers.push(...batch);
  }
  for (const [i, p] of printers.entries()) {
    p.startJob({ file: `part-${i + 1}.gcode.3mf`, minutes: 600 + i, totalLayers: 400 });
  }
  const bySerial = new Map(printers.map((p) => [p.serial, p]));
  process.on('message', (raw: StampRequest) => {
    const printer = bySerial.get(raw.serial);
    if (raw.type !== 'stamp' || !printer) return;
    const sentAt = preciseNow();
    printer.setHms([{ code: raw.code }]);
    process.send?.({ type: 'stamped', code: raw.code, sentAt } satisfies StampSent);
  });
  process.on('disconnect', () => {
    void Promise.all(printers.map((p) => p.close())).then(() => process.exit(0));
  });
  const list: BenchPrinter[] = printers.map((p, i) => ({
    name: `Bench ${String(i + 1).padStart(3, '0')}`,
    model: p.model,
    serial: p.serial,
    accessCode: p.accessCode,
    host: p.host,
    port: p.mqttPort,
    certificatePem: issuer?.cert ?? p.certificatePem,
  }));
  process.send?.(list);
}
