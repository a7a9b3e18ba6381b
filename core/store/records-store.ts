import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { RecordsStatus } from '../../shared/contract/records-schemas.ts';
import { FarmFailure } from '../../shared/contract/result.ts';
import {
  RecordsUnavailable,
  type HistoryStore,
  type LibraryStore,
  type RecordsPort,
  type StatsStore,
} from '../farm/records-port.ts';
import { openEmbedded, openServer, redactUrl, serverError, type Connection } from './connect.ts';
import type { QueueStore } from '../farm/queue-port.ts';
import { SqlHistoryStore } from './history-store.ts';
import { DEFAULT_LIBRARY_CAP, SqlLibraryStore } from './library-store.ts';
import { migrate } from './migrate.ts';
import { SqlQueueStore } from './queue-store.ts';
import { SqlStatsStore } from './stats-store.ts';

export interface RecordsStoreOptions {
  /** This instance's folder: the embedded database, library files, snapshots. */
  dataDir: string;
  /** `postgres://user:password@host:port/db`: use a PostgreSQL server instead of the embedded one. */
  databaseUrl?: string;
  /** Size cap of the library's files, bytes (default 20 GB). */
  libraryCapBytes?: number;
  /** Names this instance in records it writes (default: a random id per run). */
  instanceId?: string;
  now?: () => number;
}

interface Stores {
  readonly connection: Connection;
  readonly history: SqlHistoryStore;
  readonly library: SqlLibraryStore;
  readonly stats: SqlStatsStore;
  readonly queue: SqlQueueStore;
}

/**
 * The farm's database for the engine (a RecordsPort) on PGlite or PostgreSQL. Opens lazily and
 * again after an outage: `ping()` connects and migrates; every call turns a lost server into
 * `RecordsUnavailable`. A damaged or newer database stays refused (permanent) until restart.
 */
export class SqlRecords implements RecordsPort {
  readonly history: HistoryStore;
  readonly library: LibraryStore;
  readonly stats: StatsStore;
  readonly queue: QueueStore;
  private opening: Promise<Stores> | null = null;
  private permanent: RecordsUnavailable | null = null;
  private closed = false;
  private readonly instanceId: string;

  constructor(private readonly options: RecordsStoreOptions) {
    this.instanceId = options.instanceId ?? `i-${randomUUID().slice(0, 8)}`;
    const run = <T>(task: (s: Stores) => Promise<T>) => this.run(task);
    this.history = {
      save: (r) => run((s) => s.history.save(r)),
      saveMany: (rs) => run((s) => s.history.saveMany(rs)),
      get: (id) => run((s) => s.history.get(id)),
      list: (q) => run((s) => s.history.list(q)),
      export: (f, limit) => run((s) => s.history.export(f, limit)),
      running: (serial) => run((s) => s.history.running(serial)),
      saveSnapshot: (id, jpeg, at) => run((s) => s.history.saveSnapshot(id, jpeg, at)),
      snapshot: (id) => run((s) => s.history.snapshot(id)),
    };
    this.library = {
      add: (f) => run((s) => s.library.add(f)),
      list: (q) => run((s) => s.library.list(q)),
      get: (id) => run((s) => s.library.get(id)),
      pathOf: (id) => run((s) => s.library.pathOf(id)),
      delete: (id) => run((s) => s.library.delete(id)),
    };
    this.stats = { query: (q) => run((s) => s.stats.query(q)) };
    this.queue = queueThrough((task) => run((s) => task(s.queue)));
  }

  describe(): Pick<RecordsStatus, 'database' | 'location'> {
    return this.options.databaseUrl
      ? { database: 'server', location: redactUrl(this.options.databaseUrl) }
      : { database: 'embedded', location: this.options.dataDir };
  }

  async ping(): Promise<void> {
    await this.run((s) => s.connection.db.execute(sql`SELECT 1`));
  }

  async close(): Promise<void> {
    this.closed = true;
    const opening = this.opening;
    this.opening = null;
    if (opening) await opening.then((s) => s.connection.close()).catch(() => undefined);
  }

