import type { PrintJobView } from '../../shared/contract/print-schemas.ts';
import type { PrintService } from './print-service.ts';
import type { QueueCopyRow, QueueJobRow } from './queue-port.ts';
import type { RecordsService } from './records-service.ts';

/** A claimed copy on its way to a printer: upload, `project_file`, confirmation by state. */
export interface Flight {
  copyId: string;
  jobId: string;
  serial: string;
  printerId: string;
  printerName: string;
  printJobId: string | null;
  /** `project_file` may have reached the printer (the start began): the bed is no longer known clear. */
  reachedStart: boolean;
  /** The start timed out unconfirmed; the late watch may still see it. */
  unconfirmed: boolean;
}

export type FlightOutcome =
  | { kind: 'printing' }
  | { kind: 'unconfirmed' }
  | { kind: 'failed'; reason: string; reachedStart: boolean };

export interface DispatchDeps {
  print: PrintService;
  records: RecordsService;
  /** Called once per phase change that matters; must not throw. */
  onOutcome(flight: Flight, outcome: FlightOutcome): void;
}

/**
 * Sends claimed copies exactly as a person's print: the library file is staged once (kept while
 * staged), then `PrintService.start` uploads it, sends `project_file` and confirms by state.
 */
export class QueueDispatch {
  private readonly staged = new Map<string, string>();
  private readonly flights = new Map<string, Flight>();
  private readonly byPrintJob = new Map<string, Flight>();

  constructor(private readonly deps: DispatchDeps) {}

  /** The copy's flight when this instance is sending it now. */
  flight(copyId: string): Flight | undefined {
    return this.flights.get(copyId);
  }

  /** Starts the copy on the printer; never throws (a failure comes back through `onOutcome`). */
  async send(
    copy: QueueCopyRow,
    job: QueueJobRow,
    printer: { id: string; name: string; serial: string },
    amsMapping: readonly number[] | null,
  ): Promise<void> {
    const flight: Flight = {
      copyId: copy.id,
      jobId: job.id,
      serial: printer.serial,
      printerId: printer.id,
      printerName: printer.name,
      printJobId: null,
      reachedStart: false,
      unconfirmed: false,
    };
    this.flights.set(copy.id, flight);
    try {
      const fileId = await this.stage(job);
      const view = this.deps.print.start({
        fileId,
        plate: job.plate,
        targets: [{ printerId: printer.id, amsMapping: amsMapping ? [...amsMapping] : null }],
        options: job.options,
        sendOnly: false,
      });
      flight.printJobId = view.jobId;
      this.byPrintJob.set(view.jobId, flight);
      this.onJob(view);
    } catch (err) {
      this.end(flight, {
        kind: 'failed',
        reason: `could not send to ${printer.name}: ${(err as Error).message}`,
        reachedStart: false,
      });
    }
  }

  /** Progress of a print job (PrintService.onJob); jobs that are not the queue's are ignored. */
  onJob(view: PrintJobView): void {
    const flight = this.byPrintJob.get(view.jobId);
    const target = view.targets[0];
    if (!flight || !target) return;
    switch (target.phase) {
      case 'starting':
        flight.reachedStart = true;
        return;
      case 'printing':
      case 'sent':
        this.end(flight, { kind: 'printing' });
        return;
      case 'failed':
        this.end(flight, {
          kind: 'failed',
          reason: `failed on ${flight.printerName}: ${target.error?.message ?? 'no reason given'}`,
          reachedStart: flight.reachedStart,
        });
        return;
      case 'unconfirmed':
        if (flight.unconfirmed) return;
        flight.reachedStart = true;
        flight.unconfirmed = true;
        this.deps.onOutcome(flight, { kind: 'unconfirmed' });
        return;
      case 'queued':
      case 'uploading':
        return;
    }
  }

  /** Forgets a copy's flight (the copy moved on by the printer's state). */
  forget(copyId: string): void {
    const flight = this.flights.get(copyId);
    if (!flight) return;
    this.flights.delete(copyId);
    if (flight.printJobId) this.byPrintJob.delete(flight.printJobId);
  }

  close(): void {
    this.flights.clear();
    this.byPrintJob.clear();
  }

  private end(flight: Flight, outcome: FlightOutcome): void {
    if (this.flights.get(flight.copyId) !== flight) return;
    this.forget(flight.copyId);
    this.deps.onOutcome(flight, outcome);
  }

  private async stage(job: QueueJobRow): Promise<string> {
    const cached = this.staged.get(job.libraryFileId);
    if (cached !== undefined && this.deps.print.isStaged(cached)) return cached;
    const path = await this.deps.records.use((p) => p.library.pathOf(job.libraryFileId));
    if (path === null) {
      throw new Error('the file is no longer in the library: add it again');
    }
    const staged = await this.deps.print.stageFile(path, job.fileName, false);
    this.staged.set(job.libraryFileId, staged.fileId);
    return staged.fileId;
  }
}
