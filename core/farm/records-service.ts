import type { RequestHandlers } from '../../shared/contract/contract.ts';
import type { StagedFile } from '../../shared/contract/print-schemas.ts';
import type {
  HistoryRecord,
  LibraryChange,
  RecordsRequestValues,
  RecordsStatus,
} from '../../shared/contract/records-schemas.ts';
import { HISTORY_CSV_MAX_ROWS } from '../../shared/contract/records-schemas.ts';
import { FarmFailure } from '../../shared/contract/result.ts';
import { historyCsv } from './history-csv.ts';
import { HistoryRecorder } from './history-recorder.ts';
import type { JobObservation } from './job-observation.ts';
import type { FarmLogger } from './ports.ts';
import type { StagedEntry } from './print-files.ts';
import {
  RecordsUnavailable,
  type CompletedJobInput,
  type HistoryStore,
  type RecordsPort,
} from './records-port.ts';

type RecordsHandlers = Pick<RequestHandlers, keyof RecordsRequestValues>;

export interface RecordsServiceDeps {
  /** Stages a library file for the print dialog, as a drop does. */
  stage(path: string, name: string): Promise<StagedFile>;
  publishStatus(status: RecordsStatus): void;
  publishRecord(record: HistoryRecord): void;
  publishLibrary(change: LibraryChange): void;
  /** A JPEG of the printer's camera now; null when it has none. */
  snapshot(printerId: string): Promise<Buffer | null>;
  logger: FarmLogger;
  now: () => number;
}

/** How often an unavailable server database is tried again, ms. */
const RETRY_MS = 5_000;

/**
 * The farm's memory as the engine offers it: the contract's history, library and statistics requests,
 * and the database's status. Without a port (no database configured) every request says so; when the
 * database goes away, requests fail with `storage` and a retry loop brings it back.
 */
export class RecordsService {
  private current: RecordsStatus;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly readyListeners = new Set<() => void>();
  /** Library file id (sha256) of each staged file that was kept. */
  private readonly libraryIds = new Map<string, string>();
  /** Turns printer state changes into history records. */
  readonly recorder: HistoryRecorder;
  /** The history store through `use()` (marks outages), null while the database is not ready. */
  private readonly history: HistoryStore;

  constructor(
    readonly port: RecordsPort | null,
    private readonly deps: RecordsServiceDeps,
  ) {
    this.current = port
      ? { ...port.describe(), state: 'connecting', message: null }
      : {
          state: 'off',
          database: 'none',
          location: null,
          message: 'this Farmdeck runs without a database: history, library and statistics are off',
        };
    const via = <T>(task: (h: HistoryStore) => Promise<T>) => this.use((p) => task(p.history));
    this.history = {
      save: (r) => via((h) => h.save(r)),
      saveMany: (rs) => via((h) => h.saveMany(rs)),
      get: (id) => via((h) => h.get(id)),
      list: (q) => via((h) => h.list(q)),
      export: (f, n) => via((h) => h.export(f, n)),
      running: (serial) => via((h) => h.running(serial)),
      saveSnapshot: (id, jpeg, at) => via((h) => h.saveSnapshot(id, jpeg, at)),
      snapshot: (id) => via((h) => h.snapshot(id)),
    };
    this.recorder = new HistoryRecorder({
      store: () => (this.ready ? this.history : null),
      snapshot: (id) => deps.snapshot(id),
      publish: (record) => deps.publishRecord(record),
      logger: deps.logger,
      now: deps.now,
    });
    this.onReady(() => this.recorder.resume());
  }

  /** Feeds a printer's state to the history recorder. */
  observe(obs: JobObservation): void {
    if (this.port) this.recorder.observe(obs);
  }

  /**
   * Adds a job that already happened (the demo's generated weeks, imports) through the same store
   * and events as live jobs. Throws FarmFailure `storage` while the database is unavailable.
   */
  addCompletedJob(input: CompletedJobInput): Promise<HistoryRecord> {
    return this.use(() => this.recorder.addCompleted(input));
  }

  /** Keeps a newly staged file in the library; resolves to why not, or null when kept. */
  async keepStaged(entry: StagedEntry): Promise<string | null> {
    if (!this.port) return null;
    try {
      const kept = await this.use((p) =>
        p.library.add({
          path: entry.path,
          name: entry.name,
          bytes: entry.summary.bytes,
          plates: entry.summary.plates,
        }),
      );
      this.libraryIds.set(entry.fileId, kept.fileId);
      this.deps.publishLibrary({ fileId: kept.fileId, change: 'added' });
      return null;
    } catch (err) {
      const message = (err as Error).message;
      this.deps.logger.warn(`library: ${entry.name} not kept: ${message}`);
      return `not kept in the library: ${message}`;
    }
  }

  /** Library file id of a staged file the library kept; null when it did not keep it. */
  libraryIdOf(stagedFileId: string): string | null {
    return this.libraryIds.get(stagedFileId) ?? null;
  }

