import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { BedState } from '../../shared/contract/printer-queue-schema.ts';
import type { CopyState, PrinterQueueSettings } from '../../shared/contract/queue-schemas.ts';
import type {
  CopyChange,
  JobWaiting,
  LeaseRow,
  NewQueueJob,
  PrinterExclusion,
  QueueCopyRow,
  QueueJobRow,
  QueuePrinterRow,
  QueueRevisions,
  QueueStore,
} from '../farm/queue-port.ts';
import type { Db } from './db.ts';
import { setExclusions, setJobWaitingMany } from './queue-notes.ts';
import { moveJob } from './queue-order.ts';
import * as dispatch from './queue-leases.ts';
import { bump, bumped, retrying } from './queue-sql.ts';
import {
  COPY_COLUMNS,
  JOB_COLUMNS,
  PRINTER_COLUMNS,
  toCopy,
  toJob,
  toPrinter,
  type CopyRow,
  type JobRow,
  type PrinterRow,
} from './queue-rows.ts';
import { inList, json, ts } from './sql-kit.ts';

/** Rows written between two `VACUUM (ANALYZE)`s of the queue tables (PGlite has no autovacuum). */
export const UPKEEP_EVERY = 5_000;

const QUEUE_TABLES = sql.raw('queue_jobs, queue_copies, queue_printers, queue_leases, queue_state');

/** Serialises adding and moving jobs (their positions), across instances on one server. */
export const QUEUE_ORDER_LOCK = 7_214_015;

const JOB_ORDER = sql.raw('j.priority DESC, j.position, j.created_at, j.id');

/**
 * The job queue, printer queue data and leases on PGlite or PostgreSQL (see `QueueStore`).
 * Every write bumps `queue_state.revision` in its own transaction, only when it changed a row;
 * writes to jobs or copies also bump `jobs_revision`; waiting and exclusion reasons bump only
 * `notes_revision` (`revisions()`).
 */
export class SqlQueueStore implements QueueStore {
  private writtenSinceUpkeep = 0;

  constructor(
    private readonly db: Db,
    private readonly upkeepEvery = UPKEEP_EVERY,
  ) {}

