import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import type {
  HistoryFilter,
  HistoryPage,
  HistoryQuery,
  HistoryRecord,
} from '../../shared/contract/records-schemas.ts';
import { FarmFailure } from '../../shared/contract/result.ts';
import type { HistoryStore } from '../farm/records-port.ts';
import type { Db } from './db.ts';
import { HISTORY_COLUMNS, rowToRecord, type HistoryRow } from './history-rows.ts';
import { allOf, contains, inList, json, ms, ts } from './sql-kit.ts';

const DEFAULT_PAGE = 50;
/** Records per statement of `saveMany` (23 parameters each: well under PostgreSQL's 65 535). */
const BATCH = 500;
/** Matching records are counted up to this many. */
export const COUNT_CAP = 10_000;

/** Records written between two `ANALYZE`s (PGlite has no autovacuum). */
const ANALYZE_EVERY = 1_000;

/** History records in `history_jobs` (+ `history_filament` for statistics); snapshots as files. */
export class SqlHistoryStore implements HistoryStore {
  private writtenSinceAnalyze = 0;

  constructor(
    private readonly db: Db,
    /** Folder of this instance's files (snapshots live in `snapshots/`). */
    private readonly dataDir: string,
    private readonly instanceId: string,
  ) {}

  save(r: HistoryRecord): Promise<void> {
    return this.saveMany([r]);
  }

  async saveMany(all: readonly HistoryRecord[]): Promise<void> {
    // One statement may not touch a row twice: the last version of each id wins.
    const records = [...new Map(all.map((r) => [r.id, r])).values()];
    for (let i = 0; i < records.length; i += BATCH) {
      const chunk = records.slice(i, i + BATCH);
      await this.db.transaction(async (tx) => {
        await tx.execute(this.upsert(chunk));
        await tx.execute(
          sql`DELETE FROM history_filament WHERE ${inList(
            sql`job_id`,
            chunk.map((r) => r.id),
          )}`,
        );
        const filament = chunk.flatMap((r) =>
          r.filament.items.map(
            (f) => sql`(${r.id}, ${f.slot}, ${f.material}, ${f.color}, ${f.grams})`,
          ),
        );
        if (filament.length > 0) {
          await tx.execute(sql`INSERT INTO history_filament (job_id, slot, material, color, grams)
            VALUES ${sql.join(filament, sql`, `)}`);
        }
      });
    }
    this.writtenSinceAnalyze += records.length;
    if (this.writtenSinceAnalyze >= ANALYZE_EVERY) {
      this.writtenSinceAnalyze = 0;
      // Planner statistics and the visibility map keep pages and counts on their indexes.
      await this.db
        .execute(sql`VACUUM (ANALYZE) history_jobs, history_filament`)
        .catch(() => undefined);
    }
  }

  private upsert(records: readonly HistoryRecord[]): SQL {
    const rows = records.map(
      (r) => sql`(${r.id}, ${r.printerId}, ${r.printerName}, ${r.printerSerial}, ${r.printerModel},
          ${r.jobName}, ${r.fileName}, ${r.plate}, ${r.libraryFileId}, ${r.startedByFarmdeck},
          ${ts(r.startedAt)}, ${r.endedAt === null ? null : ts(r.endedAt)}, ${r.result},
          ${r.failure === null ? null : json(r.failure)}, ${r.failure?.summary ?? null},
          ${r.layerReached}, ${r.totalLayers}, ${r.percent}, ${json(r.filament)},
          ${r.filament.totalGrams}, ${r.demo}, ${this.instanceId}, ${ts(r.updatedAt)})`,
    );
    return sql`
        INSERT INTO history_jobs (id, printer_id, printer_name, printer_serial, printer_model,
          job_name, file_name, plate, library_file_id, started_by_farmdeck, started_at, ended_at,
          result, failure, failure_summary, layer_reached, total_layers, percent, filament,
          filament_grams, demo, instance_id, updated_at)
        VALUES ${sql.join(rows, sql`, `)}
        ON CONFLICT (id) DO UPDATE SET
          printer_id = excluded.printer_id, printer_name = excluded.printer_name,
          printer_model = excluded.printer_model, job_name = excluded.job_name,
          file_name = excluded.file_name, plate = excluded.plate,
          library_file_id = COALESCE(excluded.library_file_id, history_jobs.library_file_id),
          started_by_farmdeck = excluded.started_by_farmdeck OR history_jobs.started_by_farmdeck,
          started_at = LEAST(excluded.started_at, history_jobs.started_at),
          ended_at = excluded.ended_at, result = excluded.result, failure = excluded.failure,
          failure_summary = excluded.failure_summary, layer_reached = excluded.layer_reached,
          total_layers = excluded.total_layers, percent = excluded.percent,
          filament = excluded.filament, filament_grams = excluded.filament_grams,
          demo = excluded.demo, instance_id = excluded.instance_id, updated_at = excluded.updated_at`;
  }

