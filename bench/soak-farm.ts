/**
 * The virtual farm of the soak bench: N printers signed by one farm CA, some with cameras, some with
 * an empty storage card (print starts fail there), and the sim's fault switches plus restarts. Runs
 * in the test process (short soak test) or in a child process driven over IPC (bench/soak.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimCa, type SimCertificate } from '../sim/certificate.ts';
import type {
  FaultKind,
  SimModel,
  VirtualPrinter,
  VirtualPrinterOptions,
} from '../sim/virtual-printer-api.ts';
import { startVirtualPrinter } from '../sim/virtual-printer.ts';

/** One printer as the engine needs it. */
export interface SoakPrinter {
  index: number;
  name: string;
  serial: string;
  accessCode: string;
  host: string;
  port: number;
  cameraPort: number | null;
  /** Print starts fail on this printer (empty card: the file is missing). */
  emptyCard: boolean;
}

/** What the soak can do to the farm. */
export interface SoakFarmControl {
  readonly caPem: string;
  readonly printers: readonly SoakPrinter[];
  fault(index: number, kind: FaultKind): Promise<void>;
  heal(index: number): Promise<void>;
  /** Stops the printer and starts it again on the same port (a power cycle). */
  restart(index: number): Promise<void>;
  close(): Promise<void>;
}

export interface SoakFarmOptions {
  count: number;
  /** Every n-th printer has a camera (default 10); every camera printer n*5 is an X1C (RTSP). */
  cameraEvery?: number;
  /** Every n-th printer has an empty card (default 10). */
  emptyCardEvery?: number;
  /** Report interval, ms (default 1000). */
  reportIntervalMs?: number;
}

/** Starts the farm in this process. */
export async function startSoakFarm(options: SoakFarmOptions): Promise<SoakFarmControl> {
  const ca = await createSimCa();
  const cameraEvery = options.cameraEvery ?? 10;
  const emptyCardEvery = options.emptyCardEvery ?? 10;
  const card = mkdtempSync(join(tmpdir(), 'farmdeck-soak-card-'));
  const specs: VirtualPrinterOptions[] = [];
  for (let i = 0; i < options.count; i += 1) {
    const camera = i % cameraEvery === 1;
    const model: SimModel = camera && i % (cameraEvery * 5) === 1 ? 'X1C' : 'P1S';
    specs.push({
      model,
      reportIntervalMs: options.reportIntervalMs ?? 1000,
      idleReportIntervalMs: options.reportIntervalMs ?? 1000,
      issuer: ca,
      ...(camera ? { camera: { fps: model === 'X1C' ? 5 : 2 } } : {}),
      ...(i % emptyCardEvery === 2 ? { storageDir: card } : {}),
    });
  }
  const running: VirtualPrinter[] = [];
  for (let i = 0; i < specs.length; i += 20) {
    running.push(...(await Promise.all(specs.slice(i, i + 20).map((s) => startVirtualPrinter(s)))));
  }
  const printers: SoakPrinter[] = running.map((p, index) => ({
    index,
    name: `Soak ${String(index + 1).padStart(3, '0')}`,
    serial: p.serial,
    accessCode: p.accessCode,
    host: p.host,
    port: p.mqttPort,
    cameraPort: p.cameraPort,
    emptyCard: specs[index]?.storageDir !== undefined,
  }));
  return new LocalSoakFarm(ca, specs, running, printers, card);
}

class LocalSoakFarm implements SoakFarmControl {
  readonly caPem: string;

  constructor(
    ca: SimCertificate,
    private readonly specs: VirtualPrinterOptions[],
    private readonly running: VirtualPrinter[],
    readonly printers: SoakPrinter[],
    private readonly card: string,
  ) {
    this.caPem = ca.cert;
  }

  fault(index: number, kind: FaultKind): Promise<void> {
    this.running[index]?.inject(kind);
    return Promise.resolve();
  }

  heal(index: number): Promise<void> {
    this.running[index]?.heal();
    return Promise.resolve();
  }

  async restart(index: number): Promise<void> {
    const old = this.running[index];
    const spec = this.specs[index];
    if (!old || !spec) return;
    await old.close();
    const camera =
      spec.camera && old.cameraPort !== null
        ? {
            camera: {
              ...(typeof spec.camera === 'object' ? spec.camera : {}),
              port: old.cameraPort,
            },
          }
        : {};
    this.running[index] = await startVirtualPrinter({
      ...spec,
      ...camera,
      serial: old.serial,
      accessCode: old.accessCode,
      mqttPort: old.mqttPort,
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.running.map((p) => p.close()));
    rmSync(this.card, { recursive: true, force: true });
  }
}

/** What the parent asks of the farm served over IPC. */
export type SoakFarmAsk =
  { op: 'fault'; index: number; kind: FaultKind } | { op: 'heal' | 'restart'; index: number };

/** Parent → child request; the child answers `{ id }` when done. */
export type SoakFarmRequest = SoakFarmAsk & { id: number };

/** Serves `startSoakFarm(options)` to the parent process over IPC (bench/soak.ts). */
export async function serveSoakFarm(options: SoakFarmOptions): Promise<void> {
  const farm = await startSoakFarm(options);
  process.on('message', (req: SoakFarmRequest) => {
    const done = (): void => void process.send?.({ id: req.id });
    const run =
      req.op === 'fault'
        ? farm.fault(req.index, req.kind)
        : req.op === 'heal'
          ? farm.heal(req.index)
          : farm.restart(req.index);
    run.then(done, done);
  });
  process.on('disconnect', () => void farm.close().then(() => process.exit(0)));
  process.send?.({ caPem: farm.caPem, printers: farm.printers });
}