  addJob(job: NewQueueJob): Promise<QueueJobRow> {
    const id = randomUUID();
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${QUEUE_ORDER_LOCK})`);
      await tx.execute(sql`
        INSERT INTO queue_jobs (id, library_file_id, file_name, plate, target, filament_rule,
          priority, position, not_before, on_failure, options)
        SELECT ${id}, ${job.libraryFileId}, ${job.fileName}, ${job.plate}, ${json(job.target)},
          ${job.filamentRule}, ${job.priority}, coalesce(max(position), 0) + 1,
          ${job.notBefore === null ? null : ts(job.notBefore)}, ${job.onFailure}, ${json(job.options)}
        FROM queue_jobs`);
      await tx.execute(sql`
        INSERT INTO queue_copies (id, job_id, copy_index)
        SELECT gen_random_uuid()::text, ${id}, n FROM generate_series(1, ${job.copies}::int) n`);
      await bump(tx);
      return (await jobsWhere(tx, sql`j.id = ${id}`))[0]!;
    });
  }

  listJobs(): Promise<QueueJobRow[]> {
    return jobsWhere(this.db, sql`true`);
  }

  async getJob(jobId: string): Promise<QueueJobRow | null> {
    return (await jobsWhere(this.db, sql`j.id = ${jobId}`))[0] ?? null;
  }

  moveJob(jobId: string, beforeJobId: string | null): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${QUEUE_ORDER_LOCK})`);
      const moved = await moveJob(tx, jobId, beforeJobId);
      if (moved === 'changed') await bump(tx);
      return moved !== 'missing';
    });
  }

  async cancelJob(jobId: string): Promise<QueueJobRow | null> {
    await retrying(() =>
      this.db.execute(
        bumped(sql`UPDATE queue_copies SET state = 'cancelled', updated_at = now()
          WHERE job_id = ${jobId} AND state IN ('queued', 'held') RETURNING id`),
      ),
    );
    return this.getJob(jobId);
  }

  async requeueJob(jobId: string): Promise<QueueJobRow | null> {
    await retrying(() =>
      this.db.execute(
        bumped(sql`UPDATE queue_copies SET state = 'queued', printer_serial = NULL,
            instance_id = NULL, dispatched_at = NULL, started_at = NULL, ended_at = NULL,
            updated_at = now()
          WHERE job_id = ${jobId} AND state IN ('failed', 'held') RETURNING id`),
      ),
    );
    return this.getJob(jobId);
  }

  removeJob(jobId: string): Promise<boolean> {
    return retrying(() => this.removeOnce(jobId));
  }

  /**
   * Counts rows written; now and then vacuums and analyses the queue tables: every copy and lease
   * change leaves a dead row, and PGlite has no autovacuum. `SKIP_LOCKED`: never waits for another
   * instance's vacuum. Upkeep failing is not the caller's failure.
   */
  private async wrote(rows: number): Promise<void> {
    this.writtenSinceUpkeep += rows;
    if (this.writtenSinceUpkeep < this.upkeepEvery) return;
    this.writtenSinceUpkeep = 0;
    await this.db
      .execute(sql`VACUUM (ANALYZE, SKIP_LOCKED) ${QUEUE_TABLES}`)
      .catch(() => undefined);
  }

  private removeOnce(jobId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // Locks the copies first: a claim taking one now finishes before we look at the states.
      const { rows } = await tx.execute<{ active: boolean }>(sql`
        SELECT state IN ('dispatched', 'printing') AS active FROM queue_copies
        WHERE job_id = ${jobId} FOR UPDATE`);
      if (rows.some((r) => r.active)) return false;
      const deleted = await tx.execute(
        sql`DELETE FROM queue_jobs WHERE id = ${jobId} RETURNING id`,
      );
      if (deleted.rows.length === 0) return false;
      await bump(tx);
      return true;
    });
  }

  async setJobWaiting(jobId: string, waiting: string | null): Promise<void> {
    await setJobWaitingMany(this.db, [{ jobId, waiting }]);
  }

  setJobWaitingMany(entries: readonly JobWaiting[]): Promise<number> {
    return setJobWaitingMany(this.db, entries);
  }

  async paused(): Promise<boolean> {
    const { rows } = await this.db.execute<{ paused: boolean }>(
      sql`SELECT paused FROM queue_state`,
    );
    return rows[0]?.paused ?? false;
  }

  async setPaused(paused: boolean): Promise<void> {
    await this.db.execute(sql`UPDATE queue_state SET paused = ${paused}, revision = revision + 1
      WHERE paused <> ${paused}`);
  }

  async printers(): Promise<QueuePrinterRow[]> {
    const { rows } = await this.db.execute<PrinterRow>(
      sql`SELECT ${PRINTER_COLUMNS} FROM queue_printers ORDER BY serial`,
    );
    return rows.map(toPrinter);
  }

  setPrinterSettings(serial: string, settings: PrinterQueueSettings): Promise<QueuePrinterRow> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.execute<PrinterRow>(
        sql`SELECT ${PRINTER_COLUMNS} FROM queue_printers WHERE serial = ${serial} FOR UPDATE`,
      );
      const current = rows[0];
      const tags = settings.tags
        ? [...new Set(settings.tags.map((t) => t.trim()))]
        : (current?.tags ?? []);
      const waive = settings.waiveBedCheck ?? current?.waive_bed_check ?? false;
      if (
        current &&
        current.waive_bed_check === waive &&
        JSON.stringify(current.tags) === JSON.stringify(tags)
      ) {
        return toPrinter(current);
      }
      const written = await tx.execute<PrinterRow>(sql`
        INSERT INTO queue_printers (serial, tags, waive_bed_check)
        VALUES (${serial}, ${json(tags)}, ${waive})
        ON CONFLICT (serial) DO UPDATE
          SET tags = excluded.tags, waive_bed_check = excluded.waive_bed_check
        RETURNING ${PRINTER_COLUMNS}`);
      await bump(tx, 'printers');
      return toPrinter(written.rows[0]!);
    });
  }

  setBed(
    serial: string,
    bed: BedState,
    onlyFrom?: readonly BedState[],
  ): Promise<QueuePrinterRow | null> {
    return this.db.transaction(async (tx) => {
      // Twice at most: a row another instance inserted meanwhile is locked and read the second time.
      for (let attempt = 0; attempt < 2; attempt++) {
        const { rows } = await tx.execute<PrinterRow>(
          sql`SELECT ${PRINTER_COLUMNS} FROM queue_printers WHERE serial = ${serial} FOR UPDATE`,
        );
        const current = rows[0];
        if (onlyFrom && !onlyFrom.includes(current?.bed ?? 'unknown')) return null;
        if (current?.bed === bed) return toPrinter(current);
        const written = current
          ? await tx.execute<PrinterRow>(sql`
              UPDATE queue_printers SET bed = ${bed}, bed_changed_at = now()
              WHERE serial = ${serial} RETURNING ${PRINTER_COLUMNS}`)
          : await tx.execute<PrinterRow>(sql`
              INSERT INTO queue_printers (serial, bed, bed_changed_at) VALUES (${serial}, ${bed}, now())
              ON CONFLICT (serial) DO NOTHING RETURNING ${PRINTER_COLUMNS}`);
        if (written.rows[0]) {
          await bump(tx, 'printers');
          return toPrinter(written.rows[0]);
        }
      }
      return null;
    });
  }

  async setExclusion(serial: string, exclusion: string | null): Promise<void> {
    await setExclusions(this.db, [{ serial, exclusion }]);
  }

  setExclusions(entries: readonly PrinterExclusion[]): Promise<number> {
    return setExclusions(this.db, entries);
  }

  async heartbeat(
    instanceId: string,
    serials: readonly string[],
    ttlMs: number,
  ): Promise<string[]> {
    const held = await dispatch.heartbeat(this.db, instanceId, serials, ttlMs);
    await this.wrote(held.length);
    return held;
  }

  releaseLeases(instanceId: string, serials?: readonly string[]): Promise<void> {
    return dispatch.releaseLeases(this.db, instanceId, serials);
  }

  leases(): Promise<LeaseRow[]> {
    return dispatch.leases(this.db);
  }

  async claim(instanceId: string, serial: string, jobId: string): Promise<QueueCopyRow | null> {
    const copy = await dispatch.claim(this.db, instanceId, serial, jobId);
    if (copy) await this.wrote(3);
    return copy;
  }

  async updateCopy(
    copyId: string,
    from: readonly CopyState[],
    change: CopyChange,
    instanceId?: string,
  ): Promise<QueueCopyRow | null> {
    if (from.length === 0) return null;
    const sets: SQL[] = [sql`state = ${change.state}`, sql`updated_at = now()`];
    if (change.state === 'queued') {
      sets.push(sql`printer_serial = NULL, instance_id = NULL, dispatched_at = NULL`);
    }
    if (change.reason !== undefined) sets.push(sql`reason = ${change.reason}`);
    if (change.historyId !== undefined) sets.push(sql`history_id = ${change.historyId}`);
    const at = (v: number | null) => (v === null ? sql`NULL` : ts(v));
    if (change.startedAt !== undefined) sets.push(sql`started_at = ${at(change.startedAt)}`);
    else if (change.state === 'queued') sets.push(sql`started_at = NULL`);
    if (change.endedAt !== undefined) sets.push(sql`ended_at = ${at(change.endedAt)}`);
    else if (change.state === 'queued') sets.push(sql`ended_at = NULL`);
    const mine = instanceId === undefined ? sql`true` : sql`instance_id = ${instanceId}`;
    const { rows } = await this.db.execute<CopyRow>(
      bumped(sql`UPDATE queue_copies SET ${sql.join(sets, sql`, `)}
        WHERE id = ${copyId} AND ${inList(sql`state`, from)} AND ${mine}
        RETURNING ${COPY_COLUMNS}`),
    );
    if (rows[0]) await this.wrote(2);
    return rows[0] ? toCopy(rows[0]) : null;
  }

  activeCopies(serials: readonly string[]): Promise<QueueCopyRow[]> {
    return dispatch.activeCopies(this.db, serials);
  }

  adoptCopy(copyId: string, instanceId: string): Promise<QueueCopyRow | null> {
    return dispatch.adoptCopy(this.db, copyId, instanceId);
  }

  async revision(): Promise<number> {
    const { content, notes } = await this.revisions();
    return content + notes;
  }

  async revisions(): Promise<QueueRevisions> {
    const { rows } = await this.db.execute<{ content: number; notes: number; jobs: number }>(
      sql`SELECT revision::float8 AS content, notes_revision::float8 AS notes,
        jobs_revision::float8 AS jobs FROM queue_state`,
    );
    const r = rows[0];
    return {
      content: Number(r?.content ?? 0),
      notes: Number(r?.notes ?? 0),
      jobs: Number(r?.jobs ?? 0),
    };
  }
}

/** Jobs matching `where` in queue order with their copies: two queries whatever the count. */
async function jobsWhere(db: Pick<Db, 'execute'>, where: SQL): Promise<QueueJobRow[]> {
  const jobs = await db.execute<JobRow>(
    sql`SELECT ${JOB_COLUMNS} FROM queue_jobs j WHERE ${where} ORDER BY ${JOB_ORDER}`,
  );
  if (jobs.rows.length === 0) return [];
  const copies = await db.execute<CopyRow>(sql`
    SELECT ${COPY_COLUMNS} FROM queue_copies
    WHERE job_id IN (SELECT j.id FROM queue_jobs j WHERE ${where})
    ORDER BY job_id, copy_index`);
  const byJob = new Map<string, QueueCopyRow[]>();
  for (const row of copies.rows) {
    const copy = toCopy(row);
    const list = byJob.get(copy.jobId);
    if (list) list.push(copy);
    else byJob.set(copy.jobId, [copy]);
  }
  return jobs.rows.map((row) => toJob(row, byJob.get(row.id) ?? []));
}
