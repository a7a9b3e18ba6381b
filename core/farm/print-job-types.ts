import type {
  PrintJobView,
  PrintOptions,
  PrintTargetProgress,
} from '../../shared/contract/print-schemas.ts';
import type { FtpsConnectOptions } from '../ftps/ftps-options.ts';
import type { PrintLink } from '../printing/await-job-start.ts';
import type { StagedEntry } from './print-files.ts';
import type { PlanPrinter } from './print-plan.ts';

/** One printer as print jobs reach it. */
export interface PrintPrinter extends PlanPrinter {
  readonly serial: string;
  /** The live MQTT link, null when the session has none (no access code). */
  link(): PrintLink | null;
  /**
   * FTPS details: the printer's host, its FTPS port (990 unless set), access code and TLS trust.
   * For a session with a data transfer (`data`, the default) this may wait for another session
   * still finding out whether the printer's encrypted data channel hangs (ftps-data-channel.ts);
   * `control` (delete, size) never waits.
   */
  ftps(use?: 'data' | 'control'): Promise<FtpsConnectOptions>;
}

/** What print jobs need from the farm. */
export interface PrintFarm {
  printers(): PrintPrinter[];
  /** Throws FarmFailure `not-found`. */
  printer(id: string): PrintPrinter;
}

export interface PrintJobsOptions {
  /** Uploads at once across the farm (default 3): printers upload slowly, one at a time each. */
  concurrency?: number;
  /** How long a printer may take to report a started job, ms (default 120 000). */
  startTimeoutMs?: number;
  /** After that, how long an unconfirmed start is still watched for, ms (default 600 000). */
  lateConfirmMs?: number;
  /** Longest wait before a job's progress reaches the UI, ms (default 200). */
  emitIntervalMs?: number;
  /** Jobs kept for the UI (default 50; the oldest finished go first). */
  keep?: number;
  now?: () => number;
  /** Called just before a staged file's plate is started on a printer (the history links the two). */
  onStarting?: (printerId: string, entry: StagedEntry, plate: number) => void;
}

export type Source =
  { kind: 'file'; entry: StagedEntry } | { kind: 'printer-file'; path: string; useAms: boolean };

export interface Job {
  view: PrintJobView;
  source: Source;
  options: PrintOptions;
  mappings: Map<string, readonly number[] | null>;
  aborts: Set<AbortController>;
  timer: NodeJS.Timeout | null;
  /** Stops the late watch of an unconfirmed start, per printer. */
  follows: Map<string, () => void>;
}

/** True once a printer's part of a job is over (printing, sent, failed, or not confirmed). */
export const settled = (t: PrintTargetProgress) =>
  t.phase === 'failed' || t.phase === 'printing' || t.phase === 'sent' || t.phase === 'unconfirmed';

/** A printer's progress before anything happened. */
export function idle(printerId: string): PrintTargetProgress {
  return {
    printerId,
    phase: 'queued',
    percent: null,
    bytesPerSecond: null,
    etaSeconds: null,
    error: null,
  };
}
