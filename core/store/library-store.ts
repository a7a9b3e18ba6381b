import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { PlateSummary } from '../../shared/contract/print-schemas.ts';
import type {
  LibraryFileDetail,
  LibraryFileSummary,
  LibraryFilament,
  LibraryPage,
  LibraryQuery,
} from '../../shared/contract/records-schemas.ts';
import { FarmFailure } from '../../shared/contract/result.ts';
import type { LibraryAddition, LibraryStore } from '../farm/records-port.ts';
import type { Db } from './db.ts';
import { blobChunks, fetchBlob, storeBlob } from './library-blobs.ts';
import { contains, json, ts } from './sql-kit.ts';

/** Default size cap of the library's files: 20 GB. */
export const DEFAULT_LIBRARY_CAP = 20 * 1024 ** 3;

const SUMMARY_COLUMNS = sql.raw(`f.file_id, f.name, f.bytes::float8 AS bytes,
  (extract(epoch FROM f.added_at) * 1000)::float8 AS added_ms,
  (extract(epoch FROM f.last_used_at) * 1000)::float8 AS used_ms,
  f.plate_count, f.models, f.filaments, f.thumbnail, f.prediction_seconds,
  coalesce(h.printed, 0)::int AS printed, coalesce(h.finished, 0)::int AS finished,
  coalesce(h.failed, 0)::int AS failed, coalesce(h.ended, 0)::int AS ended`);

const PRINT_COUNTS = sql.raw(`LEFT JOIN LATERAL (
  SELECT count(*) AS printed,
    count(*) FILTER (WHERE result = 'finished') AS finished,
    count(*) FILTER (WHERE result = 'failed') AS failed,
    count(*) FILTER (WHERE result IN ('finished', 'failed', 'cancelled')) AS ended
  FROM history_jobs WHERE library_file_id = f.file_id) h ON true`);

interface SummaryRow {
  [key: string]: unknown;
  file_id: string;
  name: string;
  bytes: number;
  added_ms: number;
  used_ms: number;
  plate_count: number;
  models: string[];
  filaments: LibraryFilament[];
  thumbnail: string | null;
  prediction_seconds: number | null;
  printed: number;
  finished: number;
  failed: number;
  ended: number;
}

/**
 * Every dropped or sent file, content-addressed: bytes in `<dataDir>/library/<ab>/<sha256>.3mf`,
 * metadata in `library_files`; print counts come from the history. With `shareBytes` (a server
 * database shared by instances with their own data folders) the bytes also go to `library_blobs`,
 * and an instance without them fetches them from there.
 */