  async get(id: string): Promise<HistoryRecord | null> {
    const { rows } = await this.db.execute<HistoryRow>(
      sql`SELECT ${HISTORY_COLUMNS} FROM history_jobs WHERE id = ${id}`,
    );
    return rows[0] ? rowToRecord(rows[0]) : null;
  }

  async list(query: HistoryQuery): Promise<HistoryPage> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const where = filterSql(query);
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
    const page = after
      ? allOf([where, sql`(started_at, id) < (${ts(after.startedAt)}, ${after.id})`])
      : where;
    const { rows } = await this.db.execute<HistoryRow>(sql`
      SELECT ${HISTORY_COLUMNS} FROM history_jobs WHERE ${page}
      ORDER BY started_at DESC, id DESC LIMIT ${limit + 1}`);
    // Counting stops at COUNT_CAP: a page stays fast on a long history ("10,000+" in the view).
    const counted = await this.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM history_jobs WHERE ${where} LIMIT ${COUNT_CAP}) c`,
    );
    const records = rows.slice(0, limit).map((r) => rowToRecord(r));
    const last = records[records.length - 1];
    return {
      records,
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
      total: counted.rows[0]?.n ?? 0,
      totalCapped: (counted.rows[0]?.n ?? 0) >= COUNT_CAP,
    };
  }

  async export(filter: HistoryFilter, limit: number): Promise<HistoryRecord[]> {
    const { rows } = await this.db.execute<HistoryRow>(sql`
      SELECT ${HISTORY_COLUMNS} FROM history_jobs WHERE ${filterSql(filter)}
      ORDER BY started_at DESC, id DESC LIMIT ${limit}`);
    return rows.map((r) => rowToRecord(r));
  }

  async running(serial: string): Promise<HistoryRecord[]> {
    const { rows } = await this.db.execute<HistoryRow>(sql`
      SELECT ${HISTORY_COLUMNS} FROM history_jobs
      WHERE printer_serial = ${serial} AND result = 'running' ORDER BY started_at`);
    return rows.map((r) => rowToRecord(r));
  }

  async saveSnapshot(id: string, jpeg: Buffer, takenAt: number): Promise<void> {
    const relative = join('snapshots', `${safeName(id)}.jpg`);
    const path = join(this.dataDir, relative);
    await mkdir(join(this.dataDir, 'snapshots'), { recursive: true });
    await writeFile(`${path}.tmp`, jpeg);
    await rename(`${path}.tmp`, path);
    await this.db.execute(
      sql`UPDATE history_jobs SET snapshot_path = ${relative}, snapshot_at = ${ts(takenAt)} WHERE id = ${id}`,
    );
  }

  async snapshot(id: string): Promise<{ jpeg: Buffer; takenAt: number } | null> {
    const { rows } = await this.db.execute<{ path: string | null; at: number | null }>(
      sql`SELECT snapshot_path AS path, ${ms(sql`snapshot_at`)} AS at FROM history_jobs WHERE id = ${id}`,
    );
    const row = rows[0];
    if (!row?.path) return null;
    try {
      return { jpeg: await readFile(join(this.dataDir, row.path)), takenAt: Number(row.at) };
    } catch {
      throw new FarmFailure(
        'not-found',
        'the snapshot file is not on this computer (taken by another Farmdeck sharing the database, or deleted)',
      );
    }
  }
}

export function filterSql(filter: HistoryFilter): SQL {
  const conditions: SQL[] = [];
  if (filter.printerIds) conditions.push(inList(sql`printer_id`, filter.printerIds));
  if (filter.results) conditions.push(inList(sql`result`, filter.results));
  if (filter.from !== undefined) conditions.push(sql`started_at >= ${ts(filter.from)}`);
  if (filter.to !== undefined) conditions.push(sql`started_at < ${ts(filter.to)}`);
  if (filter.libraryFileId) conditions.push(sql`library_file_id = ${filter.libraryFileId}`);
  const text = filter.text?.trim();
  if (text) {
    const like = contains(text);
    conditions.push(
      sql`(job_name ILIKE ${like} OR file_name ILIKE ${like} OR printer_name ILIKE ${like})`,
    );
  }
  return allOf(conditions);
}

function encodeCursor(r: HistoryRecord): string {
  return Buffer.from(JSON.stringify([r.startedAt, r.id])).toString('base64url');
}

function decodeCursor(cursor: string): { startedAt: number; id: string } {
  try {
    const [startedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    if (typeof startedAt === 'number' && typeof id === 'string') return { startedAt, id };
  } catch {
    // falls through
  }
  throw new FarmFailure(
    'invalid-input',
    'the history page cursor is not valid: load the first page again',
  );
}

const safeName = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_');
