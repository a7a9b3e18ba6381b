import { randomUUID } from 'node:crypto';
import type {
  PrintJobInput,
  PrintJobView,
  PrintTargetProgress,
  ReprintInput,
} from '../../shared/contract/print-schemas.ts';
import { FarmFailure } from '../../shared/contract/result.ts';
import { printerFileName } from '../ftps/remote-name.ts';
import {
  assertCanStart,
  watchJobStart,
  type ExpectedJob,
  type PrintLink,
} from '../printing/await-job-start.ts';
import { PrintStartError } from '../printing/print-error.ts';
import {
  jobNameOf,
  sendAndPrint,
  startProjectFile,
  type JobOptions,
} from '../printing/start-print.ts';
import { pickPlate } from '../threemf/read-threemf.ts';
import { Semaphore } from './print-semaphore.ts';
import type { StagedEntry, StagedFiles } from './print-files.ts';
import {
  idle,
  settled,
  type Job,
  type PrintFarm,
  type PrintJobsOptions,
  type PrintPrinter,
  type Source,
} from './print-job-types.ts';
import { printErrorOf } from './print-errors.ts';

export type { PrintFarm, PrintJobsOptions, PrintPrinter } from './print-job-types.ts';

/**
 * Print jobs: one plate of a dropped file sent to one or many printers (upload over FTPS, then
 * `project_file`, then followed until the printer reports the job), or a file already on a
 * printer started again. Each printer has its own progress and error; one failing never stops
 * the others, and a failed printer can be retried.
 */
