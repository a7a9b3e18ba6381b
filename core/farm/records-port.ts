import type {
  FilamentReport,
  FailureReason,
  HistoryFilter,
  HistoryPage,
  HistoryQuery,
  HistoryRecord,
  JobResult,
  LibraryFileDetail,
  LibraryFileSummary,
  LibraryPage,
  LibraryQuery,
  RecordsStatus,
  StatsQuery,
  StatsResult,
} from '../../shared/contract/records-schemas.ts';
import type { PlateSummary } from '../../shared/contract/print-schemas.ts';
import type { QueueStore } from './queue-port.ts';

/**
 * What the engine needs from the farm's database (history, file library, statistics). core/store
 * implements it on PGlite or PostgreSQL; nothing above core/store writes SQL. Every method may throw
 * `RecordsUnavailable` when the database is gone; the engine keeps monitoring and retries.
 */
export interface RecordsPort {
  readonly history: HistoryStore;
  readonly library: LibraryStore;
  readonly stats: StatsStore;
  /**
   * Job queue, printer groups and bed states, printer leases (shared by instances on one server);
   * absent in a database without them: the engine then says the queue is unavailable.
   */
  readonly queue?: QueueStore;
  /** `embedded` or `server`, and where (never with a password). */
  describe(): Pick<RecordsStatus, 'database' | 'location'>;
  /** Resolves when the database answers; throws `RecordsUnavailable` saying why not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The database cannot be used now (unreachable, bad credentials, damaged, newer version). */
export class RecordsUnavailable extends Error {
  /**
   * @param permanent true when retrying cannot help until a person acts (damaged or newer database);
   *   false for a server that may come back.
   */
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'RecordsUnavailable';
  }
}

export interface HistoryStore {
  /**
   * Inserts or replaces one record by id. Ids are derived from the printer serial and the job's
   * identity (`historyRecordId`), so instances sharing a database write the same row.
   */
  save(record: HistoryRecord): Promise<void>;
  /** Saves many records in few round trips (imports, generated demo weeks, benchmarks). */
  saveMany(records: readonly HistoryRecord[]): Promise<void>;
  get(id: string): Promise<HistoryRecord | null>;
  list(query: HistoryQuery): Promise<HistoryPage>;
  /** Matching records, newest first, at most `limit`. */
  export(filter: HistoryFilter, limit: number): Promise<HistoryRecord[]>;
  /** Records of a printer (by serial) still `running`: a restarted engine continues or closes them. */
  running(serial: string): Promise<HistoryRecord[]>;
  /** Stores the end-of-job camera frame as a file and marks the record. */
  saveSnapshot(id: string, jpeg: Buffer, takenAt: number): Promise<void>;
  snapshot(id: string): Promise<{ jpeg: Buffer; takenAt: number } | null>;
}

/** What a staged file adds to the library. */
export interface LibraryAddition {
  /** The file's bytes on disk (copied into the library). */
  path: string;
  name: string;
  bytes: number;
  plates: PlateSummary[];
}

export interface LibraryStore {
  /**
   * Keeps the file content-addressed (sha256) and its metadata; a file already there is only
   * touched (name, last use). Throws FarmFailure `storage` when the size cap or the disk is full.
   */
  add(file: LibraryAddition): Promise<LibraryFileSummary>;
  list(query: LibraryQuery): Promise<LibraryPage>;
  get(fileId: string): Promise<LibraryFileDetail | null>;
  /** Path of the file's bytes, null when not in the library. */
  pathOf(fileId: string): Promise<string | null>;
  /** Removes the file and its metadata; history records keep their data (file id stays). */
  delete(fileId: string): Promise<boolean>;
}

export interface StatsStore {
  query(query: StatsQuery): Promise<StatsResult>;
}

/**
 * A job that already happened, added in one call: the demo's generated weeks and imports use it
 * (`FarmEngine.records.addCompletedJob`). It goes through the same store as live jobs.
 */
export interface CompletedJobInput {
  printerId: string;
  printerName: string;
  printerSerial: string;
  printerModel: string | null;
  jobName: string;
  fileName: string;
  plate: number | null;
  libraryFileId?: string | null;
  startedByFarmdeck?: boolean;
  startedAt: number;
  endedAt: number;
  result: Exclude<JobResult, 'running'>;
  failure?: FailureReason | null;
  layerReached?: number | null;
  totalLayers?: number | null;
  filament?: FilamentReport;
  demo?: boolean;
}
