/**
 * A farm engine with an embedded (PGlite) farm database, its job queue on short timings, and
 * virtual P1S printers over real sockets (MQTT/TLS, FTPS), for the queue's integration tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FarmEngine } from '../../core/farm/farm-engine.ts';
import {
  createMemorySecretStore,
  createMemorySettingsStore,
} from '../../core/farm/memory-stores.ts';
import { recordsStore, type SqlRecords } from '../../core/store/records-store.ts';
import type { PrinterView } from '../../shared/contract/farm-schemas.ts';
import type { QueueJobInput, QueueView } from '../../shared/contract/queue-schemas.ts';
import type { HistoryRecord } from '../../shared/contract/records-schemas.ts';
import {
  startVirtualPrinter,
  type VirtualPrinter,
  type VirtualPrinterOptions,
} from '../../sim/virtual-printer.ts';

/** A real P1S file (1 plate, PLA), Bambu Studio 2.07: see test/fixtures-3mf/SOURCES.md. */
export const P1S_FILE = join(
  import.meta.dirname,
  '..',
  'fixtures-3mf',
  'bambustudio-2.07-p1s-two-objects.gcode.3mf',
);

export const NO_CALIBRATION = {
  bedLeveling: false,
  flowCalibration: false,
  vibrationCalibration: false,
  timelapse: false,
};

export interface QueueRig {
  farm: FarmEngine;
  /** The engine's database (tests act as another instance through it). */
  records: SqlRecords;
  printers: VirtualPrinter[];
  /** Engine printer id of each virtual printer (same order). */
  ids: string[];
  /** Latest view of each printer by id (from the engine's batches). */
  views: Map<string, PrinterView>;
  history: Map<string, HistoryRecord>;
  /** Every `queue:changed` revision seen. */
  revisions: number[];
  queue(): Promise<QueueView>;
  /** Stages the P1S file as a drop does (the library keeps it) and queues `copies` copies. */
  addCopies(copies: number, input?: Partial<Omit<QueueJobInput, 'file'>>): Promise<string>;
  close(): Promise<void>;
}

export async function startQueueRig(
  count: number,
  printerOptions: (i: number) => Partial<VirtualPrinterOptions> = () => ({}),
  startTimeoutMs = 30_000,
): Promise<QueueRig> {
  const dir = mkdtempSync(join(tmpdir(), 'farmdeck-queue-'));
  const printers: VirtualPrinter[] = [];
  let farm: FarmEngine | null = null;
  const close = async () => {
    await farm?.close();
    await Promise.all(printers.map((p) => p.close()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < count; i += 1) {
      printers.push(
        await startVirtualPrinter({
          model: 'P1S',
          ftps: true,
          reportIntervalMs: 150,
          timeScale: 60,
          // About 2 s of printing per copy whatever the file predicts.
          resolveJob: () => ({ totalLayers: 20, minutes: 2 }),
          ...printerOptions(i),
        }),
      );
    }
    const records = recordsStore({ dataDir: join(dir, 'data') });
    farm = await FarmEngine.start({
      settings: createMemorySettingsStore(),
      secrets: createMemorySecretStore(),
      records,
      tuning: { reconnect: { initialMs: 100, maxMs: 500 } },
      print: { startTimeoutMs },
      batchIntervalMs: 50,
      queue: { tickMs: 200, heartbeatMs: 300, leaseTtlMs: 3_000, adoptGraceMs: 5_000 },
    });
    const engine = farm;
    const views = new Map<string, PrinterView>();
    const history = new Map<string, HistoryRecord>();
    const revisions: number[] = [];
    engine.onBatch((b) => {
      for (const v of b.printers) views.set(v.id, v);
    });
    engine.onEvent((e) => {
      if (e.channel === 'history:changed') history.set(e.payload.id, e.payload);
      if (e.channel === 'queue:changed') revisions.push(e.payload.revision);
    });
    const ids: string[] = [];
    for (const [i, vp] of printers.entries()) {
      const view = await engine.addPrinter({
        name: `Rack ${i + 1}`,
        host: vp.host,
        port: vp.mqttPort,
        serial: vp.serial,
        accessCode: vp.accessCode,
        tls: { mode: 'custom-ca', caPem: vp.certificatePem },
        ...(vp.ftpsPort !== undefined ? { ftpsPort: vp.ftpsPort } : {}),
      });
      ids.push(view.id);
    }
    const h = engine.handlers();
    let stagedId: string | null = null;
    return {
      farm: engine,
      records,
      printers,
      ids,
      views,
      history,
      revisions,
      queue: () => h['queue:get'](),
      addCopies: async (copies, input = {}) => {
        stagedId ??= (await engine.print.stageFile(P1S_FILE, 'box.gcode.3mf', false)).fileId;
        const job = await h['queue:add']({
          file: { from: 'staged', stagedFileId: stagedId },
          plate: 1,
          copies,
          target: { kind: 'any' },
          filamentRule: 'same-material',
          priority: 0,
          notBefore: null,
          onFailure: 'requeue',
          options: NO_CALIBRATION,
          ...input,
        });
        return job.jobId;
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Polls `probe` until it returns a value (not undefined). */
export async function until<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 60_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} never held`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `project_file` commands a virtual printer received. */
export function projectFiles(vp: VirtualPrinter): number {
  return vp.received.filter((m) => {
    const print = m['print'] as Record<string, unknown> | undefined;
    return print?.['command'] === 'project_file';
  }).length;
}
