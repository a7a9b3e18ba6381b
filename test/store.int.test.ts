import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../shared/contract/records-schemas.ts';
import { RecordsUnavailable } from '../core/farm/records-port.ts';
import { openEmbedded, openServer, type Connection } from '../core/store/connect.ts';
import { migrate, schemaVersion } from '../core/store/migrate.ts';
import { SCHEMA_VERSION } from '../core/store/migrations.ts';
import { recordsStore, type SqlRecords } from '../core/store/records-store.ts';
import { syntheticRecord } from '../bench/history-fixtures.ts';
import { freePort } from './support/free-port.ts';
import { postgresSuite } from './support/postgres-suite.ts';
import { writeGcode3mf } from './support/threemf-builder.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 2); // a Monday

const pg = postgresSuite('farmdeck-store-');
const tempDir = () => pg.tempDir();

interface Backend {
  name: string;
  /** A fresh, empty database: options for recordsStore and a raw connection opener. */
  fresh(): Promise<{ dataDir: string; databaseUrl?: string }>;
  raw(opts: { dataDir: string; databaseUrl?: string }): Promise<Connection>;
}

const backends: Backend[] = [
  {
    name: 'PGlite',
    fresh: () => Promise.resolve({ dataDir: tempDir() }),
    raw: (o) => openEmbedded(o.dataDir),
  },
  {
    name: 'PostgreSQL',
    fresh: async () => ({
      dataDir: tempDir(),
      databaseUrl: await pg.database('t'),
    }),
    raw: (o) => openServer(o.databaseUrl!),
  },
];

const record = (i: number, over: Partial<HistoryRecord> = {}): HistoryRecord => ({
  ...syntheticRecord(i, { printers: 3, from: T0, spanMs: 7 * DAY, count: 30 }),
  ...over,
});

