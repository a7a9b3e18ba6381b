import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import type { PlateSummary } from '../shared/contract/print-schemas.ts';
import { openEmbedded, openServer, type Connection } from '../core/store/connect.ts';
import type { Db } from '../core/store/db.ts';
import { SqlLibraryStore } from '../core/store/library-store.ts';
import { recordsStore, type SqlRecords } from '../core/store/records-store.ts';
import { postgresSuite } from './support/postgres-suite.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures-3mf');
/** 1.3 MB: two chunks, the second partial. */
const BIG = join(FIXTURES, 'bambustudio-2.07-p1s-two-objects.gcode.3mf');
const SMALL = join(FIXTURES, 'orcaslicer-2.3.2-a1mini-petg.gcode.3mf');

const plates: PlateSummary[] = [
  {
    index: 1,
    predictionSeconds: 600,
    weightGrams: 12,
    totalLayers: 50,
    filaments: [{ id: 1, type: 'PLA', color: '#FFFFFF', grams: 12 }],
    slicedFor: 'P1S',
    thumbnail: null,
  },
];

const pg = postgresSuite('farmdeck-blobs-');
const tempDir = () => pg.tempDir();

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const addition = (path: string) => ({
  path,
  name: path.split('/').pop()!,
  bytes: readFileSync(path).length,
  plates,
});

/** `count` instances, each with its own data folder, on one fresh server database. */
async function instances(
  count: number,
): Promise<{ url: string; records: SqlRecords[]; dirs: string[] }> {
  const url = await pg.database('b');
  const dirs = Array.from({ length: count }, tempDir);
  const records = dirs.map((dataDir) => {
    const r = recordsStore({ dataDir, databaseUrl: url });
    pg.track(r);
    return r;
  });
  for (const r of records) await r.ping();
  return { url, records, dirs };
}

async function raw(url: string): Promise<Connection> {
  const conn = await openServer(url);
  pg.track(conn);
  return conn;
}

const chunkRows = async (c: Connection, fileId: string) =>
  (
    await c.db.execute<{ chunk: number; n: number; version: string }>(sql`
      SELECT chunk, length(data) AS n, xmin::text AS version FROM library_blobs
      WHERE file_id = ${fileId} ORDER BY chunk`)
  ).rows;

/** Files left in the library folder next to `path` (a temp file must never stay). */
const siblings = (path: string) => (existsSync(dirname(path)) ? readdirSync(dirname(path)) : []);

