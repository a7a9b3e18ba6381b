import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { RecordsUnavailable } from '../farm/records-port.ts';
import { lockDataFolder } from './data-lock.ts';
import { wrapDrizzle, type Db } from './db.ts';

/** An open database of either kind. */
export interface Connection {
  readonly db: Db;
  readonly kind: 'embedded' | 'server';
  /** Data folder, or the server URL without its password. */
  readonly location: string;
  close(): Promise<void>;
}

/** Folder of the embedded database inside the data folder. */
export const EMBEDDED_DIR = 'history-db';

/**
 * Opens (creating when new) the embedded PGlite database in `dataDir/history-db`. A folder that
 * holds files but no database, or a database PGlite cannot open, is refused with what to do:
 * never recreated.
 */
export async function openEmbedded(dataDir: string): Promise<Connection> {
  mkdirSync(dataDir, { recursive: true });
  const release = lockDataFolder(dataDir);
  const dir = join(dataDir, EMBEDDED_DIR);
  try {
    const entries = existsSync(dir) ? readdirSync(dir) : [];
    if (entries.length > 0 && !entries.includes('PG_VERSION')) {
      throw new RecordsUnavailable(damaged(dir, 'the folder holds files but no database'), true);
    }
    let client: PGlite;
    try {
      client = await PGlite.create(dir, { extensions: { pg_trgm } });
      await client.query('SELECT 1');
    } catch (err) {
      throw new RecordsUnavailable(damaged(dir, messageOf(err)), true);
    }
    return {
      db: wrapDrizzle(drizzlePglite(client)),
      kind: 'embedded',
      location: dataDir,
      async close() {
        try {
          await client.close();
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

function damaged(dir: string, why: string): string {
  return (
    `the history database in ${dir} cannot be opened (${why}): it may be damaged. ` +
    'Farmdeck did not change it. Restore it from a backup, or move the folder away to start a new history'
  );
}

/** Connects to a PostgreSQL server; the first connection is checked here with a clear error. */
export async function openServer(url: string): Promise<Connection> {
  const location = redactUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw serverError(err, location);
  }
  return {
    db: wrapDrizzle(drizzlePg(pool)),
    kind: 'server',
    location,
    close: () => pool.end(),
  };
}

/** The URL without its password, for messages and the status. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an invalid database URL';
  }
}

/** Turns a driver error into a person's message: unreachable, refused login, missing database. */
export function serverError(err: unknown, location: string): RecordsUnavailable {
  const e = err as { code?: string; message?: string };
  const code = e.code ?? '';
  if (code === '28P01' || code === '28000') {
    return new RecordsUnavailable(
      `PostgreSQL at ${location} refused the login (wrong user or password): fix --database-url`,
      false,
    );
  }
  if (code === '3D000') {
    return new RecordsUnavailable(
      `the database in ${location} does not exist: create it (createdb) or fix --database-url`,
      false,
    );
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(code)) {
    return new RecordsUnavailable(
      `PostgreSQL at ${location} cannot be reached (${code}): check that the server runs and the address is right`,
      false,
    );
  }
  if (
    /timeout|terminat|Connection|ECONNRESET|closed/i.test(e.message ?? '') ||
    code.startsWith('08') ||
    code === '57P01'
  ) {
    return new RecordsUnavailable(
      `lost the connection to PostgreSQL at ${location} (${messageOf(err)})`,
      false,
    );
  }
  return new RecordsUnavailable(`PostgreSQL at ${location} failed: ${messageOf(err)}`, false);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
