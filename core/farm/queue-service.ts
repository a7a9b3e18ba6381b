import { randomUUID } from 'node:crypto';
import type { RequestHandlers } from '../../shared/contract/contract.ts';
import type { PrinterView } from '../../shared/contract/farm-schemas.ts';
import type {
  BedState,
  PrinterQueueInfo,
  QueueController,
} from '../../shared/contract/printer-queue-schema.ts';
import type {
  CopyState,
  QueueChanged,
  QueueJobInput,
  QueueJobView,
  QueueRequestValues,
  QueueView,
} from '../../shared/contract/queue-schemas.ts';
import type {
  HistoryRecord,
  LibraryChange,
  LibraryFileDetail,
} from '../../shared/contract/records-schemas.ts';
import { FarmFailure } from '../../shared/contract/result.ts';
import { isBusy } from '../printing/await-job-start.ts';
import type { FarmLogger } from './ports.ts';
import type { PrintService } from './print-service.ts';
import type { QueueAttention } from './queue-attention.ts';
import { isBusyNow, type QueuePrinter } from './queue-copies.ts';
import { QueueDispatch, type Flight, type FlightOutcome } from './queue-dispatch.ts';
import { KeptJobs } from './queue-kept-jobs.ts';
import { QueueLeases } from './queue-leases.ts';
import type {
  JobWaiting,
  PrinterExclusion,
  QueueJobRow,
  QueuePrinterRow,
  QueueStore,
} from './queue-port.ts';
import { planQueue } from './queue-plan.ts';
import { CopyTracker } from './queue-tracker.ts';
import { jobView, printerQueueInfo, queueView, sameInfo, unavailableView } from './queue-views.ts';
import type { RecordsService } from './records-service.ts';

export type { QueuePrinter } from './queue-copies.ts';

/** Timings of the queue (tests shorten them). */
export interface QueueOptions {
  /** This engine's id in the shared database (default: a new UUID per start). */
  instanceId?: string;
  /** How long a printer lease lasts without a heartbeat, ms (default 15 000). */
  leaseTtlMs?: number;
  heartbeatMs?: number;
  /** Dispatcher pass period, ms (default 2 000); events wake it sooner. */
  tickMs?: number;
  /** A dispatched copy whose printer stays free this long without a sender goes back, ms (default 60 000). */
  adoptGraceMs?: number;
}

export interface QueueServiceDeps {
  records: RecordsService;
  print: PrintService;
  /** This instance's printers now. */
  printers(): QueuePrinter[];
  markChanged(printerId: string): void;
  publish(changed: QueueChanged): void;
  /** How long print jobs watch an unconfirmed start (PrintJobsOptions.lateConfirmMs), ms. */
  lateConfirmMs: number;
  logger: FarmLogger;
  now(): number;
}

type QueueHandlers = Pick<RequestHandlers, keyof QueueRequestValues>;

/** Longest wait for the pass under way and the lease release when the engine closes, ms. */
const CLOSE_WAIT_MS = 3_000;
/** `queue:changed` at most this often, ms. */
const CHANGED_MS = 250;
/** Copies that are still work to do (queue empty = none left). */
const LIVE: ReadonlySet<CopyState> = new Set(['queued', 'dispatched', 'printing']);

/**
 * The running job queue of one engine: leases the printers online to it, and on each pass tracks
 * copies by the printers' states, reconciles beds, asks the rules which queued copy each free printer
 * takes, claims it in the database and sends it like a person's print. Several instances sharing a
 * PostgreSQL database each run one; leases keep them off each other's printers.
 */
