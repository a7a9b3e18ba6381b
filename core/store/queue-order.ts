import { sql } from 'drizzle-orm';
import type { Db } from './db.ts';

interface Place {
  [key: string]: unknown;
  priority: number;
  position: number;
}

/**
 * Moves a job before another, or to the end (`beforeJobId` null), inside a transaction holding
 * the queue order lock. Jobs run by priority first, so the moved job takes the priority of the
 * job it now stands before (at the end: never higher than the last job's) and a position between
 * its new neighbours. Positions are fractions; when two neighbours are too close to split, every
 * job is renumbered 1, 2, 3… in queue order first.
 */
export async function moveJob(
  tx: Db,
  jobId: string,
  beforeJobId: string | null,
): Promise<'missing' | 'unchanged' | 'changed'> {
  const job = await place(tx, jobId);
  if (!job) return 'missing';
  if (beforeJobId === jobId) return 'unchanged';
  for (let attempt = 0; attempt < 2; attempt++) {
    const target =
      beforeJobId === null
        ? await endPlace(tx, jobId, job)
        : await beforePlace(tx, jobId, beforeJobId);
    if (target === 'missing') return 'missing';
    if (target === 'renumber') {
      await renumber(tx);
      continue;
    }
    if (target.priority === job.priority && target.position === job.position) return 'unchanged';
    await tx.execute(sql`UPDATE queue_jobs SET priority = ${target.priority},
      position = ${target.position}::float8 WHERE id = ${jobId}`);
    return 'changed';
  }
  throw new Error('queue positions could not be split after renumbering');
}

async function place(tx: Db, jobId: string): Promise<Place | null> {
  const { rows } = await tx.execute<Place>(
    sql`SELECT priority, position FROM queue_jobs WHERE id = ${jobId} FOR UPDATE`,
  );
  return rows[0] ? { priority: rows[0].priority, position: Number(rows[0].position) } : null;
}

async function beforePlace(
  tx: Db,
  jobId: string,
  beforeJobId: string,
): Promise<Place | 'missing' | 'renumber'> {
  const before = await place(tx, beforeJobId);
  if (!before) return 'missing';
  const { rows } = await tx.execute<{ position: number }>(sql`
    SELECT position FROM queue_jobs
    WHERE priority = ${before.priority} AND position < ${before.position}::float8 AND id <> ${jobId}
    ORDER BY position DESC LIMIT 1`);
  const prev = rows[0] ? Number(rows[0].position) : before.position - 2;
  const position = (prev + before.position) / 2;
  if (!(position > prev && position < before.position)) return 'renumber';
  return { priority: before.priority, position };
}

async function endPlace(tx: Db, jobId: string, job: Place): Promise<Place> {
  const { rows } = await tx.execute<Place>(sql`
    SELECT priority, position FROM queue_jobs WHERE id <> ${jobId}
    ORDER BY priority ASC, position DESC LIMIT 1`);
  const last = rows[0];
  // Alone, or already behind every job: it stays.
  if (!last || last.priority > job.priority) return job;
  if (last.priority === job.priority && Number(last.position) < job.position) return job;
  return { priority: last.priority, position: Number(last.position) + 1 };
}

async function renumber(tx: Db): Promise<void> {
  await tx.execute(sql`
    UPDATE queue_jobs j SET position = r.n
    FROM (SELECT id, row_number() OVER (ORDER BY priority DESC, position, created_at, id)::float8 AS n
          FROM queue_jobs) r
    WHERE r.id = j.id AND j.position <> r.n`);
}
