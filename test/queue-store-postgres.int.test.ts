import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { NewQueueJob, QueueCopyRow, QueueStore } from '../core/farm/queue-port.ts';
import { openEmbedded, openServer, type Connection } from '../core/store/connect.ts';
import { migrate, schemaVersion } from '../core/store/migrate.ts';
import { SCHEMA_VERSION } from '../core/store/migrations.ts';
import { recordsStore, type SqlRecords } from '../core/store/records-store.ts';
import { postgresSuite } from './support/postgres-suite.ts';
import { checkBatchNotes } from './support/queue-notes-check.ts';

const pg = postgresSuite('farmdeck-queue-');
const tempDir = () => pg.tempDir();

const newJob = (copies: number, over: Partial<NewQueueJob> = {}): NewQueueJob => ({
  libraryFileId: 'b'.repeat(64),
  fileName: 'plate.gcode.3mf',
  plate: 1,
  copies,
  target: { kind: 'any' },
  filamentRule: 'ignore-color',
  priority: 0,
  notBefore: null,
  onFailure: 'requeue',
  options: {
    bedLeveling: false,
    flowCalibration: false,
    vibrationCalibration: false,
    timelapse: false,
  },
  ...over,
});

/** A fresh server database; `instances` SqlRecords on it, each with its own connection pool. */
async function serverDatabase(instances: number): Promise<{ url: string; records: SqlRecords[] }> {
  const url = await pg.database('q');
  const records = Array.from({ length: instances }, (_, k) => {
    const r = recordsStore({ dataDir: tempDir(), databaseUrl: url, instanceId: `i-${k}` });
    pg.track(r);
    return r;
  });
  for (const r of records) await r.ping();
  return { url, records };
}

/** Runs SQL on the database directly (checks the tests make behind the stores' backs). */
async function withServer<T>(url: string, task: (c: Connection) => Promise<T>): Promise<T> {
  const conn = await openServer(url);
  try {
    return await task(conn);
  } finally {
    await conn.close();
  }
}

/** Drops the unique index on active copies: the row locks alone must keep claims apart. */
const dropActiveIndex = (url: string) =>
  withServer(url, (c) => c.db.execute(sql`DROP INDEX queue_copies_active`));

/** Printers holding more than one dispatched or printing copy (must stay empty). */
const doubleBooked = (url: string) =>
  withServer(url, async (c) => {
    const { rows } = await c.db.execute<{ printer_serial: string }>(sql`
      SELECT printer_serial FROM queue_copies WHERE state IN ('dispatched', 'printing')
      GROUP BY printer_serial HAVING count(*) > 1`);
    return rows.map((r) => r.printer_serial);
  });

const waitFor = async (check: () => Promise<boolean>): Promise<void> => {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not reached in 10 s');
};

describe.each([
  { name: 'PGlite', server: false },
  { name: 'PostgreSQL', server: true },
])('queue migration on $name', ({ server }) => {
  it('migrates a version 3 database to the queue and keeps its history', async () => {
    const dataDir = tempDir();
    const databaseUrl = server ? await pg.database('m') : undefined;
    const conn = databaseUrl ? await openServer(databaseUrl) : await openEmbedded(dataDir);
    expect(await migrate(conn.db, 3)).toBe(3);
    await conn.db.execute(sql`INSERT INTO history_jobs (id, printer_id, printer_name,
      printer_serial, job_name, file_name, started_at, ended_at, result, filament, updated_at)
      VALUES ('old-1', 'p-1', 'Old', 'SNOLD', 'cube', 'cube.gcode.3mf', now() - interval '2 hours',
      now() - interval '1 hour', 'finished', '{"source":"unknown","items":[],"totalGrams":null}', now())`);
    await conn.close();

    const records = recordsStore(databaseUrl ? { dataDir, databaseUrl } : { dataDir });
    pg.track(records);
    await records.ping();
    expect(await records.history.get('old-1')).toMatchObject({
      jobName: 'cube',
      result: 'finished',
    });
    const queue = records.queue;
    expect(await queue.revision()).toBe(0);
    expect(await queue.paused()).toBe(false);
    const job = await queue.addJob(newJob(2));
    expect((await queue.listJobs()).map((j) => [j.id, j.copies])).toEqual([[job.id, 2]]);
    await records.close();
    const check = databaseUrl ? await openServer(databaseUrl) : await openEmbedded(dataDir);
    expect(await schemaVersion(check.db)).toBe(SCHEMA_VERSION);
    await check.close();
  }, 180_000);
});

