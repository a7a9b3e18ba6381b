import type { QueueCopyRow, QueueJobRow, QueueStore } from './queue-port.ts';

type CopyWrite = 'claim' | 'updateCopy' | 'adoptCopy';
const COPY_WRITES: ReadonlySet<PropertyKey> = new Set<CopyWrite>([
  'claim',
  'updateCopy',
  'adoptCopy',
]);

/**
 * The dispatcher's job list kept across passes, valid at one jobs revision
 * (`QueueStore.revisions().jobs`). Each copy write of this instance that went through `through(q)`
 * changed one copy and bumped that revision once: the list follows it and expects the next number.
 * Any other write (a person's, another instance's) leaves the database ahead of the expected
 * number, and the list is read again.
 */
export class KeptJobs {
  private revision: number | null = null;
  private jobs: QueueJobRow[] = [];
  private byId = new Map<string, QueueJobRow>();

  /** The jobs at `revision`, or null when they must be read again. */
  at(revision: number): QueueJobRow[] | null {
    return this.revision === revision ? this.jobs : null;
  }

  /** Jobs read after `revision` was read. */
  keep(revision: number, jobs: QueueJobRow[]): void {
    this.revision = revision;
    this.jobs = jobs;
    this.byId = new Map(jobs.map((j) => [j.id, j]));
  }

  drop(): void {
    this.revision = null;
    this.jobs = [];
    this.byId.clear();
  }

  /** A copy this instance wrote (null: nothing changed). */
  wrote(copy: QueueCopyRow | null): void {
    if (!copy || this.revision === null) return;
    const rows = this.byId.get(copy.jobId)?.copyRows;
    const i = rows ? rows.findIndex((c) => c.id === copy.id) : -1;
    if (!rows || i < 0) {
      this.drop();
      return;
    }
    rows[i] = copy;
    this.revision += 1;
  }

  /** `q` whose copy writes the kept list follows. */
  through(q: QueueStore): QueueStore {
    return new Proxy(q, {
      get: (target, key) => {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        const method = (value as (...args: unknown[]) => unknown).bind(target);
        if (!COPY_WRITES.has(key)) return method;
        return async (...args: unknown[]) => {
          // A write that failed may or may not have happened: read again.
          const copy = await (method(...args) as Promise<QueueCopyRow | null>).catch(
            (err: unknown) => {
              this.drop();
              throw err;
            },
          );
          this.wrote(copy);
          return copy;
        };
      },
    });
  }
}