describe.each(backends)('history store on $name', (backend) => {
  let store: SqlRecords;
  let opts: { dataDir: string; databaseUrl?: string };

  beforeAll(async () => {
    opts = await backend.fresh();
    store = recordsStore({ ...opts, now: () => T0 + 8 * DAY });
    await store.ping();
    for (let i = 0; i < 30; i++) await store.history.save(record(i));
  }, 180_000);
  afterAll(() => store?.close());

  it('pages newest first with a cursor, filters and counts', async () => {
    const first = await store.history.list({ limit: 12 });
    expect(first.total).toBe(30);
    expect(first.records.map((r) => r.id)).toEqual(
      Array.from({ length: 12 }, (_, k) => `bench-${29 - k}`),
    );
    const second = await store.history.list({ limit: 12, cursor: first.nextCursor! });
    const third = await store.history.list({ limit: 12, cursor: second.nextCursor! });
    expect(third.records).toHaveLength(6);
    expect(third.nextCursor).toBeNull();
    const seen = new Set([...first.records, ...second.records, ...third.records].map((r) => r.id));
    expect(seen.size).toBe(30);

    const p1 = await store.history.list({ printerIds: ['p-1'], results: ['finished'] });
    expect(p1.records.every((r) => r.printerId === 'p-1' && r.result === 'finished')).toBe(true);
    const text = await store.history.list({ text: 'PRINTER 002' });
    expect(text.total).toBe(10);
    const range = await store.history.list({ from: T0 + DAY, to: T0 + 2 * DAY });
    expect(range.records.every((r) => r.startedAt >= T0 + DAY && r.startedAt < T0 + 2 * DAY)).toBe(
      true,
    );
    expect(range.total).toBeGreaterThan(0);
  });

  it('keeps every field and replaces a record by id', async () => {
    const original = record(3);
    expect(await store.history.get('bench-3')).toEqual({ ...original });
    const updated = { ...original, result: 'failed' as const, layerReached: 42 };
    await store.history.save(updated);
    expect(await store.history.get('bench-3')).toMatchObject({
      result: 'failed',
      layerReached: 42,
    });
    await store.history.save(original);
  });

  it('finds the running records of a printer', async () => {
    await store.history.save(
      record(100, { printerSerial: 'SNRUN', result: 'running', endedAt: null }),
    );
    const running = await store.history.running('SNRUN');
    expect(running.map((r) => r.id)).toEqual(['bench-100']);
    expect(running[0]!.durationSeconds).toBeGreaterThan(0);
    await store.history.save(record(100, { printerSerial: 'SNRUN' }));
    expect(await store.history.running('SNRUN')).toEqual([]);
  });

  it('stores an end snapshot as a file', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]);
    await store.history.saveSnapshot('bench-5', jpeg, T0 + 5);
    expect(await store.history.snapshot('bench-5')).toEqual({ jpeg, takenAt: T0 + 5 });
    expect((await store.history.get('bench-5'))!.hasSnapshot).toBe(true);
    expect(readdirSync(join(opts.dataDir, 'snapshots'))).toEqual(['bench-5.jpg']);
  });

  it('answers statistics per printer, material, with utilisation and failures', async () => {
    const all = Array.from({ length: 30 }, (_, i) => record(i));
    const stats = await store.stats.query({ from: T0, to: T0 + 7 * DAY, groupBy: 'printer' });
    expect(stats.bucket).toBe('day');
    expect(stats.totals.jobs).toBe(30);
    const finished = all.filter((r) => r.result === 'finished').length;
    expect(stats.totals.finished).toBe(finished);
    expect(stats.totals.successRate).toBeCloseTo(finished / 30);
    const hours = all.reduce((a, r) => a + (r.endedAt! - r.startedAt) / 3_600_000, 0);
    expect(stats.totals.printHours).toBeCloseTo(hours, 3);
    expect(stats.groups.map((g) => g.key).sort()).toEqual(['p-0', 'p-1', 'p-2']);
    expect(stats.bucketStarts).toHaveLength(7);
    expect(stats.bucketStarts[0]).toBe(T0);
    const p0 = stats.utilisation.find((u) => u.printerId === 'p-0')!;
    const p0Busy = all
      .filter((r) => r.printerId === 'p-0')
      .reduce((a, r) => a + Math.min(r.endedAt!, T0 + 7 * DAY) - r.startedAt, 0);
    expect(p0.overall).toBeCloseTo(p0Busy / (7 * DAY), 5);
    // Each day's utilisation agrees with the jobs cut at that day's edges.
    const busyOn = (day: number) =>
      all
        .filter((r) => r.printerId === 'p-0')
        .reduce((a, r) => {
          const s = T0 + day * DAY;
          return a + Math.max(0, Math.min(r.endedAt!, s + DAY) - Math.max(r.startedAt, s));
        }, 0);
    p0.buckets.forEach((u, day) => expect(u).toBeCloseTo(busyOn(day) / DAY, 6));
    const latestP0 = all.filter((r) => r.printerId === 'p-0').at(-1)!;
    expect(p0.printerName).toBe(latestP0.printerName);
    const grams = all.reduce((a, r) => a + r.filament.totalGrams!, 0);
    expect(stats.filament.reduce((a, f) => a + f.grams, 0)).toBeCloseTo(grams, 3);
    const failedOrCancelled = all.filter((r) => r.result !== 'finished').length;
    expect(stats.failureReasons.reduce((a, f) => a + f.count, 0)).toBe(failedOrCancelled);

    const byMaterial = await store.stats.query({
      from: T0,
      to: T0 + 7 * DAY,
      groupBy: 'material',
      timeZone: 'Europe/Berlin',
      bucket: 'hour',
    });
    expect(byMaterial.groups.reduce((a, g) => a + g.jobs, 0)).toBe(30);
    expect(byMaterial.bucketStarts).toHaveLength(7 * 24);
    const berlinDays = await store.stats.query({
      from: T0,
      to: T0 + 7 * DAY,
      groupBy: 'file',
      timeZone: 'Europe/Berlin',
    });
    // Days cut at Berlin midnight (UTC+1 in November): the range touches 8 of them.
    expect(berlinDays.bucketStarts).toHaveLength(8);
    expect(berlinDays.bucketStarts[0]).toBe(T0 - 3_600_000);
    await expect(
      store.stats.query({ from: T0, to: T0 + DAY, groupBy: 'model', timeZone: 'Mars/Base' }),
    ).rejects.toThrow(/unknown time zone/);
  });

  it('keeps dropped files content-addressed, counts prints, searches, caps and deletes', async () => {
    const dir = tempDir();
    const path = join(dir, 'bracket.gcode.3mf');
    writeGcode3mf(path, { plates: [{ index: 1 }] });
    const bytes = readFileSync(path).length;
    const plates = [
      {
        index: 1,
        predictionSeconds: 600,
        weightGrams: 12,
        totalLayers: 50,
        filaments: [{ id: 1, type: 'PETG', color: '#FF0000', grams: 12 }],
        slicedFor: 'P1S',
        thumbnail: null,
      },
    ];
    const added = await store.library.add({ path, name: 'bracket.gcode.3mf', bytes, plates });
    expect(added.fileId).toMatch(/^[0-9a-f]{64}$/);
    const again = await store.library.add({ path, name: 'bracket v2.gcode.3mf', bytes, plates });
    expect(again.fileId).toBe(added.fileId);
    expect(again.name).toBe('bracket v2.gcode.3mf');
    await store.history.save(record(200, { libraryFileId: added.fileId, result: 'finished' }));
    await store.history.save(record(201, { libraryFileId: added.fileId, result: 'failed' }));
    const found = await store.library.list({ text: 'petg' });
    expect(found.files.map((f) => f.fileId)).toEqual([added.fileId]);
    expect(found.files[0]).toMatchObject({ timesPrinted: 2, finished: 1, successRate: 0.5 });
    expect(found.usedBytes).toBe(bytes);
    expect((await store.library.list({ text: 'nothing-like-this' })).total).toBe(0);
    expect((await store.library.get(added.fileId))!.plates).toEqual(plates);
    const blob = (await store.library.pathOf(added.fileId))!;
    expect(readFileSync(blob)).toEqual(readFileSync(path));

    const capped = recordsStore({ ...opts, libraryCapBytes: bytes + 10 });
    const other = join(dir, 'other.gcode.3mf');
    writeFileSync(other, Buffer.concat([readFileSync(path), Buffer.from('x')]));
    await expect(
      capped.library.add({ path: other, name: 'other.gcode.3mf', bytes: bytes + 1, plates }),
    ).rejects.toThrow(/library is full .*delete files in Library/);
    await capped.close();

    expect(await store.library.delete(added.fileId)).toBe(true);
    expect(await store.library.get(added.fileId)).toBeNull();
    expect(await store.library.delete(added.fileId)).toBe(false);
    expect((await store.history.get('bench-200'))!.libraryFileId).toBe(added.fileId);
  });

  it('refreshes planner statistics after 1,000 records written', async () => {
    const o = await backend.fresh();
    const many = recordsStore(o);
    const spread = { printers: 20, from: T0, spanMs: 30 * DAY, count: 1_000 };
    await many.history.saveMany(
      Array.from({ length: 1_000 }, (_, i) => syntheticRecord(i, spread)),
    );
    expect((await many.history.list({ text: 'art-1', limit: 5 })).records).toHaveLength(5);
    await many.close();
    const conn = await backend.raw(o);
    const { rows } = await conn.db.execute<{ n: number }>(
      sql`SELECT reltuples::int AS n FROM pg_class WHERE relname = 'history_jobs'`,
    );
    await conn.close();
    expect(rows[0]!.n).toBe(1_000);
  }, 180_000);

  it('migrates a database of the previous schema version and keeps its records', async () => {
    const o = await backend.fresh();
    const conn = await backend.raw(o);
    expect(await migrate(conn.db, 1)).toBe(1);
    await conn.db.execute(sql`INSERT INTO history_jobs (id, printer_id, printer_name,
      printer_serial, job_name, file_name, started_at, ended_at, result, filament, updated_at)
      VALUES ('old-1', 'p-1', 'Old', 'SNOLD', 'cube', 'cube.gcode.3mf', now() - interval '2 hours',
      now() - interval '1 hour', 'finished', '{"source":"unknown","items":[],"totalGrams":null}', now())`);
    await conn.close();
    const migrated = recordsStore(o);
    await migrated.ping();
    expect((await migrated.history.get('old-1'))!).toMatchObject({
      jobName: 'cube',
      result: 'finished',
      libraryFileId: null,
      hasSnapshot: false,
      durationSeconds: 3600,
    });
    // The text search reads the trigram indexes of version 3, on records written before them.
    expect((await migrated.history.list({ text: 'UBE.GC' })).records.map((r) => r.id)).toEqual([
      'old-1',
    ]);
    expect((await migrated.history.list({ text: 'ol' })).records.map((r) => r.id)).toEqual([
      'old-1',
    ]);
    await migrated.close();
    const check = await backend.raw(o);
    expect(await schemaVersion(check.db)).toBe(SCHEMA_VERSION);
    await check.close();
  }, 180_000);

  it('refuses a database of a newer version and leaves it as it was', async () => {
    const o = await backend.fresh();
    const conn = await backend.raw(o);
    await migrate(conn.db);
    await conn.db.execute(
      sql`INSERT INTO farmdeck_schema (version, name) VALUES (${SCHEMA_VERSION + 1}, 'future')`,
    );
    await conn.close();
    const newer = recordsStore(o);
    const err = await newer.ping().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecordsUnavailable);
    expect((err as RecordsUnavailable).permanent).toBe(true);
    expect((err as Error).message).toMatch(/newer than this Farmdeck.*update Farmdeck/);
    await newer.close();
    const check = await backend.raw(o);
    expect(await schemaVersion(check.db)).toBe(SCHEMA_VERSION + 1);
    await check.close();
  }, 180_000);
});