export class QueueService {
  readonly instanceId: string;
  private readonly leases: QueueLeases;
  private readonly dispatch: QueueDispatch;
  private readonly tickMs: number;
  private readonly heartbeatMs: number;
  private readonly tracker: CopyTracker;
  private readonly infos = new Map<string, PrinterQueueInfo>();
  private readonly attention = new Set<(event: QueueAttention) => void>();
  private readonly busy = new Map<string, boolean>();
  private readonly plates = new Map<string, LibraryFileDetail | null>();
  private readonly beds = new Map<string, BedState>();
  /** The latest history record of each printer (by serial): a copy links its record. */
  private readonly latestRecords = new Map<string, { id: string; startedAt: number }>();
  private chain: Promise<void> = Promise.resolve();
  private tickTimer: NodeJS.Timeout | null = null;
  private beatTimer: NodeJS.Timeout | null = null;
  private changedTimer: NodeJS.Timeout | null = null;
  private ticking = false;
  private again = false;
  private revision = -1;
  /** Jobs as last read, following this instance's own copy writes. */
  private readonly kept = new KeptJobs();
  /** The notes revision after this instance's last reason writes (null: unknown). */
  private notesSeen: number | null = null;
  private liveCopies: number | null = null;
  private lastError: string | null = null;
  private closed = false;

  constructor(
    private readonly deps: QueueServiceDeps,
    options: QueueOptions = {},
  ) {
    this.instanceId = options.instanceId ?? `i-${randomUUID()}`;
    this.leases = new QueueLeases(this.instanceId, options.leaseTtlMs ?? 15_000);
    this.tickMs = options.tickMs ?? 2_000;
    this.heartbeatMs = options.heartbeatMs ?? 3_000;
    this.dispatch = new QueueDispatch({
      print: deps.print,
      records: deps.records,
      onOutcome: (flight, outcome) => {
        void this.enqueue(() => this.settle(flight, outcome));
      },
    });
    this.tracker = new CopyTracker({
      instanceId: this.instanceId,
      dispatch: this.dispatch,
      graceMs: options.adoptGraceMs ?? 60_000,
      lateMs: deps.lateConfirmMs,
      coolMs: this.tickMs * 15,
      recordOf: (serial, since) => {
        const r = this.latestRecords.get(serial);
        return r && r.startedAt >= since ? r.id : null;
      },
      now: () => deps.now(),
      logger: deps.logger,
    });
    deps.print.onJob((job) => this.dispatch.onJob(job));
  }

  /** Starts the heartbeat and the dispatcher (nothing when the farm has no queue). */
  start(): void {
    if (!this.store() || this.closed) return;
    this.scheduleBeat(0);
    this.schedule(0);
  }

  /** Listens to the queue's attention events (alerts); returns the unsubscribe function. */
  onAttention(listener: (event: QueueAttention) => void): () => void {
    this.attention.add(listener);
    return () => this.attention.delete(listener);
  }