describe('queue store on PostgreSQL, several instances', () => {
  it('walks a copy through claim, print, failure and requeue across two instances', async () => {
    const { records } = await serverDatabase(2);
    const [a, b] = records.map((r) => r.queue) as [QueueStore, QueueStore];
    const job = await a.addJob(newJob(2, { onFailure: 'hold' }));
    const seen = await b.revision();
    await a.setBed('SN1', 'clear', ['unknown']);
    expect(await b.revision()).toBeGreaterThan(seen);
    expect(await a.heartbeat('i-0', ['SN1'], 60_000)).toEqual(['SN1']);
    expect(await b.heartbeat('i-1', ['SN1'], 60_000)).toEqual([]);
    expect(await b.claim('i-1', 'SN1', job.id)).toBeNull();
    const copy = (await a.claim('i-0', 'SN1', job.id))!;
    expect(copy).toMatchObject({ index: 1, printerSerial: 'SN1', instanceId: 'i-0' });
    expect((await b.activeCopies(['SN1'])).map((c) => c.id)).toEqual([copy.id]);
    expect((await b.printers())[0]).toMatchObject({ serial: 'SN1', bed: 'in-use' });
    await a.updateCopy(copy.id, ['dispatched'], { state: 'printing', historyId: 'h-1' }, 'i-0');
    await a.updateCopy(copy.id, ['printing'], { state: 'held', reason: 'failed: clog' }, 'i-0');
    await a.setBed('SN1', 'needs-clearing', ['in-use']);
    expect(await b.removeJob(job.id)).toBe(true);
    expect(await a.listJobs()).toEqual([]);
  }, 60_000);

  it('writes many waiting and exclusion reasons in one statement each, seen by another instance', async () => {
    const { records } = await serverDatabase(2);
    const [a, b] = records.map((r) => r.queue) as [QueueStore, QueueStore];
    await checkBatchNotes(a, b, () => newJob(1));
  }, 60_000);

  it('never dispatches twice nor puts two copies on one printer: same printer, two pools', async () => {
    const { url, records } = await serverDatabase(2);
    await dropActiveIndex(url);
    const [a, b] = records.map((r) => r.queue) as [QueueStore, QueueStore];
    // Both pools act for one instance holding the printer, bed check waived: only the printer's
    // row lock keeps the second claim from seeing no active copy.
    await a.setPrinterSettings('SN1', { waiveBedCheck: true });
    await a.heartbeat('i-0', ['SN1'], 600_000);
    const jobs = [await a.addJob(newJob(30)), await a.addJob(newJob(30))];
    const taken: QueueCopyRow[] = [];
    for (let round = 0; round < 30; round++) {
      const results = await Promise.all(
        [a, b, a, b, a, b].map((q, k) => q.claim('i-0', 'SN1', jobs[k % 2]!.id)),
      );
      const won = results.filter((r): r is QueueCopyRow => r !== null);
      expect(won).toHaveLength(1);
      expect(await doubleBooked(url)).toEqual([]);
      taken.push(won[0]!);
      await b.updateCopy(won[0]!.id, ['dispatched'], { state: 'done' }, 'i-0');
    }
    expect(new Set(taken.map((c) => c.id)).size).toBe(30);
  }, 120_000);

  it('never dispatches a copy twice: many printers, two instances, the last copies', async () => {
    const { url, records } = await serverDatabase(2);
    await dropActiveIndex(url);
    const [a, b] = records.map((r) => r.queue) as [QueueStore, QueueStore];
    const serials = Array.from({ length: 20 }, (_, k) => `SN${String(k).padStart(2, '0')}`);
    for (const s of serials) await a.setPrinterSettings(s, { waiveBedCheck: true });
    // Leases split between the instances by racing heartbeats: each printer has one holder.
    const [heldA, heldB] = await Promise.all([
      a.heartbeat('i-0', serials, 600_000),
      b.heartbeat('i-1', [...serials].reverse(), 600_000),
    ]);
    expect([...heldA, ...heldB].sort()).toEqual(serials);
    const job = await a.addJob(newJob(100));
    const dispatched: QueueCopyRow[] = [];
    for (let round = 0; round < 20 && dispatched.length < 100; round++) {
      // Every printer of both instances claims at once; a claim on a printer it does not hold
      // (the other instance's) must fail too.
      const attempts = serials.flatMap((s) => [
        a.claim('i-0', s, job.id).then((c) => ({ c, mine: heldA.includes(s) })),
        b.claim('i-1', s, job.id).then((c) => ({ c, mine: heldB.includes(s) })),
      ]);
      const results = await Promise.all(attempts);
      expect(results.filter((r) => r.c && !r.mine)).toEqual([]);
      const won = results.flatMap((r) => (r.c ? [r.c] : []));
      expect(await doubleBooked(url)).toEqual([]);
      dispatched.push(...won);
      await Promise.all(
        won.map((c) =>
          (c.instanceId === 'i-0' ? a : b).updateCopy(c.id, ['dispatched'], { state: 'done' }),
        ),
      );
    }
    expect(dispatched).toHaveLength(100);
    expect(new Set(dispatched.map((c) => c.id)).size).toBe(100);
    const final = (await b.getJob(job.id))!;
    expect(final.copyRows.every((c) => c.state === 'done' && c.attempts === 1)).toBe(true);
  }, 180_000);

  it('hands a dead instance printers to another after the lease runs out', async () => {
    const { records } = await serverDatabase(2);
    const [a, b] = records.map((r) => r.queue) as [QueueStore, QueueStore];
    const serials = ['SN1', 'SN2', 'SN3'];
    for (const s of serials) await a.setBed(s, 'clear');
    const job = await a.addJob(newJob(5));
    expect(await a.heartbeat('i-0', serials, 1_500)).toEqual(serials);
    const copy = (await a.claim('i-0', 'SN1', job.id))!;
    expect(await b.heartbeat('i-1', serials, 60_000)).toEqual([]);

    // i-0 stops beating. Once the database's clock passes its leases, its claims are refused
    // even before anyone else takes the printers.
    await waitFor(async () => (await b.leases()).every((l) => !l.live));
    expect(await a.claim('i-0', 'SN3', job.id)).toBeNull();
    // i-1 keeps trying until it holds them all.
    let held: string[] = [];
    await waitFor(async () => {
      held = await b.heartbeat('i-1', serials, 60_000);
      return held.length === serials.length;
    });
    expect(held).toEqual(serials);
    expect((await a.leases()).every((l) => l.instanceId === 'i-1' && l.live)).toBe(true);
    // The old holder can neither claim nor get its leases back.
    expect(await a.claim('i-0', 'SN2', job.id)).toBeNull();
    expect(await a.heartbeat('i-0', serials, 60_000)).toEqual([]);
    expect(await a.adoptCopy(copy.id, 'i-0')).toBeNull();
    // The new one adopts the copy in flight and claims on the free printers.
    const [active] = await b.activeCopies(serials);
    expect(active!.id).toBe(copy.id);
    expect(await b.adoptCopy(copy.id, 'i-1')).toMatchObject({ instanceId: 'i-1' });
    expect(await a.updateCopy(copy.id, ['dispatched'], { state: 'printing' }, 'i-0')).toBeNull();
    expect(await b.claim('i-1', 'SN2', job.id)).toMatchObject({ index: 2, instanceId: 'i-1' });
    await b.releaseLeases('i-1');
    expect(await a.heartbeat('i-0', serials, 60_000)).toEqual(serials);
  }, 60_000);

  it('never removes a job whose copy a racing claim dispatched', async () => {
    const { records } = await serverDatabase(2);
    const [a, b] = records.map((r) => r.queue) as [QueueStore, QueueStore];
    await a.setPrinterSettings('SN1', { waiveBedCheck: true });
    await a.heartbeat('i-0', ['SN1'], 600_000);
    for (let round = 0; round < 30; round++) {
      const job = await a.addJob(newJob(1));
      const [copy, removed] = await Promise.all([
        a.claim('i-0', 'SN1', job.id),
        b.removeJob(job.id),
      ]);
      const left = await a.getJob(job.id);
      if (copy) {
        // Dispatched: the job stays (its copy is on the printer) until that copy ends.
        expect([removed, left?.copyRows[0]?.state]).toEqual([false, 'dispatched']);
        await a.updateCopy(copy.id, ['dispatched'], { state: 'done' });
      } else {
        expect([removed, left]).toEqual([true, null]);
      }
    }
    expect(await a.activeCopies(['SN1'])).toEqual([]);
  }, 120_000);

  it('keeps claims and lease takeovers apart when they race', async () => {
    const { url, records } = await serverDatabase(2);
    await dropActiveIndex(url);
    const [a, b] = records.map((r) => r.queue) as [QueueStore, QueueStore];
    await a.setPrinterSettings('SN1', { waiveBedCheck: true });
    const job = await a.addJob(newJob(200));
    const claims: QueueCopyRow[] = [];
    // Short leases: the holder changes while both instances claim in loops.
    for (let round = 0; round < 40; round++) {
      await Promise.all([a.heartbeat('i-0', ['SN1'], 100), b.heartbeat('i-1', ['SN1'], 100)]);
      const results = await Promise.all([
        a.claim('i-0', 'SN1', job.id),
        b.claim('i-1', 'SN1', job.id),
        a.claim('i-0', 'SN1', job.id),
        b.claim('i-1', 'SN1', job.id),
      ]);
      const won = results.filter((r): r is QueueCopyRow => r !== null);
      expect(won.length).toBeLessThanOrEqual(1);
      expect(await doubleBooked(url)).toEqual([]);
      for (const c of won) {
        claims.push(c);
        await a.updateCopy(c.id, ['dispatched'], { state: 'done' });
      }
    }
    expect(claims.length).toBeGreaterThan(0);
    expect(new Set(claims.map((c) => c.id)).size).toBe(claims.length);
  }, 120_000);
});