  /** A staged file's plate is being started on a printer: the history record will name it. */
  noteStart(printerId: string, entry: StagedEntry, plate: number): void {
    const summary = entry.summary.plates.find((p) => p.index === plate);
    this.recorder.noteStart(printerId, {
      fileName: entry.name,
      plate,
      libraryFileId: this.libraryIds.get(entry.fileId) ?? null,
      filaments: summary?.filaments ?? [],
      at: this.deps.now(),
    });
  }

  status(): RecordsStatus {
    return { ...this.current };
  }

  get ready(): boolean {
    return this.current.state === 'ready';
  }

  /** Called each time the database becomes ready (after start and after an outage). */
  onReady(listener: () => void): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  /** First check of the database; never throws (an unavailable database is a status, not a crash). */
  async start(): Promise<void> {
    await this.check();
  }

  /**
   * Runs a store call; a `RecordsUnavailable` marks the database unavailable (and schedules a retry)
   * and becomes FarmFailure `storage` with the reason.
   */
  async use<T>(task: (port: RecordsPort) => Promise<T>): Promise<T> {
    const port = this.port;
    if (!port || this.current.state === 'off') {
      throw new FarmFailure('storage', this.current.message ?? 'history is off');
    }
    if (this.current.state === 'unavailable') {
      throw new FarmFailure('storage', this.current.message ?? 'the database is unavailable');
    }
    try {
      return await task(port);
    } catch (err) {
      if (err instanceof RecordsUnavailable) {
        this.markUnavailable(err);
        throw new FarmFailure('storage', err.message);
      }
      throw err;
    }
  }

  handlers(): RecordsHandlers {
    return {
      'history:list': (query) => this.use((p) => p.history.list(query)),
      'history:get': (id) =>
        this.use(async (p) => (await p.history.get(id)) ?? notFound(`no history record ${id}`)),
      'history:get-snapshot': (id) =>
        this.use(async (p) => {
          const shot = await p.history.snapshot(id);
          if (!shot) return notFound('this job has no camera snapshot');
          return {
            id,
            dataUrl: `data:image/jpeg;base64,${shot.jpeg.toString('base64')}`,
            takenAt: shot.takenAt,
          };
        }),
      'history:export-csv': (filter) =>
        this.use(async (p) => {
          const rows = await p.history.export(filter, HISTORY_CSV_MAX_ROWS + 1);
          const truncated = rows.length > HISTORY_CSV_MAX_ROWS;
          const kept = truncated ? rows.slice(0, HISTORY_CSV_MAX_ROWS) : rows;
          const day = new Date(this.deps.now()).toISOString().slice(0, 10);
          return {
            fileName: `farmdeck-history-${day}.csv`,
            csv: historyCsv(kept),
            rows: kept.length,
            truncated,
          };
        }),
      'library:list': (query) => this.use((p) => p.library.list(query)),
      'library:get': (id) =>
        this.use(
          async (p) =>
            (await p.library.get(id)) ?? notFound('that file is no longer in the library'),
        ),
      'library:delete': (id) =>
        this.use(async (p) => {
          if (!(await p.library.delete(id))) notFound('that file is no longer in the library');
          this.deps.publishLibrary({ fileId: id, change: 'deleted' });
          return null;
        }),
      'library:print': (id) =>
        this.use(async (p) => {
          const file = await p.library.get(id);
          const path = await p.library.pathOf(id);
          if (!file || !path) return notFound('that file is no longer in the library');
          return this.deps.stage(path, file.name);
        }),
      'stats:query': (query) => this.use((p) => p.stats.query(query)),
      'records:get-status': () => Promise.resolve(this.status()),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.readyListeners.clear();
    await this.recorder.flush();
    await this.port?.close();
  }

  private async check(): Promise<void> {
    if (!this.port || this.closed) return;
    try {
      await this.port.ping();
      this.setStatus({ ...this.port.describe(), state: 'ready', message: null });
      for (const listener of this.readyListeners) listener();
    } catch (err) {
      this.markUnavailable(
        err instanceof RecordsUnavailable
          ? err
          : new RecordsUnavailable(`database check failed: ${(err as Error).message}`, false),
      );
    }
  }

  private markUnavailable(err: RecordsUnavailable): void {
    if (!this.port || this.closed) return;
    const message = err.permanent
      ? err.message
      : `${err.message}. Farmdeck keeps monitoring without history and retries every ${RETRY_MS / 1000} s`;
    if (this.current.state !== 'unavailable' || this.current.message !== message) {
      this.deps.logger.warn(`history database unavailable: ${message}`);
      this.setStatus({ ...this.port.describe(), state: 'unavailable', message });
    }
    if (!err.permanent && !this.retry) {
      this.retry = setTimeout(() => {
        this.retry = null;
        void this.check();
      }, RETRY_MS);
      this.retry.unref();
    }
  }

  private setStatus(status: RecordsStatus): void {
    this.current = status;
    this.deps.publishStatus(this.status());
  }
}

function notFound(message: string): never {
  throw new FarmFailure('not-found', message);
}