describe('database failures', () => {
  it('refuses a damaged embedded database without touching it', async () => {
    const dataDir = tempDir();
    const good = recordsStore({ dataDir });
    await good.ping();
    await good.history.save(record(1));
    await good.close();
    const control = join(dataDir, 'history-db', 'global', 'pg_control');
    writeFileSync(control, Buffer.alloc(readFileSync(control).length, 0x5a));
    const before = readFileSync(control);
    const damaged = recordsStore({ dataDir });
    const err = await damaged.ping().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecordsUnavailable);
    expect((err as Error).message).toMatch(/cannot be opened .*damaged.*did not change it/);
    await damaged.close();
    expect(readFileSync(control)).toEqual(before);
  }, 180_000);

  it('refuses a data folder holding files but no database', async () => {
    const dataDir = tempDir();
    const dir = join(dataDir, 'history-db');
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(join(dataDir, 'placeholder'), '');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const store = recordsStore({ dataDir });
    await expect(store.ping()).rejects.toThrow(/holds files but no database/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    await store.close();
  });

  it('says when a server cannot be reached or refuses the login, without the password', async () => {
    const port = await freePort();
    const nowhere = recordsStore({
      dataDir: tempDir(),
      databaseUrl: `postgres://farmdeck:secret-pw@127.0.0.1:${port}/farm`,
    });
    const err = await nowhere.ping().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecordsUnavailable);
    expect((err as RecordsUnavailable).permanent).toBe(false);
    expect((err as Error).message).toMatch(/cannot be reached \(ECONNREFUSED\)/);
    expect((err as Error).message).not.toContain('secret-pw');
    await nowhere.close();

    const wrong = recordsStore({
      dataDir: tempDir(),
      databaseUrl: pg.server.url().replace(pg.server.password, 'wrong-pw'),
    });
    await expect(wrong.ping()).rejects.toThrow(/refused the login \(wrong user or password\)/);
    await wrong.close();
  });
});
