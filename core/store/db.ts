import type { SQL } from 'drizzle-orm';

export type Row = Record<string, unknown>;

/**
 * The one query surface core/store uses, on PGlite and PostgreSQL alike: drizzle-orm's parameterised
 * `sql` templates and transactions over either driver.
 */
export interface Db {
  execute<T extends Row = Row>(query: SQL): Promise<{ rows: T[] }>;
  transaction<R>(task: (tx: Db) => Promise<R>): Promise<R>;
}

/** What both drizzle databases (and their transactions) offer. */
interface DrizzleLike {
  execute(query: SQL): PromiseLike<unknown>;
  transaction<R>(task: (tx: DrizzleLike) => Promise<R>): Promise<R>;
}

/** Wraps a drizzle database or transaction of either driver. */
export function wrapDrizzle(d: unknown): Db {
  const db = d as DrizzleLike;
  return {
    async execute<T extends Row>(query: SQL) {
      const result = (await db.execute(query)) as { rows: T[] };
      return { rows: result.rows };
    },
    transaction: (task) => db.transaction((tx) => task(wrapDrizzle(tx))),
  };
}
