import { sql, type SQL } from 'drizzle-orm';
import type { JobWaiting, PrinterExclusion } from '../farm/queue-port.ts';
import type { Db } from './db.ts';
import { retrying } from './queue-sql.ts';
import { json } from './sql-kit.ts';

/**
 * A data-modifying statement (with RETURNING) that bumps `queue_state.notes_revision` when it
 * returned rows; answers how many. Reasons are not content: the content revision stays.
 */
const notesBumped = (statement: SQL): SQL => sql`WITH w AS (${statement}),
  b AS (UPDATE queue_state SET notes_revision = notes_revision + 1 WHERE EXISTS (SELECT 1 FROM w))
  SELECT count(*)::int AS n FROM w`;

/** The last entry per key, sorted by key: every instance locks rows in the same order. */
function lastPer<T>(entries: readonly T[], key: (e: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const e of entries) byKey.set(key(e), e);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

async function count(db: Pick<Db, 'execute'>, statement: SQL): Promise<number> {
  const { rows } = await retrying(() => db.execute<{ n: number }>(notesBumped(statement)));
  return Number(rows[0]?.n ?? 0);
}

/** Waiting reasons of many jobs in one statement; only rows whose reason differs are written. */
export function setJobWaitingMany(
  db: Pick<Db, 'execute'>,
  entries: readonly JobWaiting[],
): Promise<number> {
  const list = lastPer(entries, (e) => e.jobId).map((e) => ({ id: e.jobId, waiting: e.waiting }));
  if (list.length === 0) return Promise.resolve(0);
  return count(
    db,
    sql`UPDATE queue_jobs j SET waiting = v.waiting
      FROM jsonb_to_recordset(${json(list)}) AS v(id text, waiting text)
      WHERE j.id = v.id AND j.waiting IS DISTINCT FROM v.waiting RETURNING j.id`,
  );
}

/**
 * Exclusion reasons of many printers in one statement; a printer without a row gets one only
 * when it is excluded. Only rows whose reason differs are written.
 */
export function setExclusions(
  db: Pick<Db, 'execute'>,
  entries: readonly PrinterExclusion[],
): Promise<number> {
  const list = lastPer(entries, (e) => e.serial);
  if (list.length === 0) return Promise.resolve(0);
  return count(
    db,
    sql`INSERT INTO queue_printers (serial, exclusion)
      SELECT v.serial, v.exclusion
      FROM jsonb_to_recordset(${json(list)}) AS v(serial text, exclusion text)
      WHERE v.exclusion IS NOT NULL
        OR EXISTS (SELECT 1 FROM queue_printers p WHERE p.serial = v.serial)
      ORDER BY v.serial
      ON CONFLICT (serial) DO UPDATE SET exclusion = excluded.exclusion
        WHERE queue_printers.exclusion IS DISTINCT FROM excluded.exclusion
      RETURNING serial`,
  );
}
