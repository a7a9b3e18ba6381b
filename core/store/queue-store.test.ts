import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewQueueJob } from '../farm/queue-port.ts';
import { wrapDrizzle, type Db } from './db.ts';
import { migrate } from './migrate.ts';
import { checkBatchNotes } from '../../test/support/queue-notes-check.ts';
import { KeptJobs } from '../farm/queue-kept-jobs.ts';
import { SqlQueueStore } from './queue-store.ts';

const FILE_ID = 'a'.repeat(64);

const newJob = (over: Partial<NewQueueJob> = {}): NewQueueJob => ({
  libraryFileId: FILE_ID,
  fileName: 'cube.gcode.3mf',
  plate: 1,
  copies: 3,
  target: { kind: 'any' },
  filamentRule: 'exact-color',
  priority: 0,
  notBefore: null,
  onFailure: 'requeue',
  options: {
    bedLeveling: true,
    flowCalibration: false,
    vibrationCalibration: false,
    timelapse: true,
  },
  ...over,
});

let client: PGlite;
let db: Db;
let store: SqlQueueStore;
let queries = 0;

beforeAll(async () => {
  client = await PGlite.create({ extensions: { pg_trgm } });
  const inner = wrapDrizzle(drizzle(client));
  const counting = (d: Db): Db => ({
    execute: (q: SQL) => {
      queries++;
      return d.execute(q);
    },
    transaction: (task) => d.transaction((tx) => task(counting(tx))),
  });
  db = counting(inner);
  await migrate(inner);
  store = new SqlQueueStore(db);
}, 60_000);
afterAll(() => client?.close());
beforeEach(async () => {
  await client.exec(`DELETE FROM queue_jobs; DELETE FROM queue_printers; DELETE FROM queue_leases;
    UPDATE queue_state SET paused = false`);
});

/** A printer whose bed is clear and whose lease `instance` holds. */
async function readyPrinter(serial: string, instance = 'i-a'): Promise<void> {
  await store.setBed(serial, 'clear');
  expect(await store.heartbeat(instance, [serial], 60_000)).toEqual([serial]);
}