export class PrintJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly uploads: Semaphore;
  private readonly now: () => number;
  private closed = false;

  constructor(
    private readonly farm: PrintFarm,
    private readonly files: StagedFiles,
    private readonly onChange: (job: PrintJobView) => void,
    private readonly options: PrintJobsOptions = {},
  ) {
    this.uploads = new Semaphore(options.concurrency ?? 3);
    this.now = options.now ?? Date.now;
  }

  /** Starts (or, with `sendOnly`, uploads) a plate on every target; resolves once queued. */
  start(input: PrintJobInput): PrintJobView {
    const entry = this.files.get(input.fileId);
    pickPlate(entry.info, input.plate);
    const ids = new Set<string>();
    for (const t of input.targets) {
      this.farm.printer(t.printerId);
      if (ids.has(t.printerId)) {
        throw new FarmFailure('invalid-input', 'a printer appears twice in the targets');
      }
      ids.add(t.printerId);
    }
    const job = this.newJob(entry.name, input.plate, input.sendOnly, { kind: 'file', entry }, [
      ...ids,
    ]);
    job.options = input.options;
    for (const t of input.targets) job.mappings.set(t.printerId, t.amsMapping);
    for (const id of ids) this.run(job, id);
    return job.view;
  }

  /** Starts a file already on the printer's storage ("print again"). */
  reprint(printerId: string, input: ReprintInput): PrintJobView {
    this.farm.printer(printerId);
    const name = input.path.split('/').pop() ?? input.path;
    const job = this.newJob(
      name,
      input.plate,
      false,
      { kind: 'printer-file', path: input.path, useAms: input.useAms },
      [printerId],
    );
    job.options = input.options;
    this.run(job, printerId);
    return job.view;
  }

  /** Runs one failed printer of a job again. */
  retry(jobId: string, printerId: string): PrintJobView {
    const job = this.job(jobId);
    const target = job.view.targets.find((t) => t.printerId === printerId);
    if (!target) throw new FarmFailure('not-found', 'that printer is not part of this print job');
    if (target.phase !== 'failed') {
      throw new FarmFailure('invalid-input', 'only a printer whose print failed can be retried');
    }
    if (job.source.kind === 'file') this.files.get(job.source.entry.fileId);
    this.run(job, printerId);
    return job.view;
  }

  /** True while a job still has to upload the staged file `fileId`. */
  usesFile(fileId: string): boolean {
    for (const job of this.jobs.values()) {
      if (job.source.kind !== 'file' || job.source.entry.fileId !== fileId) continue;
      if (job.view.targets.some((t) => t.phase === 'queued' || t.phase === 'uploading')) {
        return true;
      }
    }
    return false;
  }

  list(): PrintJobView[] {
    return [...this.jobs.values()].map((j) => j.view);
  }

  /** Forgets a job (its running printers go on; only the progress display goes). */
  dismiss(jobId: string): null {
    const job = this.job(jobId);
    if (job.timer) clearTimeout(job.timer);
    for (const stop of job.follows.values()) stop();
    this.jobs.delete(jobId);
    return null;
  }

  /** Cancels running uploads (their partial files are deleted) and forgets every job. */
  close(): void {
    this.closed = true;
    for (const job of this.jobs.values()) {
      if (job.timer) clearTimeout(job.timer);
      for (const a of job.aborts) a.abort();
      for (const stop of job.follows.values()) stop();
    }
    this.jobs.clear();
  }

  private newJob(
    fileName: string,
    plate: number,
    sendOnly: boolean,
    source: Source,
    printerIds: string[],
  ): Job {
    const view: PrintJobView = {
      jobId: `j-${randomUUID()}`,
      fileName,
      plate,
      sendOnly,
      createdAt: this.now(),
      targets: printerIds.map((printerId) => idle(printerId)),
    };
    const job: Job = {
      view,
      source,
      options: {
        bedLeveling: true,
        flowCalibration: true,
        vibrationCalibration: true,
        timelapse: false,
      },
      mappings: new Map(),
      aborts: new Set(),
      timer: null,
      follows: new Map(),
    };
    this.jobs.set(view.jobId, job);
    this.trim();
    return job;
  }

  private run(job: Job, printerId: string): void {
    this.update(job, printerId, idle(printerId));
    void this.runTarget(job, printerId).then(
      (phase) => this.update(job, printerId, { ...this.target(job, printerId), phase }),
      (err: unknown) =>
        this.update(job, printerId, {
          ...this.target(job, printerId),
          phase: 'failed',
          bytesPerSecond: null,
          etaSeconds: null,
          error: printErrorOf(err),
        }),
    );
  }

  private async runTarget(
    job: Job,
    printerId: string,
  ): Promise<'printing' | 'sent' | 'unconfirmed'> {
    const printer = this.farm.printer(printerId);
    const link = printer.link();
    if (!link) {
      throw new PrintStartError(
        'offline',
        `${printer.name} has no connection: edit the printer and enter its LAN access code`,
      );
    }
    const opts: JobOptions = {
      plate: job.view.plate,
      ...job.options,
      startTimeoutMs: this.options.startTimeoutMs ?? 120_000,
    };
    let remotePath: string;
    if (job.source.kind === 'printer-file') {
      remotePath = job.source.path;
      opts.useAms = job.source.useAms;
    } else {
      const mapping = job.mappings.get(printerId) ?? null;
      if (mapping && mapping.some((tray) => tray >= 0)) opts.amsMapping = mapping;
      else opts.useAms = false;
      if (!job.view.sendOnly) assertCanStart(link);
      remotePath = await this.upload(job, printer, link, job.source.entry, opts);
      if (job.view.sendOnly) return 'sent';
    }
    this.update(job, printerId, { ...this.target(job, printerId), phase: 'starting' });
    if (job.source.kind === 'file') {
      this.options.onStarting?.(printerId, job.source.entry, job.view.plate);
    }
    // No reply is not a failure: the phase says "not confirmed yet" until the state shows the job.
    opts.onProgress = (p) => {
      if (p.phase === 'unconfirmed') {
        this.update(job, printerId, { ...this.target(job, printerId), phase: 'unconfirmed' });
      }
    };
    const outcome = await startProjectFile(link, remotePath, job.view.plate, opts);
    if (outcome.confirmed) return 'printing';
    const fileName = remotePath.replace(/^\/+/, '');
    this.followLate(job, printerId, link, { jobName: jobNameOf(fileName), fileName });
    return 'unconfirmed';
  }

  /**
   * A start still unconfirmed after the start timeout (a slow card, a link lost after sending)
   * may show up later: keep watching the state for `lateConfirmMs`, then let it go.
   */
  private followLate(job: Job, printerId: string, link: PrintLink, expected: ExpectedJob): void {
    job.follows.get(printerId)?.();
    if (this.closed || !this.jobs.has(job.view.jobId)) return;
    const watch = watchJobStart(link, expected, link.state);
    const stop = (): void => {
      clearTimeout(timer);
      watch.cancel();
      if (job.follows.get(printerId) === stop) job.follows.delete(printerId);
    };
    const timer = setTimeout(stop, this.options.lateConfirmMs ?? 600_000);
    job.follows.set(printerId, stop);
    const settle = (next: Partial<PrintTargetProgress>): void => {
      if (job.follows.get(printerId) !== stop) return;
      stop();
      if (this.target(job, printerId).phase !== 'unconfirmed') return;
      this.update(job, printerId, { ...this.target(job, printerId), ...next });
    };
    watch.shown.then(
      () => settle({ phase: 'printing' }),
      (err: unknown) => settle({ phase: 'failed', error: printErrorOf(err) }),
    );
  }

  private async upload(
    job: Job,
    printer: PrintPrinter,
    link: PrintLink,
    entry: StagedEntry,
    opts: JobOptions,
  ): Promise<string> {
    const abort = new AbortController();
    job.aborts.add(abort);
    const release = await this.uploads.acquire();
    try {
      if (this.closed) throw new FarmFailure('disconnected', 'the farm engine is shutting down');
      const ftps = await printer.ftps();
      this.update(job, printer.id, {
        ...this.target(job, printer.id),
        phase: 'uploading',
        percent: 0,
      });
      const result = await sendAndPrint(link, ftps, entry.path, {
        ...opts,
        info: entry.info,
        remoteName: printerFileName(entry.name),
        sendOnly: true,
        signal: abort.signal,
        onProgress: (p) => {
          if (p.phase !== 'uploading') return;
          this.update(job, printer.id, {
            ...this.target(job, printer.id),
            phase: 'uploading',
            percent: Math.round(p.progress.percent * 10) / 10,
            bytesPerSecond: Math.round(p.progress.bytesPerSecond),
            etaSeconds: p.progress.etaSeconds === null ? null : Math.ceil(p.progress.etaSeconds),
          });
        },
      });
      this.update(job, printer.id, {
        ...this.target(job, printer.id),
        percent: 100,
        bytesPerSecond: Math.round(result.upload.bytesPerSecond),
        etaSeconds: 0,
      });
      return result.remotePath;
    } finally {
      release();
      job.aborts.delete(abort);
    }
  }

  private target(job: Job, printerId: string): PrintTargetProgress {
    return job.view.targets.find((t) => t.printerId === printerId) ?? idle(printerId);
  }

  private update(job: Job, printerId: string, next: PrintTargetProgress): void {
    job.view = {
      ...job.view,
      targets: job.view.targets.map((t) => (t.printerId === printerId ? next : t)),
    };
    if (!this.jobs.has(job.view.jobId)) return;
    // Phase changes go out at once; upload percentages at most every emitIntervalMs.
    if (next.phase !== 'uploading') return this.emitNow(job);
    job.timer ??= setTimeout(() => this.emitNow(job), this.options.emitIntervalMs ?? 200);
  }

  private emitNow(job: Job): void {
    if (job.timer) clearTimeout(job.timer);
    job.timer = null;
    if (this.jobs.has(job.view.jobId)) this.onChange(job.view);
  }

  private job(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new FarmFailure('not-found', 'that print job is gone: it was dismissed');
    return job;
  }

  private trim(): void {
    const keep = this.options.keep ?? 50;
    for (const job of this.jobs.values()) {
      if (this.jobs.size <= keep) return;
      if (!job.view.targets.every(settled)) continue;
      for (const stop of job.follows.values()) stop();
      this.jobs.delete(job.view.jobId);
    }
  }
}
