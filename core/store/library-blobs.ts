import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sql } from 'drizzle-orm';
import { FarmFailure } from '../../shared/contract/result.ts';
import type { Db } from './db.ts';

/**
 * A library file's bytes in `library_blobs`, for instances sharing one PostgreSQL server: each keeps
 * bytes in its own data folder, so the one that received a drop also stores them here, and another
 * fetches them when it must print the file. One chunk in memory at a time, either way.
 */
export const BLOB_CHUNK_BYTES = 1024 * 1024;

/**
 * Stores the bytes of `path` (the library copy of `fileId`) in one transaction, unless the database
 * already holds all of them. Does nothing when the file's row is gone (deleted meanwhile).
 */
export async function storeBlob(db: Db, fileId: string, path: string): Promise<void> {
  const size = (await stat(path)).size;
  if (await blobComplete(db, fileId, size)) return;
  await db.transaction(async (tx) => {
    // The row lock keeps two instances adding the same file from writing its chunks at once.
    const row = await tx.execute(
      sql`SELECT 1 AS x FROM library_files WHERE file_id = ${fileId} FOR UPDATE`,
    );
    if (row.rows.length === 0 || (await blobComplete(tx, fileId, size))) return;
    await tx.execute(sql`DELETE FROM library_blobs WHERE file_id = ${fileId}`);
    const file = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(BLOB_CHUNK_BYTES);
      for (let chunk = 0; chunk * BLOB_CHUNK_BYTES < size; chunk++) {
        const { bytesRead } = await file.read(
          buffer,
          0,
          BLOB_CHUNK_BYTES,
          chunk * BLOB_CHUNK_BYTES,
        );
        const data = buffer.subarray(0, bytesRead);
        await tx.execute(
          sql`INSERT INTO library_blobs (file_id, chunk, data) VALUES (${fileId}, ${chunk}, ${data})`,
        );
      }
    } finally {
      await file.close();
    }
  });
}

/** True when the database holds every chunk of the file: count and total size match. */
async function blobComplete(db: Pick<Db, 'execute'>, fileId: string, size: number) {
  const { rows } = await db.execute<{ n: number; bytes: number }>(sql`
    SELECT count(*)::int AS n, coalesce(sum(length(data)), 0)::float8 AS bytes
    FROM library_blobs WHERE file_id = ${fileId}`);
  const expected = Math.ceil(size / BLOB_CHUNK_BYTES);
  return rows[0]?.n === expected && Number(rows[0]?.bytes) === size;
}

/** Number of stored chunks of the file (0: the database holds none of its bytes). */
export async function blobChunks(db: Db, fileId: string): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM library_blobs WHERE file_id = ${fileId}`,
  );
  return rows[0]?.n ?? 0;
}

/**
 * Writes the file's `chunks` chunks to `target` (temp file, fsync, rename), checking their sha256
 * against `fileId`. A damaged copy is refused and removed from the database (so the next drop of the
 * file on the instance that holds it stores it again); nothing is kept on disk.
 */
export async function fetchBlob(
  db: Db,
  fileId: string,
  chunks: number,
  target: string,
): Promise<void> {
  const tmp = `${target}.${randomUUID().slice(0, 8)}.tmp`;
  const hash = createHash('sha256');
  try {
    await mkdir(dirname(target), { recursive: true });
    const file = await open(tmp, 'w');
    try {
      for (let chunk = 0; chunk < chunks; chunk++) {
        const { rows } = await db.execute<{ data: Buffer }>(
          sql`SELECT data FROM library_blobs WHERE file_id = ${fileId} AND chunk = ${chunk}`,
        );
        const data = rows[0]?.data;
        if (!data) {
          throw new FarmFailure(
            'not-found',
            `this file's copy in the database is incomplete (part ${chunk + 1} of ${chunks} is missing; it may have just been deleted): drop the file again`,
          );
        }
        hash.update(data);
        await file.write(data);
      }
      await file.sync();
    } finally {
      await file.close();
    }
    if (hash.digest('hex') !== fileId) {
      await db.execute(sql`DELETE FROM library_blobs WHERE file_id = ${fileId}`);
      throw new FarmFailure(
        'storage',
        "this file's copy in the database is damaged (its bytes do not match its sha256), so it was not used and was removed: drop the file again on a Farmdeck that has it",
      );
    }
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOSPC' || e.code === 'EDQUOT') {
      throw new FarmFailure(
        'storage',
        `the disk holding ${dirname(target)} is full: the file could not be fetched from the database. Free some space`,
      );
    }
    // File errors carry a path (network errors never do): a lost server stays an outage.
    if (typeof e.path === 'string' || e.code === 'EIO' || e.code === 'EROFS') {
      throw new FarmFailure(
        'storage',
        `could not write the file fetched from the database into ${dirname(target)} (${e.message}): check that the data folder is writable`,
      );
    }
    throw err;
  }
}
