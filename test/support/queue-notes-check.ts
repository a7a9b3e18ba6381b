import { expect } from 'vitest';
import type { NewQueueJob, QueueStore } from '../../core/farm/queue-port.ts';

/**
 * The batch reason writes on any QueueStore (PGlite or PostgreSQL): one call per batch, only
 * changed rows written, missing jobs skipped, the content and jobs revisions untouched while
 * `revision()` (what the UI polls) moves; beds and leases leave the jobs revision alone. `other` is a second instance on the same database (or the same store).
 */
export async function checkBatchNotes(
  store: QueueStore,
  other: QueueStore,
  newJob: () => NewQueueJob,
): Promise<void> {
  const jobs = [];
  for (let i = 0; i < 5; i++) jobs.push(await store.addJob(newJob()));
  const before = await store.revisions();
  const waiting = jobs.map((j, i) => ({ jobId: j.id, waiting: i % 2 ? `waits ${i}` : null }));
  // Jobs start without a reason: only the odd ones change; a missing job is skipped.
  expect(await store.setJobWaitingMany([...waiting, { jobId: 'no-such-job', waiting: 'x' }])).toBe(
    2,
  );
  const after = await store.revisions();
  expect(after.content).toBe(before.content);
  expect(after.jobs).toBe(before.jobs);
  expect(after.notes).toBeGreaterThan(before.notes);
  expect(await other.revision()).toBe(after.content + after.notes);
  const listed = new Map((await other.listJobs()).map((j) => [j.id, j.waiting]));
  for (const w of waiting) expect(listed.get(w.jobId)).toBe(w.waiting);

  // The same reasons again change nothing; one new reason changes one row.
  expect(await other.setJobWaitingMany(waiting)).toBe(0);
  expect(await store.revisions()).toEqual(after);
  const one = [...waiting];
  one[0] = { jobId: jobs[0]!.id, waiting: 'now waits' };
  expect(await store.setJobWaitingMany(one)).toBe(1);
  expect((await other.getJob(jobs[0]!.id))!.waiting).toBe('now waits');
  expect(await store.setJobWaitingMany([])).toBe(0);

  // Exclusions: a printer without a row gets one only when excluded.
  const r0 = await store.revisions();
  expect(
    await store.setExclusions([
      { serial: 'EX1', exclusion: 'Developer Mode is off' },
      { serial: 'EX2', exclusion: null },
      { serial: 'EX3', exclusion: 'offline' },
    ]),
  ).toBe(2);
  const r1 = await store.revisions();
  expect(r1.content).toBe(r0.content);
  expect(r1.notes).toBeGreaterThan(r0.notes);
  const rows = new Map((await other.printers()).map((p) => [p.serial, p]));
  expect(rows.get('EX1')).toMatchObject({ bed: 'unknown', exclusion: 'Developer Mode is off' });
  expect(rows.get('EX3')?.exclusion).toBe('offline');
  expect(rows.has('EX2')).toBe(false);
  expect(
    await other.setExclusions([
      { serial: 'EX1', exclusion: 'Developer Mode is off' },
      { serial: 'EX3', exclusion: null },
    ]),
  ).toBe(1);
  expect(await store.revisions()).toEqual({ ...r1, notes: r1.notes + 1 });
  const after2 = new Map((await store.printers()).map((p) => [p.serial, p.exclusion]));
  expect(after2.get('EX1')).toBe('Developer Mode is off');
  expect(after2.get('EX3')).toBeNull();

  // A bed or a lease moves the content revision (and so `revision()`), not the jobs or notes ones.
  await store.setBed('EX1', 'clear');
  expect(await store.heartbeat('i-notes', ['EX1'], 60_000)).toEqual(['EX1']);
  const r2 = await store.revisions();
  expect(r2.content).toBeGreaterThan(r1.content);
  expect(r2.jobs).toBe(r1.jobs);
  expect(r2.notes).toBe(r1.notes + 1);
  // A claim changes a copy: the jobs revision moves with the content one.
  expect(await other.claim('i-notes', 'EX1', jobs[0]!.id)).toMatchObject({ state: 'dispatched' });
  const r3 = await store.revisions();
  expect(r3.jobs).toBeGreaterThan(r2.jobs);
  expect(r3.content).toBeGreaterThan(r2.content);
  await store.releaseLeases('i-notes');
  expect((await store.revisions()).jobs).toBe(r3.jobs);
}