  private async run<T>(task: (stores: Stores) => Promise<T>): Promise<T> {
    if (this.permanent) throw this.permanent;
    if (this.closed) throw new FarmFailure('disconnected', 'the history database is closed');
    this.opening ??= this.open();
    const opening = this.opening;
    let stores: Stores;
    try {
      stores = await opening;
    } catch (err) {
      if (this.opening === opening) this.opening = null;
      throw this.unavailable(err);
    }
    try {
      return await task(stores);
    } catch (err) {
      if (err instanceof FarmFailure || stores.connection.kind === 'embedded') throw err;
      const mapped = serverError(err, stores.connection.location);
      // Only a lost or refused connection is an outage; anything else is the query's own error.
      if (/cannot be reached|refused the login|lost the connection/.test(mapped.message)) {
        throw mapped;
      }
      throw err;
    }
  }

  private async open(): Promise<Stores> {
    const { dataDir, databaseUrl } = this.options;
    mkdirSync(dataDir, { recursive: true });
    const connection = databaseUrl ? await openServer(databaseUrl) : await openEmbedded(dataDir);
    try {
      await migrate(connection.db);
    } catch (err) {
      await connection.close().catch(() => undefined);
      if (err instanceof RecordsUnavailable) throw err;
      if (connection.kind === 'server') throw serverError(err, connection.location);
      throw new RecordsUnavailable(
        `the history database in ${dataDir} could not be updated (${(err as Error).message}): it may be damaged. Farmdeck did not change it`,
        true,
      );
    }
    const now = this.options.now ?? Date.now;
    return {
      connection,
      history: new SqlHistoryStore(connection.db, dataDir, this.instanceId),
      library: new SqlLibraryStore(
        connection.db,
        dataDir,
        this.options.libraryCapBytes ?? DEFAULT_LIBRARY_CAP,
        now,
        connection.kind === 'server',
      ),
      stats: new SqlStatsStore(connection.db, now),
      queue: new SqlQueueStore(connection.db),
    };
  }

  private unavailable(err: unknown): RecordsUnavailable {
    const mapped =
      err instanceof RecordsUnavailable
        ? err
        : this.options.databaseUrl
          ? serverError(err, redactUrl(this.options.databaseUrl))
          : new RecordsUnavailable(
              `the history database could not be opened: ${String(err)}`,
              true,
            );
    if (mapped.permanent) this.permanent = mapped;
    return mapped;
  }
}

/** A QueueStore whose every call goes through `run` (lazy open, outage mapping). */
function queueThrough(run: <T>(task: (q: QueueStore) => Promise<T>) => Promise<T>): QueueStore {
  return {
    addJob: (job) => run((q) => q.addJob(job)),
    listJobs: () => run((q) => q.listJobs()),
    getJob: (id) => run((q) => q.getJob(id)),
    moveJob: (id, before) => run((q) => q.moveJob(id, before)),
    cancelJob: (id) => run((q) => q.cancelJob(id)),
    requeueJob: (id) => run((q) => q.requeueJob(id)),
    removeJob: (id) => run((q) => q.removeJob(id)),
    setJobWaiting: (id, waiting) => run((q) => q.setJobWaiting(id, waiting)),
    setJobWaitingMany: (entries) => run((q) => q.setJobWaitingMany(entries)),
    paused: () => run((q) => q.paused()),
    setPaused: (paused) => run((q) => q.setPaused(paused)),
    printers: () => run((q) => q.printers()),
    setPrinterSettings: (serial, s) => run((q) => q.setPrinterSettings(serial, s)),
    setBed: (serial, bed, onlyFrom) => run((q) => q.setBed(serial, bed, onlyFrom)),
    setExclusion: (serial, why) => run((q) => q.setExclusion(serial, why)),
    setExclusions: (entries) => run((q) => q.setExclusions(entries)),
    heartbeat: (id, serials, ttl) => run((q) => q.heartbeat(id, serials, ttl)),
    releaseLeases: (id, serials) => run((q) => q.releaseLeases(id, serials)),
    leases: () => run((q) => q.leases()),
    claim: (id, serial, jobId) => run((q) => q.claim(id, serial, jobId)),
    updateCopy: (copyId, from, change, id) => run((q) => q.updateCopy(copyId, from, change, id)),
    activeCopies: (serials) => run((q) => q.activeCopies(serials)),
    adoptCopy: (copyId, id) => run((q) => q.adoptCopy(copyId, id)),
    revision: () => run((q) => q.revision()),
    revisions: () => run((q) => q.revisions()),
  };
}

/** Opens nothing yet: the engine's first `ping()` connects (and reports why it cannot). */
export function recordsStore(options: RecordsStoreOptions): SqlRecords {
  return new SqlRecords(options);
}
