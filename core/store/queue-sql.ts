import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './db.ts';

/** What a write changed: jobs or copies (`revision` and `jobs_revision`), or only printers and leases. */
export type Bumps = 'jobs' | 'printers';

const SETS: Record<Bumps, SQL> = {
  jobs: sql.raw('revision = revision + 1, jobs_revision = jobs_revision + 1'),
  printers: sql.raw('revision = revision + 1'),
};

/**
 * A data-modifying statement (with RETURNING) that also bumps the queue's revision when it
 * returned rows, in one statement. The revision row is locked last, after the statement's own
 * rows, as in every queue transaction: no lock cycle between writers.
 */
export const bumped = (statement: SQL, what: Bumps = 'jobs'): SQL => sql`WITH w AS (${statement}),
  b AS (UPDATE queue_state SET ${SETS[what]} WHERE EXISTS (SELECT 1 FROM w))
  SELECT * FROM w`;

/** Bumps the revision: the last statement of a queue transaction that changed something. */
export async function bump(tx: Pick<Db, 'execute'>, what: Bumps = 'jobs'): Promise<void> {
  await tx.execute(sql`UPDATE queue_state SET ${SETS[what]}`);
}

/** `(VALUES ($1), ($2), …) AS name(column)` of text values. */
export const textValues = (values: readonly string[], name: string, column: string): SQL =>
  sql`(VALUES ${sql.join(
    values.map((v) => sql`(${v}::text)`),
    sql`, `,
  )}) AS ${sql.raw(name)}(${sql.raw(column)})`;

/** SQLSTATE of a driver error (drizzle wraps it as `cause`). */
export function sqlState(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 3; i++) {
    if (typeof e.code === 'string') return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

/** Deadlock or serialization failure: PostgreSQL rolled the transaction back, it may run again. */
const RETRYABLE = new Set(['40P01', '40001']);

/** Runs `task` again (at most 3 times in all) when PostgreSQL aborted it for a deadlock. */
export async function retrying<T>(task: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (err) {
      if (attempt >= 3 || !RETRYABLE.has(sqlState(err) ?? '')) throw err;
    }
  }
}
