import { basename } from 'node:path';
import type { RequestHandlers } from '../../shared/contract/contract.ts';
import type { PrintRequestValues } from '../../shared/contract/print-contract.ts';
import type {
  PrintJobInput,
  PrintJobView,
  PrintPlan,
  StagedFile,
} from '../../shared/contract/print-schemas.ts';
import { FarmFailure } from '../../shared/contract/result.ts';
import { pickPlate } from '../threemf/read-threemf.ts';
import { deletePrinterFile, listPrinterFiles } from './files-on-printer.ts';
import { printErrorOf } from './print-errors.ts';
import { StagedFiles, type StagedEntry } from './print-files.ts';
import { PrintJobs, type PrintFarm, type PrintJobsOptions } from './print-jobs.ts';
import { planTarget } from './print-plan.ts';

export interface PrintServiceOptions extends PrintJobsOptions {
  /**
   * Let `print:stage-path` read a local path. Only the desktop app sets it (the dropped file's path
   * comes from its own window); the browser host uploads files over HTTP instead.
   */
  allowLocalPaths?: boolean;
  /** Staged files kept (default 20). */
  keepFiles?: number;
  /**
   * Called with every newly staged file (the file library keeps it); resolves to why the file was
   * not kept, or null. Must not throw.
   */
  onStaged?: (entry: StagedEntry) => Promise<string | null>;
}

type PrintHandlers = Pick<RequestHandlers, keyof PrintRequestValues>;
type JobListener = (job: PrintJobView) => void;

/**
 * Drag-and-drop printing and the files on a printer, as the engine offers them: staged files,
 * per-printer plans (readiness and AMS mapping), print jobs with per-printer progress, and
 * list / delete / print again on a printer's storage.
 */
export class PrintService {
  private readonly files: StagedFiles;
  private readonly jobs: PrintJobs;
  private readonly listeners = new Set<JobListener>();

  constructor(
    private readonly farm: PrintFarm,
    private readonly options: PrintServiceOptions = {},
  ) {
    this.files = new StagedFiles(options.keepFiles ?? 20, (id) => this.jobs.usesFile(id));
    this.jobs = new PrintJobs(farm, this.files, (job) => this.emit(job), options);
  }

  /**
   * Reads a sliced file and holds it for printing. `owned`: the engine deletes `path` when done
   * (a temporary upload). Throws FarmFailure `invalid-file` with the reason for anything that is
   * not a sliced `.gcode.3mf`. `signal` stops the reading when the client that asked goes away.
   */
  async stageFile(
    path: string,
    name: string,
    owned: boolean,
    signal?: AbortSignal,
  ): Promise<StagedFile> {
    const staged = await this.files.stage(path, name, owned, signal);
    const note = await this.options.onStaged?.(this.files.get(staged.fileId));
    return note ? { ...staged, libraryNote: note } : staged;
  }

  /** Every printer of the farm for one plate of a staged file. */
  plan(fileId: string, plate: number): PrintPlan {
    const entry = this.files.get(fileId);
    const p = pickPlate(entry.info, plate);
    return {
      fileId,
      plate,
      targets: this.farm.printers().map((printer) => planTarget(entry.info, p, printer)),
    };
  }

  /** Starts (or uploads) a plate on printers as `print:start` does; throws FarmFailure. */
  start(input: PrintJobInput): PrintJobView {
    try {
      return this.jobs.start(input);
    } catch (err) {
      throw asFailure(err);
    }
  }

  /** True while the staged file `fileId` is still held (not trimmed or closed). */
  isStaged(fileId: string): boolean {
    try {
      this.files.get(fileId);
      return true;
    } catch {
      return false;
    }
  }

  /** Listens to job progress (one event per changed job); returns the unsubscribe function. */
  onJob(listener: JobListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  handlers(): PrintHandlers {
    return {
      'print:stage-path': (path) => {
        if (!this.options.allowLocalPaths) {
          return Promise.reject(
            new FarmFailure(
              'forbidden',
              'this Farmdeck reads dropped files only from an upload: drop the file in the window',
            ),
          );
        }
        return this.stageFile(path, basename(path), false);
      },
      'print:get-plan': (fileId, plate) => this.guard(() => this.plan(fileId, plate)),
      'print:start': (input) => this.guard(() => this.start(input)),
      'print:retry': (jobId, printerId) => this.guard(() => this.jobs.retry(jobId, printerId)),
      'print:list-jobs': () => Promise.resolve(this.jobs.list()),
      'print:dismiss': (jobId) => this.guard(() => this.jobs.dismiss(jobId)),
      'printer:list-files': async (id) => {
        const ftps = await this.farm.printer(id).ftps();
        return { id, files: await listPrinterFiles(ftps).catch(rethrow) };
      },
      'printer:delete-file': async (id, path) => {
        const ftps = await this.farm.printer(id).ftps('control');
        await deletePrinterFile(ftps, path).catch(rethrow);
        return null;
      },
      'printer:print-file': (id, input) => this.guard(() => this.jobs.reprint(id, input)),
    };
  }

  /** Cancels running uploads and deletes temporary files. */
  async close(): Promise<void> {
    this.jobs.close();
    this.listeners.clear();
    await this.files.close();
  }

  private guard<T>(task: () => T): Promise<T> {
    try {
      return Promise.resolve(task());
    } catch (err) {
      return Promise.reject(asFailure(err));
    }
  }

  private emit(job: PrintJobView): void {
    for (const listener of this.listeners) {
      try {
        listener(job);
      } catch {
        // A failing listener must not stop the others or the job.
      }
    }
  }
}

function asFailure(err: unknown): FarmFailure {
  if (err instanceof FarmFailure) return err;
  const { code, message } = printErrorOf(err);
  return new FarmFailure(code, message);
}

function rethrow(err: unknown): never {
  throw asFailure(err);
}