describe('queue jobs', { timeout: 60_000 }, () => {
  it('adds a job with its copies at the end and keeps every field', async () => {
    const notBefore = Date.UTC(2026, 11, 5, 14);
    const first = await store.addJob(newJob());
    const second = await store.addJob(
      newJob({
        copies: 2,
        plate: 3,
        target: { kind: 'printers', serials: ['SN1', 'SN2'] },
        filamentRule: 'same-material',
        notBefore,
        onFailure: 'hold',
      }),
    );
    expect(second).toMatchObject({
      libraryFileId: FILE_ID,
      plate: 3,
      copies: 2,
      target: { kind: 'printers', serials: ['SN1', 'SN2'] },
      filamentRule: 'same-material',
      notBefore,
      onFailure: 'hold',
      waiting: null,
    });
    expect(second.position).toBeGreaterThan(first.position);
    expect(second.copyRows.map((c) => [c.index, c.state, c.attempts, c.printerSerial])).toEqual([
      [1, 'queued', 0, null],
      [2, 'queued', 0, null],
    ]);
    expect(second.createdAt).toBeGreaterThan(Date.now() - 60_000);
    expect(await store.getJob(second.id)).toEqual(second);
    expect(await store.getJob('nope')).toBeNull();
    expect((await store.listJobs()).map((j) => j.id)).toEqual([first.id, second.id]);
  });

  it('orders by priority first, then by position', async () => {
    const low = await store.addJob(newJob({ priority: -5 }));
    const a = await store.addJob(newJob());
    const high = await store.addJob(newJob({ priority: 10 }));
    const b = await store.addJob(newJob());
    expect((await store.listJobs()).map((j) => j.id)).toEqual([high.id, a.id, b.id, low.id]);
  });

  it('moves a job before another (taking its priority) or to the end', async () => {
    const a = await store.addJob(newJob());
    const b = await store.addJob(newJob());
    const c = await store.addJob(newJob());
    const high = await store.addJob(newJob({ priority: 5 }));
    const order = async () => (await store.listJobs()).map((j) => j.id);
    expect(await order()).toEqual([high.id, a.id, b.id, c.id]);

    expect(await store.moveJob(c.id, a.id)).toBe(true);
    expect(await order()).toEqual([high.id, c.id, a.id, b.id]);
    expect(await store.moveJob(b.id, high.id)).toBe(true);
    expect(await order()).toEqual([b.id, high.id, c.id, a.id]);
    expect((await store.getJob(b.id))!.priority).toBe(5);
    expect(await store.moveJob(high.id, null)).toBe(true);
    expect(await order()).toEqual([b.id, c.id, a.id, high.id]);
    expect((await store.getJob(high.id))!.priority).toBe(0);

    const revision = await store.revision();
    expect(await store.moveJob(high.id, null)).toBe(true);
    expect(await store.moveJob(a.id, a.id)).toBe(true);
    expect(await store.revision()).toBe(revision);
    expect(await store.moveJob('nope', a.id)).toBe(false);
    expect(await store.moveJob(a.id, 'nope')).toBe(false);
    expect(await order()).toEqual([b.id, c.id, a.id, high.id]);
  });

  it('keeps moving into one gap after the fractions run out (renumbers)', async () => {
    const a = await store.addJob(newJob());
    const b = await store.addJob(newJob());
    const moved: string[] = [];
    for (let i = 0; i < 60; i++) {
      const job = await store.addJob(newJob());
      // Always right before b: the gap between a and b halves each time.
      expect(await store.moveJob(job.id, b.id)).toBe(true);
      moved.push(job.id);
    }
    expect((await store.listJobs()).map((j) => j.id)).toEqual([a.id, ...moved, b.id]);
    // Renumbered on the way (b was at 2, a gap halved 60 times cannot be split).
    expect((await store.getJob(b.id))!.position).toBeGreaterThan(2);
  }, 60_000);

  it('cancels queued and held copies, requeues failed and held ones, removes idle jobs', async () => {
    await readyPrinter('SN1');
    const job = await store.addJob(newJob({ copies: 5 }));
    const [c1, c2, c3, c4] = job.copyRows;
    const dispatched = await store.claim('i-a', 'SN1', job.id);
    expect(dispatched!.id).toBe(c1!.id);
    await store.updateCopy(c2!.id, ['queued'], { state: 'failed', reason: 'nozzle clog' });
    await store.updateCopy(c3!.id, ['queued'], { state: 'held', reason: 'held by a person' });
    await store.updateCopy(c4!.id, ['queued'], { state: 'done' });

    const requeued = await store.requeueJob(job.id);
    expect(requeued!.copyRows.map((c) => c.state)).toEqual([
      'dispatched',
      'queued',
      'queued',
      'done',
      'queued',
    ]);
    expect(requeued!.copyRows[1]!.reason).toBe('nozzle clog');
    await store.updateCopy(c3!.id, ['queued'], { state: 'held' });
    const cancelled = await store.cancelJob(job.id);
    expect(cancelled!.copyRows.map((c) => c.state)).toEqual([
      'dispatched',
      'cancelled',
      'cancelled',
      'done',
      'cancelled',
    ]);
    expect(await store.cancelJob('nope')).toBeNull();
    expect(await store.requeueJob('nope')).toBeNull();

    expect(await store.removeJob(job.id)).toBe(false);
    expect(await store.getJob(job.id)).not.toBeNull();
    await store.updateCopy(c1!.id, ['dispatched'], { state: 'printing' });
    expect(await store.removeJob(job.id)).toBe(false);
    await store.updateCopy(c1!.id, ['printing'], { state: 'done' });
    expect(await store.removeJob(job.id)).toBe(true);
    expect(await store.getJob(job.id)).toBeNull();
    expect(await store.removeJob(job.id)).toBe(false);
    const { rows } = await db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM queue_copies WHERE job_id = ${job.id}`,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('stores why a job waits, writing only on a change', async () => {
    const job = await store.addJob(newJob());
    const r0 = await store.revision();
    await store.setJobWaiting(job.id, 'no printer has PETG (black) loaded');
    const r1 = await store.revision();
    expect(r1).toBeGreaterThan(r0);
    await store.setJobWaiting(job.id, 'no printer has PETG (black) loaded');
    expect(await store.revision()).toBe(r1);
    expect((await store.getJob(job.id))!.waiting).toBe('no printer has PETG (black) loaded');
    await store.setJobWaiting(job.id, null);
    expect((await store.getJob(job.id))!.waiting).toBeNull();
    expect(await store.revision()).toBeGreaterThan(r1);
  });

  it('vacuums and analyses the queue tables after many rows written', async () => {
    const small = new SqlQueueStore(db, 10);
    const vacuums = async () => {
      const { rows } = await db.execute<{ n: number }>(sql`
        SELECT coalesce(sum(vacuum_count + analyze_count), 0)::int AS n FROM pg_stat_user_tables
        WHERE relname LIKE 'queue_%'`);
      return rows[0]!.n;
    };
    const before = await vacuums();
    await small.heartbeat('i-a', ['SN1', 'SN2', 'SN3'], 60_000);
    expect(await vacuums()).toBe(before);
    await small.heartbeat(
      'i-a',
      Array.from({ length: 8 }, (_, k) => `SN${k}`),
      60_000,
    );
    expect(await vacuums()).toBeGreaterThan(before);
  });

  it('lists 1,000 jobs with their copies in two queries', async () => {
    await client.exec(`
      INSERT INTO queue_jobs (id, library_file_id, file_name, plate, target, filament_rule, priority,
        position, on_failure, options)
      SELECT 'j' || n, '${FILE_ID}', 'f' || n || '.gcode.3mf', 1, '{"kind":"any"}', 'ignore-color',
        n % 3, n, 'hold', '{}' FROM generate_series(1, 1000) n;
      INSERT INTO queue_copies (id, job_id, copy_index)
      SELECT 'j' || n || '-' || k, 'j' || n, k FROM generate_series(1, 1000) n, generate_series(1, 4) k`);
    queries = 0;
    const jobs = await store.listJobs();
    expect(queries).toBe(2);
    expect(jobs).toHaveLength(1000);
    expect(jobs.every((j) => j.copyRows.length === 4 && j.copies === 4)).toBe(true);
    expect(jobs[0]!.priority).toBe(2);
    expect(jobs[999]!.priority).toBe(0);
    expect(jobs[0]!.copyRows.map((c) => c.index)).toEqual([1, 2, 3, 4]);
  });
});

describe('queue printers and pause', { timeout: 60_000 }, () => {
  it('pauses and resumes, bumping the revision only on a change', async () => {
    expect(await store.paused()).toBe(false);
    const r0 = await store.revision();
    await store.setPaused(true);
    expect(await store.paused()).toBe(true);
    const r1 = await store.revision();
    expect(r1).toBeGreaterThan(r0);
    await store.setPaused(true);
    expect(await store.revision()).toBe(r1);
    await store.setPaused(false);
    expect(await store.paused()).toBe(false);
  });

  it('keeps groups and the waiver, creating the printer when new', async () => {
    expect(await store.printers()).toEqual([]);
    const row = await store.setPrinterSettings('SN1', { tags: ['Rack A', 'PETG', 'Rack A'] });
    expect(row).toEqual({
      serial: 'SN1',
      bed: 'unknown',
      bedChangedAt: null,
      waiveBedCheck: false,
      tags: ['Rack A', 'PETG'],
      exclusion: null,
    });
    const waived = await store.setPrinterSettings('SN1', { waiveBedCheck: true });
    expect(waived).toMatchObject({ tags: ['Rack A', 'PETG'], waiveBedCheck: true });
    const r = await store.revision();
    await store.setPrinterSettings('SN1', { waiveBedCheck: true, tags: ['Rack A', 'PETG'] });
    expect(await store.revision()).toBe(r);
    expect(await store.printers()).toEqual([waived]);
  });

  it('sets the bed, with compare-and-set', async () => {
    expect(await store.setBed('SN1', 'clear', ['needs-clearing'])).toBeNull();
    expect(await store.printers()).toEqual([]);
    const clear = await store.setBed('SN1', 'clear', ['unknown', 'needs-clearing']);
    expect(clear).toMatchObject({ serial: 'SN1', bed: 'clear' });
    expect(clear!.bedChangedAt).toBeGreaterThan(Date.now() - 60_000);
    expect(await store.setBed('SN1', 'needs-clearing', ['in-use'])).toBeNull();
    expect((await store.setBed('SN1', 'needs-clearing'))!.bed).toBe('needs-clearing');
    expect((await store.setBed('SN1', 'clear', ['needs-clearing']))!.bed).toBe('clear');
    const r = await store.revision();
    expect(await store.setBed('SN1', 'clear')).toMatchObject({ bed: 'clear' });
    expect(await store.revision()).toBe(r);
  });

  it('writes many waiting and exclusion reasons in one statement each, on the notes revision', async () => {
    await checkBatchNotes(store, store, () => newJob({ copies: 1 }));
    const jobs = await store.listJobs();
    const before = queries;
    const entries = jobs.map((j) => ({ jobId: j.id, waiting: `w ${j.id}` }));
    expect(await store.setJobWaitingMany(entries)).toBe(jobs.length);
    expect(queries - before).toBe(1);
  });

  it("keeps the dispatcher's job list through its own copy writes, not through anyone else's", async () => {
    const job = await store.addJob(newJob({ copies: 2 }));
    await readyPrinter('SN7', 'i-kept');
    const kept = new KeptJobs();
    const q = kept.through(store);
    const r0 = (await store.revisions()).jobs;
    kept.keep(r0, await store.listJobs());
    const copy = (await q.claim('i-kept', 'SN7', job.id))!;
    const r1 = (await store.revisions()).jobs;
    // The kept list follows the claim: same revision, same copies as a fresh read.
    expect(kept.at(r1)).toEqual(await store.listJobs());
    await q.updateCopy(copy.id, ['dispatched'], { state: 'printing', startedAt: 1 }, 'i-kept');
    expect(await q.updateCopy(copy.id, ['dispatched'], { state: 'done' }, 'i-kept')).toBeNull();
    const r2 = (await store.revisions()).jobs;
    expect(kept.at(r2)).toEqual(await store.listJobs());
    // A write that did not go through it (a person's cancel) leaves it behind: read again.
    await store.cancelJob(job.id);
    expect(kept.at((await store.revisions()).jobs)).toBeNull();
  });

  it('stores exclusions, writing only on a change', async () => {
    await store.setExclusion('SN0', null);
    expect(await store.printers()).toEqual([]);
    await store.setExclusion('SN1', 'Developer Mode is off');
    const r = await store.revision();
    await store.setExclusion('SN1', 'Developer Mode is off');
    expect(await store.revision()).toBe(r);
    expect((await store.printers())[0]).toMatchObject({
      serial: 'SN1',
      bed: 'unknown',
      exclusion: 'Developer Mode is off',
    });
    await store.setExclusion('SN1', null);
    expect((await store.printers())[0]!.exclusion).toBeNull();
    expect(await store.revision()).toBeGreaterThan(r);
  });
});

describe('leases and claims', { timeout: 60_000 }, () => {
  it('hands out free leases, renews its own, refuses live ones of others, takes expired ones', async () => {
    expect(await store.heartbeat('i-a', ['SN2', 'SN1', 'SN1'], 60_000)).toEqual(['SN1', 'SN2']);
    expect(await store.heartbeat('i-b', ['SN1', 'SN2', 'SN3'], 60_000)).toEqual(['SN3']);
    const before = await store.leases();
    expect(before.map((l) => [l.serial, l.instanceId, l.live])).toEqual([
      ['SN1', 'i-a', true],
      ['SN2', 'i-a', true],
      ['SN3', 'i-b', true],
    ]);
    expect(await store.heartbeat('i-a', ['SN1', 'SN2'], 60_000)).toEqual(['SN1', 'SN2']);
    const renewed = await store.leases();
    expect(renewed[0]!.expiresAt).toBeGreaterThan(before[0]!.expiresAt);

    // A lease of ttl 0 ends at the database's now: expired for the next statement.
    expect(await store.heartbeat('i-a', ['SN1'], 0)).toEqual(['SN1']);
    expect((await store.leases())[0]!.live).toBe(false);
    expect(await store.heartbeat('i-b', ['SN1', 'SN2'], 60_000)).toEqual(['SN1']);
    expect(await store.heartbeat('i-b', [], 60_000)).toEqual([]);

    await store.releaseLeases('i-a', ['SN1']);
    expect((await store.leases()).map((l) => l.instanceId)).toEqual(['i-b', 'i-a', 'i-b']);
    await store.releaseLeases('i-b');
    expect((await store.leases()).map((l) => l.serial)).toEqual(['SN2']);
  });

  it('bumps the revision when a lease changes hands, not on renewals', async () => {
    const r0 = await store.revision();
    await store.heartbeat('i-a', ['SN1'], 60_000);
    const r1 = await store.revision();
    expect(r1).toBeGreaterThan(r0);
    await store.heartbeat('i-a', ['SN1'], 60_000);
    expect(await store.revision()).toBe(r1);
    await store.releaseLeases('i-a');
    expect(await store.revision()).toBeGreaterThan(r1);
  });

  it('claims the lowest queued copy, marks the bed in use, one copy per printer', async () => {
    const job = await store.addJob(newJob({ copies: 2 }));
    expect(await store.claim('i-a', 'SN1', job.id)).toBeNull(); // no lease
    await store.heartbeat('i-a', ['SN1', 'SN2'], 60_000);
    expect(await store.claim('i-a', 'SN1', job.id)).toBeNull(); // bed unknown
    await store.setBed('SN1', 'needs-clearing');
    expect(await store.claim('i-a', 'SN1', job.id)).toBeNull();
    await store.setBed('SN1', 'clear');
    expect(await store.claim('i-b', 'SN1', job.id)).toBeNull(); // not its lease

    const r = await store.revision();
    const copy = await store.claim('i-a', 'SN1', job.id);
    expect(copy).toMatchObject({
      jobId: job.id,
      index: 1,
      state: 'dispatched',
      printerSerial: 'SN1',
      instanceId: 'i-a',
      attempts: 1,
    });
    expect(copy!.dispatchedAt).toBeGreaterThan(Date.now() - 60_000);
    expect(await store.revision()).toBeGreaterThan(r);
    expect((await store.printers()).find((p) => p.serial === 'SN1')!.bed).toBe('in-use');
    // The bed is in use now; even waived, the printer has an active copy.
    expect(await store.claim('i-a', 'SN1', job.id)).toBeNull();
    await store.setPrinterSettings('SN1', { waiveBedCheck: true });
    expect(await store.claim('i-a', 'SN1', job.id)).toBeNull();

    await store.setPrinterSettings('SN2', { waiveBedCheck: true });
    const second = await store.claim('i-a', 'SN2', job.id);
    expect(second).toMatchObject({ index: 2, printerSerial: 'SN2' });
    await store.heartbeat('i-a', ['SN3'], 60_000);
    await store.setBed('SN3', 'clear');
    expect(await store.claim('i-a', 'SN3', job.id)).toBeNull(); // none left
    expect(await store.claim('i-a', 'SN3', 'nope')).toBeNull();
    expect((await store.printers()).find((p) => p.serial === 'SN3')!.bed).toBe('clear');
  });

  it('refuses a claim on an expired lease', async () => {
    const job = await store.addJob(newJob());
    await store.setBed('SN1', 'clear');
    await store.heartbeat('i-a', ['SN1'], 0);
    expect(await store.claim('i-a', 'SN1', job.id)).toBeNull();
    expect((await store.getJob(job.id))!.copyRows.every((c) => c.state === 'queued')).toBe(true);
  });

  it('moves copies on only from the given states and instance; back to queued drops the printer', async () => {
    await readyPrinter('SN1');
    const job = await store.addJob(newJob({ copies: 1 }));
    const copy = (await store.claim('i-a', 'SN1', job.id))!;
    expect(await store.updateCopy(copy.id, ['queued'], { state: 'printing' })).toBeNull();
    expect(
      await store.updateCopy(copy.id, ['dispatched'], { state: 'printing' }, 'i-b'),
    ).toBeNull();
    const startedAt = Date.UTC(2026, 11, 5, 9);
    const printing = await store.updateCopy(
      copy.id,
      ['dispatched'],
      { state: 'printing', historyId: 'h-1', startedAt },
      'i-a',
    );
    expect(printing).toMatchObject({ state: 'printing', historyId: 'h-1', startedAt });
    expect((await store.activeCopies(['SN1', 'SN9'])).map((c) => c.id)).toEqual([copy.id]);
    const back = await store.updateCopy(copy.id, ['printing'], {
      state: 'queued',
      reason: 'the print failed (nozzle clog): requeued',
    });
    expect(back).toMatchObject({
      state: 'queued',
      printerSerial: null,
      instanceId: null,
      historyId: 'h-1',
      attempts: 1,
      startedAt: null,
      reason: 'the print failed (nozzle clog): requeued',
    });
    expect(await store.activeCopies(['SN1'])).toEqual([]);
    expect(await store.activeCopies([])).toEqual([]);
    // Claimed again: attempts 2, the reason cleared.
    await store.setBed('SN1', 'clear');
    expect(await store.claim('i-a', 'SN1', job.id)).toMatchObject({ attempts: 2, reason: null });
  });

  it('gives an active copy to the instance that now holds its printer', async () => {
    await readyPrinter('SN1');
    const job = await store.addJob(newJob({ copies: 1 }));
    const copy = (await store.claim('i-a', 'SN1', job.id))!;
    expect(await store.adoptCopy(copy.id, 'i-b')).toBeNull(); // i-b holds no lease
    await store.heartbeat('i-a', ['SN1'], 0);
    expect(await store.heartbeat('i-b', ['SN1'], 60_000)).toEqual(['SN1']);
    const adopted = await store.adoptCopy(copy.id, 'i-b');
    expect(adopted).toMatchObject({ id: copy.id, instanceId: 'i-b', state: 'dispatched' });
    expect(
      await store.updateCopy(copy.id, ['dispatched'], { state: 'printing' }, 'i-a'),
    ).toBeNull();
    expect(
      await store.updateCopy(copy.id, ['dispatched'], { state: 'printing' }, 'i-b'),
    ).not.toBeNull();
  });

  it('refuses a second active copy on one printer in the database itself', async () => {
    await readyPrinter('SN1');
    const job = await store.addJob(newJob({ copies: 2 }));
    await store.claim('i-a', 'SN1', job.id);
    const err = await db
      .execute(
        sql`UPDATE queue_copies SET state = 'printing', printer_serial = 'SN1'
            WHERE job_id = ${job.id} AND copy_index = 2`,
      )
      .catch((e: unknown) => e);
    expect(String((err as Error).cause ?? err)).toMatch(/queue_copies_active|duplicate key/);
  });
});
