import type { BedState } from '../../shared/contract/printer-queue-schema.ts';
import type {
  CopyState,
  FilamentRule,
  OnFailure,
  PrinterQueueSettings,
  QueueTarget,
} from '../../shared/contract/queue-schemas.ts';
import type { PrintOptions } from '../../shared/contract/print-schemas.ts';

/**
 * What the queue needs from the farm's database: jobs and their copies, per-printer queue data
 * (bed, groups, waiver, exclusion), the pause switch, and printer leases. core/store implements it
 * on PGlite and PostgreSQL (`RecordsPort.queue`). Several Farmdeck instances may share one
 * PostgreSQL database: every method that hands out work is one transaction, safe against the others.
 * Times are ms since epoch; lease times come from the database's clock, never the caller's.
 */
export interface QueueStore {
  /** Creates a job and its `copies` copies (all `queued`) at the end of the queue. */
  addJob(job: NewQueueJob): Promise<QueueJobRow>;
  /** Every job not removed, in queue order (priority desc, position asc), with its copies. */
  listJobs(): Promise<QueueJobRow[]>;
  getJob(jobId: string): Promise<QueueJobRow | null>;
  /** Moves a job before another (null: to the end). False when a job does not exist. */
  moveJob(jobId: string, beforeJobId: string | null): Promise<boolean>;
  /** `queued` and `held` copies become `cancelled`; dispatched and printing ones are left alone. */
  cancelJob(jobId: string): Promise<QueueJobRow | null>;
  /** `failed` and `held` copies become `queued` again. */
  requeueJob(jobId: string): Promise<QueueJobRow | null>;
  /** Deletes a job when none of its copies is dispatched or printing; false otherwise. */
  removeJob(jobId: string): Promise<boolean>;
  /** Stores why a job's next copy waits (null: it does not); only writes when it changed. */
  setJobWaiting(jobId: string, waiting: string | null): Promise<void>;
  /**
   * `setJobWaiting` for many jobs in one statement (missing jobs are skipped). Reasons bump the
   * notes revision, not the content one. Returns how many jobs' reasons changed.
   */
  setJobWaitingMany(entries: readonly JobWaiting[]): Promise<number>;

  paused(): Promise<boolean>;
  setPaused(paused: boolean): Promise<void>;

  /** Queue data of every printer the database knows (a printer never seen has none: bed `unknown`). */
  printers(): Promise<QueuePrinterRow[]>;
  /** Groups and waiver of one printer (created when new). */
  setPrinterSettings(serial: string, settings: PrinterQueueSettings): Promise<QueuePrinterRow>;
  /**
   * Sets a printer's bed; with `onlyFrom`, only when the bed is in one of those states now
   * (compare-and-set). Returns the row after, or null when `onlyFrom` did not match.
   */
  setBed(
    serial: string,
    bed: BedState,
    onlyFrom?: readonly BedState[],
  ): Promise<QueuePrinterRow | null>;
  /** Stores why the dispatcher skips a printer (null: it does not); only writes when it changed. */
  setExclusion(serial: string, exclusion: string | null): Promise<void>;
  /** `setExclusion` for many printers in one statement; returns how many rows changed. */
  setExclusions(entries: readonly PrinterExclusion[]): Promise<number>;

  /**
   * Renews this instance's leases and takes free or expired ones among `serials`, each until
   * the database's now + `ttlMs`. Returns the serials this instance holds afterwards.
   */
  heartbeat(instanceId: string, serials: readonly string[], ttlMs: number): Promise<string[]>;
  /** Gives leases up (all of this instance's when `serials` is absent): on close, or a removed printer. */
  releaseLeases(instanceId: string, serials?: readonly string[]): Promise<void>;
  /** Every lease, expired or not. */
  leases(): Promise<LeaseRow[]>;

  /**
   * One transaction: when `instanceId` holds a live lease on `serial`, the printer's bed is `clear`
   * (or its check is waived), and no copy is dispatched or printing on it, takes the lowest queued
   * copy of `jobId` (`FOR UPDATE SKIP LOCKED`), marks it `dispatched` to that printer and instance
   * (attempts + 1), and sets the bed `in-use`. Returns the copy, or null when any condition failed.
   */
  claim(instanceId: string, serial: string, jobId: string): Promise<QueueCopyRow | null>;
  /**
   * Moves a copy on, only while it is in `from` and (when given) held by `instanceId`. Copies going
   * back to `queued` lose their printer and instance. Returns the row after, or null when it did not match.
   */
  updateCopy(
    copyId: string,
    from: readonly CopyState[],
    change: CopyChange,
    instanceId?: string,
  ): Promise<QueueCopyRow | null>;
  /** Copies `dispatched` or `printing` on these printers (any instance). */
  activeCopies(serials: readonly string[]): Promise<QueueCopyRow[]>;
  /** Gives a copy to another instance (the new lease holder of its printer). */
  adoptCopy(copyId: string, instanceId: string): Promise<QueueCopyRow | null>;

  /** A number that changes whenever anything above changed (any instance): cheap polling. */
  revision(): Promise<number>;
  /**
   * The two counters `revision()` adds up: `content` changes with jobs, copies, beds, settings,
   * leases and the pause; `notes` only with waiting and exclusion reasons. `jobs` changes (with
   * `content`) only when jobs or copies changed: a reader that kept the jobs of `jobs` revision R
   * may reuse them, reasons aside, while it is still R.
   */
  revisions(): Promise<QueueRevisions>;
}

export interface QueueRevisions {
  content: number;
  notes: number;
  jobs: number;
}

export interface JobWaiting {
  jobId: string;
  waiting: string | null;
}

export interface PrinterExclusion {
  serial: string;
  exclusion: string | null;
}

export interface NewQueueJob {
  libraryFileId: string;
  fileName: string;
  plate: number;
  copies: number;
  target: QueueTarget;
  filamentRule: FilamentRule;
  priority: number;
  notBefore: number | null;
  onFailure: OnFailure;
  options: PrintOptions;
}

export interface QueueJobRow extends NewQueueJob {
  id: string;
  /** Order among jobs of the same priority (smaller first). */
  position: number;
  createdAt: number;
  waiting: string | null;
  copyRows: QueueCopyRow[];
}

export interface QueueCopyRow {
  id: string;
  jobId: string;
  /** 1-based. */
  index: number;
  state: CopyState;
  printerSerial: string | null;
  instanceId: string | null;
  historyId: string | null;
  attempts: number;
  reason: string | null;
  dispatchedAt: number | null;
  startedAt: number | null;
  endedAt: number | null;
  updatedAt: number;
}

export interface CopyChange {
  state: CopyState;
  reason?: string | null;
  historyId?: string | null;
  startedAt?: number | null;
  endedAt?: number | null;
}

export interface QueuePrinterRow {
  serial: string;
  bed: BedState;
  bedChangedAt: number | null;
  waiveBedCheck: boolean;
  tags: string[];
  exclusion: string | null;
}

export interface LeaseRow {
  serial: string;
  instanceId: string;
  expiresAt: number;
  /** True when `expiresAt` is still ahead of the database's clock. */
  live: boolean;
}