describe('library bytes shared through a PostgreSQL server', () => {
  it('stores the bytes in chunks once, and another instance fetches them verified', async () => {
    const { url, records, dirs } = await instances(2);
    const [a, b] = records as [SqlRecords, SqlRecords];
    const conn = await raw(url);
    const added = await a.library.add(addition(BIG));
    expect(added.fileId).toBe(sha256(BIG));
    const stored = await chunkRows(conn, added.fileId);
    expect(stored.map((r) => r.chunk)).toEqual([0, 1]);
    expect(stored[0]!.n).toBe(1024 * 1024);
    expect(stored.reduce((sum, r) => sum + r.n, 0)).toBe(readFileSync(BIG).length);

    // Added again (same bytes, new name): the chunks are not written again.
    await a.library.add({ ...addition(BIG), name: 'renamed.gcode.3mf' });
    expect(await chunkRows(conn, added.fileId)).toEqual(stored);

    const path = (await b.library.pathOf(added.fileId))!;
    expect(path.startsWith(dirs[1]!)).toBe(true);
    expect(sha256(path)).toBe(added.fileId);
    expect(readFileSync(path).equals(readFileSync(BIG))).toBe(true);
    expect(siblings(path)).toEqual([`${added.fileId}.3mf`]);
    expect(await b.library.pathOf(added.fileId)).toBe(path);
    // B dropping the same file keeps the stored chunks as they are.
    await b.library.add(addition(BIG));
    expect(await chunkRows(conn, added.fileId)).toEqual(stored);
  });

  it('shares one fetch between concurrent calls for the same file', async () => {
    const { url, records } = await instances(1);
    const added = await records[0]!.library.add(addition(BIG));
    const conn = await raw(url);
    const dialect = new PgDialect();
    let chunkReads = 0;
    const counting: Db = {
      execute: (query: SQL) => {
        if (/SELECT data FROM library_blobs/.test(dialect.sqlToQuery(query).sql)) chunkReads++;
        return conn.db.execute(query);
      },
      transaction: (task) => conn.db.transaction(task),
    };
    const other = new SqlLibraryStore(counting, tempDir(), undefined, undefined, true);
    const paths = await Promise.all([1, 2, 3].map(() => other.pathOf(added.fileId)));
    expect(new Set(paths).size).toBe(1);
    expect(sha256(paths[0]!)).toBe(added.fileId);
    expect(chunkReads).toBe(2);
  });

  it('refuses a damaged chunk, keeps nothing, and takes the bytes again from the next drop', async () => {
    const { url, records, dirs } = await instances(2);
    const [a, b] = records as [SqlRecords, SqlRecords];
    const conn = await raw(url);
    const added = await a.library.add(addition(SMALL));
    await conn.db.execute(sql`
      UPDATE library_blobs SET data = set_byte(data, 100, (get_byte(data, 100) + 1) % 256)
      WHERE file_id = ${added.fileId} AND chunk = 0`);
    await expect(b.library.pathOf(added.fileId)).rejects.toThrow(
      /damaged .*not used .*drop the file again/,
    );
    const local = join(dirs[1]!, 'library', added.fileId.slice(0, 2));
    expect(existsSync(local) ? readdirSync(local) : []).toEqual([]);
    expect(await chunkRows(conn, added.fileId)).toEqual([]);
    await expect(b.library.pathOf(added.fileId)).rejects.toThrow(
      /neither on this computer nor in the shared database/,
    );

    await a.library.add(addition(SMALL));
    expect(sha256((await b.library.pathOf(added.fileId))!)).toBe(added.fileId);
  });

  it('says when the fetched file cannot be written into the data folder', async () => {
    const { records, dirs } = await instances(2);
    const [a, b] = records as [SqlRecords, SqlRecords];
    const added = await a.library.add(addition(SMALL));
    // A file where the library's sub-folder must go: nothing can be written there.
    mkdirSync(join(dirs[1]!, 'library'), { recursive: true });
    writeFileSync(join(dirs[1]!, 'library', added.fileId.slice(0, 2)), 'in the way');
    await expect(b.library.pathOf(added.fileId)).rejects.toThrow(
      /could not write the file fetched from the database .*writable/,
    );
  });

  it('deletes the stored bytes with the file: no instance finds it any more', async () => {
    const { url, records } = await instances(3);
    const [a, b, c] = records as [SqlRecords, SqlRecords, SqlRecords];
    const conn = await raw(url);
    const added = await a.library.add(addition(BIG));
    expect(await b.library.pathOf(added.fileId)).not.toBeNull();
    expect(await a.library.delete(added.fileId)).toBe(true);
    expect(await chunkRows(conn, added.fileId)).toEqual([]);
    expect(await b.library.pathOf(added.fileId)).toBeNull();
    expect(await c.library.pathOf(added.fileId)).toBeNull();
  });
});

describe('library bytes on PGlite', () => {
  it('keeps them in the data folder only, as before', async () => {
    const dataDir = tempDir();
    const store = recordsStore({ dataDir });
    pg.track(store);
    const added = await store.library.add(addition(SMALL));
    const path = (await store.library.pathOf(added.fileId))!;
    expect(path.startsWith(dataDir)).toBe(true);
    expect(sha256(path)).toBe(added.fileId);
    rmSync(path);
    await expect(store.library.pathOf(added.fileId)).rejects.toThrow(
      /not on this computer .*drop the file here once/,
    );
    await store.close();
    const conn = await openEmbedded(dataDir);
    try {
      const { rows } = await conn.db.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM library_blobs`,
      );
      expect(rows[0]!.n).toBe(0);
    } finally {
      await conn.close();
    }
  });
});