export class SqlLibraryStore implements LibraryStore {
  private readonly fetching = new Map<string, Promise<string | null>>();

  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
    private readonly capBytes = DEFAULT_LIBRARY_CAP,
    private readonly now: () => number = Date.now,
    private readonly shareBytes = false,
  ) {}

  async add(file: LibraryAddition): Promise<LibraryFileSummary> {
    const fileId = await sha256Of(file.path);
    const now = this.now();
    const known = await this.db.execute(
      sql`UPDATE library_files SET name = ${file.name}, last_used_at = ${ts(now)}
          WHERE file_id = ${fileId} RETURNING file_id`,
    );
    const target = this.blobPath(fileId);
    if (known.rows.length === 0 || !(await exists(target))) {
      if (known.rows.length === 0) await this.checkCap(file.bytes);
      await this.copyIn(file.path, target);
    }
    if (known.rows.length === 0) {
      const models = [...new Set(file.plates.flatMap((p) => (p.slicedFor ? [p.slicedFor] : [])))];
      const filaments = uniqueFilaments(file.plates);
      const first = file.plates[0];
      const search = [file.name, ...models, ...filaments.map((f) => f.material)]
        .join(' ')
        .toLowerCase();
      await this.db.execute(sql`
        INSERT INTO library_files (file_id, name, bytes, added_at, last_used_at, plate_count,
          models, filaments, thumbnail, prediction_seconds, plates, search)
        VALUES (${fileId}, ${file.name}, ${file.bytes}, ${ts(now)}, ${ts(now)},
          ${file.plates.length}, ${json(models)}, ${json(filaments)}, ${first?.thumbnail ?? null},
          ${first?.predictionSeconds ?? null}, ${json(file.plates)}, ${search})
        ON CONFLICT (file_id) DO UPDATE SET last_used_at = excluded.last_used_at`);
    }
    if (this.shareBytes) await this.share(fileId, target);
    const summary = await this.summary(fileId);
    if (!summary) throw new FarmFailure('storage', 'the library file vanished while it was added');
    return summary;
  }

  async list(query: LibraryQuery): Promise<LibraryPage> {
    const text = query.text?.trim().toLowerCase();
    const where = text ? sql`f.search LIKE ${contains(text)}` : sql`true`;
    const order =
      query.sort === 'name'
        ? sql`f.name, f.file_id`
        : query.sort === 'most-printed'
          ? sql`printed DESC, f.last_used_at DESC`
          : sql`f.last_used_at DESC, f.file_id`;
    const { rows } = await this.db.execute<SummaryRow>(sql`
      SELECT ${SUMMARY_COLUMNS} FROM library_files f ${PRINT_COUNTS}
      WHERE ${where} ORDER BY ${order} LIMIT ${query.limit ?? 50} OFFSET ${query.offset ?? 0}`);
    const totals = await this.db.execute<{ n: number; used: number }>(sql`
      SELECT count(*) FILTER (WHERE ${where})::int AS n, coalesce(sum(bytes), 0)::float8 AS used
      FROM library_files f`);
    return {
      files: rows.map(toSummary),
      total: totals.rows[0]?.n ?? 0,
      usedBytes: Number(totals.rows[0]?.used ?? 0),
      capBytes: this.capBytes,
    };
  }

  async get(fileId: string): Promise<LibraryFileDetail | null> {
    const summary = await this.summary(fileId);
    if (!summary) return null;
    const { rows } = await this.db.execute<{ plates: PlateSummary[] }>(
      sql`SELECT plates FROM library_files WHERE file_id = ${fileId}`,
    );
    return { ...summary, plates: rows[0]?.plates ?? [] };
  }

  async pathOf(fileId: string): Promise<string | null> {
    if (!(await this.known(fileId))) return null;
    const path = this.blobPath(fileId);
    if (await exists(path)) return path;
    if (!this.shareBytes) {
      throw new FarmFailure(
        'not-found',
        "this file's bytes are not on this computer (they were deleted from the data folder): drop the file here once",
      );
    }
    // Concurrent calls for one file share one fetch.
    let fetching = this.fetching.get(fileId);
    if (!fetching) {
      fetching = this.fetch(fileId, path).finally(() => this.fetching.delete(fileId));
      this.fetching.set(fileId, fetching);
    }
    return fetching;
  }

  /** Brings the bytes from the server database into this data folder; null when deleted. */
  private async fetch(fileId: string, path: string): Promise<string | null> {
    const chunks = await blobChunks(this.db, fileId);
    if (chunks === 0) {
      if (!(await this.known(fileId))) return null;
      throw new FarmFailure(
        'not-found',
        "this file's bytes are neither on this computer nor in the shared database (it was added by a Farmdeck that did not share them yet): drop the file here, or again on the Farmdeck that has it",
      );
    }
    try {
      await fetchBlob(this.db, fileId, chunks, path);
    } catch (err) {
      // A chunk gone missing mid-fetch: the file was most likely deleted meanwhile.
      if (err instanceof FarmFailure && err.code === 'not-found' && !(await this.known(fileId))) {
        return null;
      }
      throw err;
    }
    return path;
  }

  /** Stores the bytes in the server database; a database error keeps the local copy and says so. */
  private async share(fileId: string, target: string): Promise<void> {
    try {
      await storeBlob(this.db, fileId, target);
    } catch (err) {
      if (err instanceof FarmFailure || !isQueryError(err)) throw err;
      throw new FarmFailure(
        'storage',
        `the file was kept on this computer but could not be shared with the other Farmdeck instances through the database (${(err as Error).message}): drop it again to retry`,
      );
    }
  }

  async delete(fileId: string): Promise<boolean> {
    const { rows } = await this.db.execute(
      sql`DELETE FROM library_files WHERE file_id = ${fileId} RETURNING file_id`,
    );
    await rm(this.blobPath(fileId), { force: true });
    return rows.length > 0;
  }

  private async known(fileId: string): Promise<boolean> {
    const { rows } = await this.db.execute(
      sql`SELECT 1 AS x FROM library_files WHERE file_id = ${fileId}`,
    );
    return rows.length > 0;
  }

  private async summary(fileId: string): Promise<LibraryFileSummary | null> {
    const { rows } = await this.db.execute<SummaryRow>(sql`
      SELECT ${SUMMARY_COLUMNS} FROM library_files f ${PRINT_COUNTS} WHERE f.file_id = ${fileId}`);
    return rows[0] ? toSummary(rows[0]) : null;
  }

  private async checkCap(bytes: number): Promise<void> {
    const { rows } = await this.db.execute<{ used: number }>(
      sql`SELECT coalesce(sum(bytes), 0)::float8 AS used FROM library_files`,
    );
    const used = Number(rows[0]?.used ?? 0);
    if (used + bytes > this.capBytes) {
      throw new FarmFailure(
        'storage',
        `the file library is full (${gb(used)} of ${gb(this.capBytes)} used): delete files in Library, or raise the cap (--library-cap-gb)`,
      );
    }
  }

  private async copyIn(source: string, target: string): Promise<void> {
    const tmp = `${target}.${process.pid}.tmp`;
    try {
      await mkdir(join(target, '..'), { recursive: true });
      await copyFile(source, tmp);
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => undefined); // the first error is the one to tell
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EDQUOT') {
        throw new FarmFailure(
          'storage',
          `the disk holding ${this.dataDir} is full: the file was not added to the library. Free some space or delete files in Library`,
        );
      }
      throw new FarmFailure(
        'storage',
        `could not keep the file in the library (${(err as Error).message})`,
      );
    }
  }

  private blobPath(fileId: string): string {
    return join(this.dataDir, 'library', fileId.slice(0, 2), `${fileId}.3mf`);
  }
}

