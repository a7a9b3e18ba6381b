import { sql } from 'drizzle-orm';
import type { LeaseRow, QueueCopyRow } from '../farm/queue-port.ts';
import type { Db } from './db.ts';
import { bumped, retrying, sqlState, textValues } from './queue-sql.ts';
import { COPY_COLUMNS, toCopy, toLease, type CopyRow, type LeaseDbRow } from './queue-rows.ts';
import { inList } from './sql-kit.ts';

/** Sorted and without repeats: every instance locks lease rows in the same order. */
const sortedUnique = (serials: readonly string[]) => [...new Set(serials)].sort();

/**
 * Renews this instance's leases among `serials` and takes the free or expired ones, all until the
 * database's now + `ttlMs`, in one statement. Returns the serials of `serials` it holds after.
 * The revision changes only when a lease changed hands (renewals are not news).
 */
export async function heartbeat(
  db: Db,
  instanceId: string,
  serials: readonly string[],
  ttlMs: number,
): Promise<string[]> {
  const list = sortedUnique(serials);
  if (list.length === 0) return [];
  const { rows } = await retrying(() =>
    db.execute<{ serial: string }>(sql`
      WITH prev AS (
        SELECT serial FROM queue_leases
        WHERE instance_id = ${instanceId} AND expires_at > now() AND ${inList(sql`serial`, list)}
      ), up AS (
        INSERT INTO queue_leases (serial, instance_id, expires_at)
        SELECT v.serial, ${instanceId}, now() + ${Math.max(0, ttlMs)}::float8 * interval '1 millisecond'
        FROM ${textValues(list, 'v', 'serial')} ORDER BY v.serial
        ON CONFLICT (serial) DO UPDATE
          SET instance_id = excluded.instance_id, expires_at = excluded.expires_at
          WHERE queue_leases.instance_id = excluded.instance_id OR queue_leases.expires_at <= now()
        RETURNING serial
      ), b AS (
        UPDATE queue_state SET revision = revision + 1
        WHERE EXISTS (SELECT 1 FROM up WHERE serial NOT IN (SELECT serial FROM prev))
      )
      SELECT serial FROM up ORDER BY serial`),
  );
  return rows.map((r) => r.serial);
}

/** Gives up this instance's leases (all, or those of `serials`). */
export async function releaseLeases(
  db: Db,
  instanceId: string,
  serials?: readonly string[],
): Promise<void> {
  const only = serials ? inList(sql`serial`, sortedUnique(serials)) : sql`true`;
  await retrying(() =>
    db.execute(
      bumped(
        sql`DELETE FROM queue_leases WHERE serial IN (
        SELECT serial FROM queue_leases WHERE instance_id = ${instanceId} AND ${only}
        ORDER BY serial FOR UPDATE) AND instance_id = ${instanceId} RETURNING serial`,
        'printers',
      ),
    ),
  );
}

export async function leases(db: Db): Promise<LeaseRow[]> {
  const { rows } = await db.execute<LeaseDbRow>(sql`
    SELECT serial, instance_id, (extract(epoch FROM expires_at) * 1000)::float8 AS expires_ms,
           expires_at > now() AS live
    FROM queue_leases ORDER BY serial`);
  return rows.map(toLease);
}

/**
 * One transaction of two statements. Locks the lease row, then the printer row (`FOR UPDATE`):
 * two claims for one printer run one after the other, and the second sees the first's copy and bed. The copy is
 * taken with `FOR UPDATE SKIP LOCKED`: two claims for one job never get the same copy. The unique
 * index on active copies per printer refuses what slipped through (then: null).
 */
export async function claim(
  db: Db,
  instanceId: string,
  serial: string,
  jobId: string,
): Promise<QueueCopyRow | null> {
  try {
    return await retrying(() => db.transaction((tx) => claimIn(tx, instanceId, serial, jobId)));
  } catch (err) {
    if (sqlState(err) === '23505') return null;
    throw err;
  }
}

async function claimIn(
  tx: Db,
  instanceId: string,
  serial: string,
  jobId: string,
): Promise<QueueCopyRow | null> {
  // Locks the lease row, then the printer row; a row another transaction changed meanwhile is
  // read again as committed (a lease taken over no longer matches; a bed now in use is not ready).
  const locked = await tx.execute<{ ready: boolean }>(sql`
    SELECT p.bed = 'clear' OR p.waive_bed_check AS ready
    FROM queue_leases l JOIN queue_printers p ON p.serial = l.serial
    WHERE l.serial = ${serial} AND l.instance_id = ${instanceId} AND l.expires_at > now()
    FOR UPDATE`);
  if (!locked.rows[0]?.ready) return null;
  // A new statement, so a new snapshot: it sees every copy committed before the locks were ours.
  const { rows } = await tx.execute<CopyRow>(sql`
    WITH c AS (
      UPDATE queue_copies SET state = 'dispatched', printer_serial = ${serial},
        instance_id = ${instanceId}, attempts = attempts + 1, reason = NULL,
        dispatched_at = now(), started_at = NULL, ended_at = NULL, updated_at = now()
      WHERE id = (
          SELECT id FROM queue_copies WHERE job_id = ${jobId} AND state = 'queued'
          ORDER BY copy_index LIMIT 1 FOR UPDATE SKIP LOCKED)
        AND NOT EXISTS (SELECT 1 FROM queue_copies a
          WHERE a.printer_serial = ${serial} AND a.state IN ('dispatched', 'printing'))
      RETURNING ${COPY_COLUMNS}
    ), bed AS (
      UPDATE queue_printers SET bed = 'in-use', bed_changed_at = now()
      WHERE serial = ${serial} AND bed <> 'in-use' AND EXISTS (SELECT 1 FROM c)
    ), b AS (
      UPDATE queue_state SET revision = revision + 1, jobs_revision = jobs_revision + 1
        WHERE EXISTS (SELECT 1 FROM c)
    )
    SELECT * FROM c`);
  return rows[0] ? toCopy(rows[0]) : null;
}

/** Gives an active copy to `instanceId` when it holds the live lease of the copy's printer. */
export async function adoptCopy(
  db: Db,
  copyId: string,
  instanceId: string,
): Promise<QueueCopyRow | null> {
  const { rows } = await db.execute<CopyRow>(
    bumped(sql`
      UPDATE queue_copies c SET instance_id = ${instanceId}, updated_at = now()
      WHERE c.id = ${copyId} AND c.state IN ('dispatched', 'printing')
        AND EXISTS (SELECT 1 FROM queue_leases l WHERE l.serial = c.printer_serial
          AND l.instance_id = ${instanceId} AND l.expires_at > now())
      RETURNING ${COPY_COLUMNS}`),
  );
  return rows[0] ? toCopy(rows[0]) : null;
}

/** Copies dispatched or printing on these printers, whichever instance holds them. */
export async function activeCopies(db: Db, serials: readonly string[]): Promise<QueueCopyRow[]> {
  if (serials.length === 0) return [];
  const { rows } = await db.execute<CopyRow>(sql`
    SELECT ${COPY_COLUMNS} FROM queue_copies
    WHERE state IN ('dispatched', 'printing') AND ${inList(sql`printer_serial`, [...new Set(serials)])}
    ORDER BY printer_serial`);
  return rows.map(toCopy);
}