  /** Runs a dispatcher pass soon (coalesced with one already due or running). */
  wake(): void {
    if (!this.store() || this.closed) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** A printer's view with its queue info; unchanged when the farm has no queue. */
  overlay(view: PrinterView): PrinterView {
    if (!this.store()) return view;
    const info = this.infos.get(view.serial) ?? printerQueueInfo(undefined, 'none');
    return { ...view, queue: info };
  }

  /** Every batch's printers: a leased printer turning free (or busy) wakes the dispatcher. */
  observe(views: readonly PrinterView[]): void {
    let wake = false;
    for (const v of views) {
      const busy = v.connection.status === 'online' && isBusy(v.state);
      const before = this.busy.get(v.id);
      this.busy.set(v.id, busy);
      if (before !== undefined && before !== busy && this.leases.holds(v.serial)) wake = true;
    }
    if (wake) this.wake();
  }

  /** A history record was written: the latest of its printer links to the copy printing there. */
  noteRecord(record: HistoryRecord): void {
    const before = this.latestRecords.get(record.printerSerial);
    if (before && before.startedAt > record.startedAt) return;
    this.latestRecords.set(record.printerSerial, { id: record.id, startedAt: record.startedAt });
  }

  /** A printer left the farm: its lease goes at once (another instance may have it). */
  forget(printerId: string, serial: string): void {
    this.busy.delete(printerId);
    if (!this.store() || this.closed) return;
    this.use((q) => q.releaseLeases(this.instanceId, [serial])).catch((err: unknown) =>
      this.warn(err),
    );
  }

  /** A library file was deleted: its plates are no longer known (its jobs wait with a reason). */
  noteLibrary(change: LibraryChange): void {
    if (change.change === 'deleted') this.plates.delete(change.fileId);
  }

  /** Who dispatches to a printer now: this instance, another one sharing the database, or nobody. */
  controllerOf(serial: string): QueueController {
    return this.leases.controller(serial);
  }

  handlers(): QueueHandlers {
    return {
      'queue:get': () => this.view(),
      'queue:add': (input) => this.add(input),
      'queue:move': (jobId, before) =>
        this.change(async (q) => {
          if (!(await q.moveJob(jobId, before))) gone();
          return null;
        }),
      'queue:cancel': (jobId) => this.change(async (q) => this.jobOut(await q.cancelJob(jobId))),
      'queue:requeue': (jobId) => this.change(async (q) => this.jobOut(await q.requeueJob(jobId))),
      'queue:remove': (jobId) =>
        this.change(async (q) => {
          if (await q.removeJob(jobId)) return null;
          if (!(await q.getJob(jobId))) gone();
          throw new FarmFailure(
            'busy',
            'a copy of this job is being sent or printing: cancel the job, let that copy end, then remove it',
          );
        }),
      'queue:set-paused': (paused) =>
        this.change(async (q) => {
          await q.setPaused(paused);
          return null;
        }),
      'queue:confirm-bed': (printerId) => this.confirmBed(printerId),
      'queue:set-printer': (printerId, settings) =>
        this.change(async (q) => {
          const p = this.printer(printerId);
          return this.noteRow(p, await q.setPrinterSettings(p.serial, settings));
        }),
    };
  }

  /** Stops the timers, waits for the pass under way and gives this instance's leases up. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of [this.tickTimer, this.beatTimer, this.changedTimer]) if (t) clearTimeout(t);
    this.attention.clear();
    // A database that hangs must not hold the engine's close: the leases then simply expire.
    await within(this.chain, CLOSE_WAIT_MS);
    this.dispatch.close();
    const store = this.store();
    if (!store || !this.deps.records.ready) return;
    const release = this.leases.release(store).catch((err: unknown) => {
      this.deps.logger.warn(`queue: could not release printer leases: ${(err as Error).message}`);
    });
    await within(release, CLOSE_WAIT_MS);
  }

  // ---- requests ----

  private async view(): Promise<QueueView> {
    const reason = this.unavailable();
    if (reason !== null) return unavailableView(reason);
    const [jobs, paused] = await this.use((q) => Promise.all([q.listJobs(), q.paused()]));
    return queueView(jobs, paused, this.leases.count, this.names());
  }

  private async add(input: QueueJobInput): Promise<QueueJobView> {
    return this.change(async (q) => {
      const fileId =
        input.file.from === 'library'
          ? input.file.libraryFileId
          : this.deps.records.libraryIdOf(input.file.stagedFileId);
      if (fileId === null) {
        throw new FarmFailure(
          'invalid-input',
          'the file library did not keep this file (see the note under the file), and the queue prints from the library: free space in the library, then drop the file again',
        );
      }
      const detail = await this.deps.records.use((p) => p.library.get(fileId));
      if (!detail) {
        throw new FarmFailure('not-found', 'that file is no longer in the library: add it again');
      }
      if (!detail.plates.some((pl) => pl.index === input.plate)) {
        throw new FarmFailure(
          'invalid-input',
          `${detail.name} has no plate ${input.plate}: choose one of its ${detail.plates.length} plate(s)`,
        );
      }
      this.plates.set(fileId, detail);
      const row = await q.addJob({
        libraryFileId: fileId,
        fileName: detail.name,
        plate: input.plate,
        copies: input.copies,
        target: input.target,
        filamentRule: input.filamentRule,
        priority: input.priority,
        notBefore: input.notBefore,
        onFailure: input.onFailure,
        options: input.options,
      });
      return jobView(row, this.names());
    });
  }

  private confirmBed(printerId: string): Promise<PrinterQueueInfo> {
    return this.change(async (q) => {
      const p = this.printer(printerId);
      if (isBusyNow(p)) {
        throw new FarmFailure(
          'busy',
          `${p.name} is printing: confirm its bed once the print has ended and the plate is cleared`,
        );
      }
      if ((await q.activeCopies([p.serial])).length > 0) {
        throw new FarmFailure(
          'busy',
          `a queued copy is being sent to ${p.name}: wait for it to start or fail`,
        );
      }
      // Never from in-use: a copy claimed since the check above (another instance) keeps its bed
      // in use, so the end of that print still asks a person.
      const row = await q.setBed(p.serial, 'clear', ['needs-clearing', 'unknown', 'clear']);
      if (!row) {
        throw new FarmFailure(
          'busy',
          `a queued copy was just sent to ${p.name}: confirm its bed once that print has ended`,
        );
      }
      return this.noteRow(p, row);
    });
  }

  /** A change by a person: stored, then `queue:changed` and a dispatcher pass. */
  private async change<T>(task: (q: QueueStore) => Promise<T>): Promise<T> {
    const value = await this.use(task);
    this.changed();
    this.wake();
    return value;
  }

  private jobOut(row: QueueJobRow | null): QueueJobView {
    if (!row) gone();
    return jobView(row, this.names());
  }

  private noteRow(p: QueuePrinter, row: QueuePrinterRow): PrinterQueueInfo {
    const info = printerQueueInfo(row, this.leases.controller(p.serial));
    this.setInfo(p, info);
    return info;
  }

  // ---- the dispatcher ----

  private scheduleBeat(ms: number): void {
    if (this.closed) return;
    this.beatTimer = setTimeout(() => {
      this.beatTimer = null;
      void this.beat().finally(() => this.scheduleBeat(this.heartbeatMs));
    }, ms);
    this.beatTimer.unref();
  }

  private async beat(): Promise<void> {
    const online = this.deps
      .printers()
      .filter((p) => p.online)
      .map((p) => p.serial);
    try {
      if (await this.use((q) => this.leases.beat(q, online))) this.wake();
    } catch (err) {
      this.warn(err);
    }
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    if (this.tickTimer) clearTimeout(this.tickTimer);
    this.tickTimer = setTimeout(() => {
      this.tickTimer = null;
      this.ticking = true;
      void this.enqueue(() => this.tick()).finally(() => {
        this.ticking = false;
        if (this.again) {
          this.again = false;
          this.schedule(0);
        } else {
          this.schedule(this.tickMs);
        }
      });
    }, ms);
    this.tickTimer.unref();
  }

  /** Serializes the dispatcher's database work (passes and send outcomes); never rejects. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    this.chain = this.chain
      .then(() => (this.closed ? undefined : task()))
      .catch((err: unknown) => this.warn(err));
    return this.chain;
  }

  private async tick(): Promise<void> {
    const store = this.store();
    if (!store || !this.deps.records.ready) return;
    const q = this.kept.through(store);
    await this.use(async () => {
      await this.leases.look(q);
      const printers = this.deps.printers();
      const mine = printers.filter((p) => p.online && this.leases.holds(p.serial));
      const bySerial = new Map(printers.map((p) => [p.serial, p]));
      const serials = mine.map((p) => p.serial);

      const start = await q.revisions();
      const tracked = await q.activeCopies(serials);
      for (const copy of tracked) {
        const p = bySerial.get(copy.printerSerial ?? '');
        if (p) await this.tracker.track(q, copy, p);
      }
      // Read again only when tracking (or anyone) changed jobs or copies meanwhile.
      const rev = tracked.length > 0 ? await q.revisions() : start;
      const current = rev.jobs === start.jobs ? tracked : await q.activeCopies(serials);
      const active = new Set(current.map((c) => c.printerSerial).filter((s) => s !== null));
      let rows = await this.rows(q);
      if (await this.tracker.reconcileBeds(q, mine, rows, active)) rows = await this.rows(q);

      const [jobs, paused] = await Promise.all([this.jobs(q, rev.jobs), q.paused()]);
      const planned = await this.plan(q, printers, jobs, rows, active, paused, rev.notes);

      const after = planned.rowsStale ? await this.rows(q) : planned.rows;
      this.refreshInfos(printers, after);
      this.noteLive(jobs);
      const revision = await q.revision();
      if (revision !== this.revision) this.changed();
    });
    this.lastError = null;
  }

  /**
   * Every job, read again only when the jobs revision moved since the last read (reasons are
   * kept up to date by this instance's own writes; another's reasons are overwritten, see `plan`).
   * `revision` was read before this call: a change racing the read shows as a newer one next pass.
   */
  private async jobs(q: QueueStore, revision: number): Promise<QueueJobRow[]> {
    const kept = this.kept.at(revision);
    if (kept) return kept;
    this.kept.drop();
    const jobs = await q.listJobs();
    this.kept.keep(revision, jobs);
    return jobs;
  }

  /**
   * Asks the rules, stores exclusions and waiting reasons (one statement each), claims and sends.
   * Returns the printer rows with the exclusions written, or `rowsStale` when they must be read again.
   */
  private async plan(
    q: QueueStore,
    printers: readonly QueuePrinter[],
    jobs: readonly QueueJobRow[],
    rows: ReadonlyMap<string, QueuePrinterRow>,
    active: ReadonlySet<string>,
    paused: boolean,
    notes: number,
  ): Promise<{ rows: Map<string, QueuePrinterRow>; rowsStale: boolean }> {
    const plan = await planQueue({
      printers,
      jobs,
      rows,
      active,
      controlled: (serial) => this.leases.holds(serial),
      cooling: this.tracker.coolingNow(),
      plateOf: async (job) =>
        (await this.fileOf(job.libraryFileId))?.plates.find((pl) => pl.index === job.plate) ?? null,
      now: this.deps.now(),
      paused,
    });
    const after = new Map(rows);
    let rowsStale = false;
    const exclusions: PrinterExclusion[] = [];
    for (const [serial, why] of plan.exclusions) {
      if (!this.leases.holds(serial)) continue;
      const row = rows.get(serial);
      if ((row?.exclusion ?? null) === why) continue;
      exclusions.push({ serial, exclusion: why });
      if (row) after.set(serial, { ...row, exclusion: why });
      else rowsStale = true;
    }
    // Another instance's reason writes (a notes revision this one did not make) may differ from
    // the kept jobs: then every reason is sent, and the store writes those that differ.
    const all = this.notesSeen !== notes;
    this.notesSeen = null;
    let bumps = 0;
    if (exclusions.length > 0 && (await q.setExclusions(exclusions)) > 0) bumps += 1;
    if (this.leases.count > 0) {
      const waiting: JobWaiting[] = [];
      for (const job of jobs) {
        const why = plan.waiting.get(job.id) ?? null;
        if (all || job.waiting !== why) waiting.push({ jobId: job.id, waiting: why });
      }
      if (waiting.length > 0 && (await q.setJobWaitingMany(waiting)) > 0) bumps += 1;
      for (const job of jobs) job.waiting = plan.waiting.get(job.id) ?? null;
    }
    this.notesSeen = notes + bumps;
    const byId = new Map(jobs.map((j) => [j.id, j]));
    const bySerial = new Map(printers.map((p) => [p.serial, p]));
    for (const a of plan.assignments) {
      const p = bySerial.get(a.serial);
      const job = byId.get(a.jobId);
      if (!p || !job || !this.leases.holds(a.serial) || this.closed) continue;
      const copy = await q.claim(this.instanceId, a.serial, a.jobId);
      if (!copy) continue;
      rowsStale = true;
      this.deps.logger.info(`queue: copy ${copy.index} of ${job.fileName} → ${p.name}`);
      await this.dispatch.send(copy, job, p, a.amsMapping);
    }
    if (plan.assignments.length > 0) this.changed();
    return { rows: after, rowsStale };
  }

  /** What a send of this instance came to, then a pass (the printer may take the next copy). */
  private async settle(flight: Flight, outcome: FlightOutcome): Promise<void> {
    const store = this.store();
    if (!store) return;
    const q = this.kept.through(store);
    const p = this.deps.printers().find((x) => x.id === flight.printerId);
    await this.use(() => this.tracker.settle(q, flight, outcome, p));
    this.changed();
    this.wake();
  }

  private async fileOf(fileId: string): Promise<LibraryFileDetail | null> {
    if (this.plates.has(fileId)) return this.plates.get(fileId) ?? null;
    const detail = await this.deps.records.use((p) => p.library.get(fileId));
    this.plates.set(fileId, detail);
    return detail;
  }

  private async rows(q: QueueStore): Promise<Map<string, QueuePrinterRow>> {
    return new Map((await q.printers()).map((r) => [r.serial, r]));
  }

  // ---- views and events ----

  private refreshInfos(
    printers: readonly QueuePrinter[],
    rows: ReadonlyMap<string, QueuePrinterRow>,
  ): void {
    for (const p of printers) {
      const row = rows.get(p.serial);
      const bed = row?.bed ?? 'unknown';
      const before = this.beds.get(p.serial);
      this.beds.set(p.serial, bed);
      if (
        before !== undefined &&
        before !== bed &&
        bed === 'needs-clearing' &&
        this.leases.holds(p.serial) &&
        !(row?.waiveBedCheck ?? false)
      ) {
        this.raise({ kind: 'bed-waiting', printerId: p.id, printerName: p.name });
      }
      this.setInfo(p, printerQueueInfo(row, this.leases.controller(p.serial)));
    }
  }

  private setInfo(p: QueuePrinter, info: PrinterQueueInfo): void {
    if (sameInfo(this.infos.get(p.serial), info)) return;
    this.infos.set(p.serial, info);
    this.deps.markChanged(p.id);
  }

  /** Queue empty: the last queued, dispatched or printing copy ended. */
  private noteLive(jobs: readonly QueueJobRow[]): void {
    let live = 0;
    for (const j of jobs) for (const c of j.copyRows) if (LIVE.has(c.state)) live += 1;
    const before = this.liveCopies;
    this.liveCopies = live;
    if (before !== null && before > 0 && live === 0) this.raise({ kind: 'queue-empty' });
  }

  private raise(event: QueueAttention): void {
    for (const listener of this.attention) {
      try {
        listener(event);
      } catch (err) {
        this.deps.logger.warn(`queue attention listener failed: ${(err as Error).message}`);
      }
    }
  }

  /** `queue:changed` after own writes, at most every CHANGED_MS. */
  private changed(): void {
    if (this.changedTimer || this.closed) return;
    this.changedTimer = setTimeout(() => {
      this.changedTimer = null;
      const q = this.store();
      if (!q || this.closed) return;
      q.revision().then(
        (revision) => {
          if (this.closed) return;
          this.revision = revision;
          this.publishNow(revision);
        },
        (err: unknown) => this.warn(err),
      );
    }, CHANGED_MS);
    this.changedTimer.unref();
  }

  private publishNow(revision: number): void {
    try {
      this.deps.publish({ revision });
    } catch (err) {
      this.deps.logger.warn(`queue:changed listener failed: ${(err as Error).message}`);
    }
  }

  // ---- helpers ----

  private store(): QueueStore | null {
    return this.deps.records.port?.queue ?? null;
  }

  private unavailable(): string | null {
    if (!this.deps.records.port) {
      return 'the job queue needs the farm database: start Farmdeck with a database (history, library and queue live there)';
    }
    if (!this.deps.records.port.queue) {
      return 'this farm database has no job queue: update Farmdeck on every instance that shares it';
    }
    return null;
  }

  /** Runs a queue store call through the records service (outages become FarmFailure `storage`). */
  private use<T>(task: (q: QueueStore) => Promise<T>): Promise<T> {
    const reason = this.unavailable();
    const q = this.store();
    if (reason !== null || !q) return Promise.reject(new FarmFailure('storage', reason ?? ''));
    return this.deps.records.use(() => task(q));
  }

  private printer(printerId: string): QueuePrinter {
    const p = this.deps.printers().find((x) => x.id === printerId);
    if (!p)
      throw new FarmFailure(
        'not-found',
        `no printer with id ${printerId}: it may have been removed`,
      );
    return p;
  }

  private names(): Map<string, string> {
    return new Map(this.deps.printers().map((p) => [p.serial, p.name]));
  }

  private warn(err: unknown): void {
    const message = (err as Error).message;
    if (message === this.lastError) return;
    this.lastError = message;
    this.deps.logger.warn(`queue: ${message}`);
  }
}

/** Resolves when `task` settles or after `ms`, whichever comes first. */
async function within(task: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([task.then(() => undefined), late]);
  clearTimeout(timer);
}

function gone(): never {
  throw new FarmFailure('not-found', 'that job is no longer in the queue');
}
