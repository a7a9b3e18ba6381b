import { sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations.ts';
import { RecordsUnavailable } from '../farm/records-port.ts';

/** Any number: instances sharing one server take this lock so only one migrates at a time. */
const MIGRATION_LOCK = 7_214_014;

/**
 * Brings the database to `SCHEMA_VERSION`, one transaction per migration, recording each in
 * `farmdeck_schema`. A database written by a newer Farmdeck is refused, never touched.
 * `upTo` stops early (tests build an older database with it).
 */
export async function migrate(db: Db, upTo = SCHEMA_VERSION): Promise<number> {
  await db.execute(sql`CREATE TABLE IF NOT EXISTS farmdeck_schema (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    const current = await schemaVersion(tx);
    if (current > SCHEMA_VERSION) {
      throw new RecordsUnavailable(
        `the history database has schema version ${current}, newer than this Farmdeck knows (${SCHEMA_VERSION}): ` +
          'update Farmdeck, or point it at another database. Nothing was changed',
        true,
      );
    }
    const pending = MIGRATIONS.filter((m) => m.version > current && m.version <= upTo);
    for (const migration of pending) await apply(tx, migration);
    return pending.length > 0 ? pending[pending.length - 1]!.version : current;
  });
}

/** Highest applied version, 0 for an empty database. */
export async function schemaVersion(db: Pick<Db, 'execute'>): Promise<number> {
  const result = await db.execute<{ v: number | null }>(
    sql`SELECT max(version)::int AS v FROM farmdeck_schema`,
  );
  return result.rows[0]?.v ?? 0;
}

async function apply(tx: Pick<Db, 'execute'>, migration: Migration): Promise<void> {
  // Statements one by one: the pg driver's extended protocol takes one statement per query.
  for (const statement of splitStatements(migration.sql)) await tx.execute(sql.raw(statement));
  await tx.execute(
    sql`INSERT INTO farmdeck_schema (version, name) VALUES (${migration.version}, ${migration.name})`,
  );
}

/** Splits a migration at semicolons ending a line (migrations hold no functions or strings with `;`). */
function splitStatements(text: string): string[] {
  return text
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
