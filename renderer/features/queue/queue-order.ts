import type { QueueJobView } from '../../../shared/contract/queue-schemas.ts';

/** Where `queue:move` puts a job: before that job, or at the end (null). */
export type MoveTarget = { beforeJobId: string | null };

/** The order after moving `jobId` before `beforeJobId` (null: to the end). */
export function applyMove<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  jobId: string,
  beforeJobId: string | null,
): T[] {
  const moving = items.find((item) => idOf(item) === jobId);
  if (moving === undefined) return [...items];
  const rest = items.filter((item) => idOf(item) !== jobId);
  const at = beforeJobId === null ? -1 : rest.findIndex((item) => idOf(item) === beforeJobId);
  if (at < 0) return [...rest, moving];
  return [...rest.slice(0, at), moving, ...rest.slice(at)];
}

/** Moves one step up (-1) or down (+1); null when the job is already at that end. */
export function stepMove(ids: readonly string[], jobId: string, step: -1 | 1): MoveTarget | null {
  const i = ids.indexOf(jobId);
  if (i < 0) return null;
  if (step === -1) {
    const before = ids[i - 1];
    return before === undefined ? null : { beforeJobId: before };
  }
  if (i >= ids.length - 1) return null;
  return { beforeJobId: ids[i + 2] ?? null };
}

/**
 * A row dragged onto another row: lands before it, or after it when dropped on its lower half.
 * Null when the order would not change.
 */
export function dropMove(
  ids: readonly string[],
  draggedId: string,
  overId: string,
  after: boolean,
): MoveTarget | null {
  const over = ids.indexOf(overId);
  if (over < 0 || !ids.includes(draggedId) || draggedId === overId) return null;
  const beforeJobId = after ? (ids[over + 1] ?? null) : overId;
  if (beforeJobId === draggedId) return null;
  const next = applyMove(ids, (id) => id, draggedId, beforeJobId);
  return next.every((id, k) => id === ids[k]) ? null : { beforeJobId };
}

/**
 * Whether an order puts a lower priority before a higher one: the engine reads priority first, so
 * such a move only takes effect among the jobs of equal priority.
 */
export function breaksPriority(priorities: readonly number[]): boolean {
  return priorities.some((p, i) => i > 0 && p > (priorities[i - 1] ?? p));
}

/**
 * The fetched jobs, keeping the previous object of each job that did not change, so memoised rows
 * skip rendering when one job of a thousand moves on.
 */
export function keepUnchanged(
  prev: readonly QueueJobView[],
  next: readonly QueueJobView[],
): QueueJobView[] {
  const before = new Map(prev.map((job) => [job.jobId, job]));
  return next.map((job) => {
    const old = before.get(job.jobId);
    return old !== undefined && sameJob(old, job) ? old : job;
  });
}

function sameJob(a: QueueJobView, b: QueueJobView): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