function toSummary(row: SummaryRow): LibraryFileSummary {
  return {
    fileId: row.file_id,
    name: row.name,
    bytes: Number(row.bytes),
    addedAt: Number(row.added_ms),
    lastUsedAt: Number(row.used_ms),
    plateCount: row.plate_count,
    models: row.models,
    filaments: row.filaments,
    thumbnail: row.thumbnail,
    predictionSeconds: row.prediction_seconds === null ? null : Number(row.prediction_seconds),
    timesPrinted: row.printed,
    finished: row.finished,
    failed: row.failed,
    successRate: row.ended > 0 ? row.finished / row.ended : null,
  };
}

function uniqueFilaments(plates: readonly PlateSummary[]): LibraryFilament[] {
  const seen = new Map<string, LibraryFilament>();
  for (const f of plates.flatMap((p) => p.filaments)) {
    seen.set(`${f.type}|${f.color}`, { material: f.type, color: f.color });
  }
  return [...seen.values()];
}

export function sha256Of(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** A query refused by the server (SQLSTATE), as opposed to a lost connection (class 08, 57P). */
function isQueryError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return (
    typeof code === 'string' &&
    /^[0-9A-Z]{5}$/.test(code) &&
    !code.startsWith('08') &&
    !code.startsWith('57P')
  );
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GB`;
