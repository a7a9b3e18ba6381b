import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueJobView } from '../shared/contract/queue-schemas.ts';
import { projectFiles, startQueueRig, until, type QueueRig } from './support/queue-rig.ts';

// One engine and database for the file (PGlite takes long to start on a loaded machine); each test
// has its own printers and targets them by serial, so the tests never share a printer.
// 0: bed check, 1: waiver, 2: failures, 3 (Developer Mode off) and 4: exclusion, 5: late start.
let rig: QueueRig;
beforeAll(async () => {
  rig = await startQueueRig(
    6,
    (i) =>
      i === 3
        ? { requireSignature: true }
        : // A slow card: the job shows long after the start timeout.
          i === 5
          ? { projectReply: { jobDelayMs: 25_000 } }
          : {},
    10_000,
  );
  await until(
    () => (rig.ids.every((id) => rig.views.get(id)?.state?.online === true) ? true : undefined),
    60_000,
    'every printer online',
  );
}, 180_000);
afterAll(async () => {
  await rig.close();
});

const on = (...indexes: number[]) => ({
  target: { kind: 'printers' as const, serials: indexes.map((i) => rig.printers[i]!.serial) },
});

async function job(jobId: string): Promise<QueueJobView> {
  const view = await rig.queue();
  const found = view.jobs.find((j) => j.jobId === jobId);
  if (!found) throw new Error(`job ${jobId} is not in the queue`);
  return found;
}

const copyIn = (jobId: string, ...states: string[]) =>
  until(
    async () => {
      const j = await job(jobId);
      return j.copies.every((c) => states.includes(c.state)) ? j : undefined;
    },
    90_000,
    `copies ${states.join('/')}`,
  );

describe('dispatch rules through the engine', () => {
  it('a bed nobody confirmed blocks the printer; confirming it lets the copy print', async () => {
    const h = rig.farm.handlers();
    const id = rig.ids[0]!;
    const jobId = await rig.addCopies(1, on(0));
    // The dispatcher looked and said why nothing starts.
    const blocked = await until(
      async () => {
        const j = await job(jobId);
        const exclusion = rig.views.get(id)?.queue?.exclusion ?? null;
        return j.waiting !== null && exclusion !== null ? { j, exclusion } : undefined;
      },
      30_000,
      'a waiting reason',
    );
    expect(`${blocked.j.waiting} ${blocked.exclusion}`).toMatch(/bed/i);
    expect(blocked.j.copies[0]!.state).toBe('queued');
    expect(rig.views.get(id)?.queue).toMatchObject({ bed: 'unknown', controller: 'this' });
    expect(projectFiles(rig.printers[0]!)).toBe(0);

    const info = await h['queue:confirm-bed'](id);
    expect(info.bed).toBe('clear');
    await copyIn(jobId, 'printing', 'done');
    const done = await copyIn(jobId, 'done');
    expect(done.copies[0]).toMatchObject({ printerName: 'Rack 1', attempts: 1 });
    expect(projectFiles(rig.printers[0]!)).toBe(1);
    // The print ended: the bed waits for a person again, and a busy printer cannot be confirmed.
    await until(() => (rig.views.get(id)?.queue?.bed === 'needs-clearing' ? true : undefined));
    // Another instance's claim set the bed in use after the printer looked free: a confirmation
    // must not turn it back to clear (the end of that print would then ask nobody). This engine's
    // own pass may settle the bed first (in use, printer free, no copy): then try again.
    const serial = rig.printers[0]!.serial;
    let refused: unknown = null;
    for (let i = 0; i < 10 && !refused; i++) {
      await rig.records.queue.setBed(serial, 'in-use');
      refused = await h['queue:confirm-bed'](id).then(
        () => null,
        (err: unknown) => err,
      );
    }
    expect(String(refused)).toMatch(/just sent/);
    expect((await rig.records.queue.printers()).find((p) => p.serial === serial)?.bed).not.toBe(
      'clear',
    );
    await rig.records.queue.setBed(serial, 'needs-clearing');
  }, 120_000);

  it('a printer whose bed check is waived takes copies without a confirmation', async () => {
    const h = rig.farm.handlers();
    const id = rig.ids[1]!;
    const info = await h['queue:set-printer'](id, { waiveBedCheck: true, tags: ['Rack A'] });
    expect(info).toMatchObject({ waiveBedCheck: true, tags: ['Rack A'] });
    const jobId = await rig.addCopies(2, { target: { kind: 'group', group: 'Rack A' } });
    const done = await copyIn(jobId, 'done');
    expect(done.copies.map((c) => c.printerName)).toEqual(['Rack 2', 'Rack 2']);
    expect(projectFiles(rig.printers[1]!)).toBe(2);
  }, 120_000);

  it('a failed print goes back to the queue (requeue) or waits for a person (hold)', async () => {
    const h = rig.farm.handlers();
    const id = rig.ids[2]!;
    await h['queue:confirm-bed'](id);
    const requeued = await rig.addCopies(1, { onFailure: 'requeue', ...on(2) });
    await copyIn(requeued, 'printing');
    await expect(h['queue:confirm-bed'](id)).rejects.toThrow(/printing/);
    await h['printer:send-command'](id, { type: 'stop' });
    const back = await copyIn(requeued, 'queued');
    expect(back.copies[0]!.reason).toMatch(/cancelled on Rack 3/);
    expect(back.copies[0]!.attempts).toBe(1);
    await until(() => (rig.views.get(id)?.queue?.bed === 'needs-clearing' ? true : undefined));

    // Cancel it (a queued copy is cancelled at once), then a job that holds on failure.
    const cancelled = await h['queue:cancel'](requeued);
    expect(cancelled.counts.cancelled).toBe(1);
    const held = await rig.addCopies(1, { onFailure: 'hold', ...on(2) });
    await h['queue:confirm-bed'](id);
    await copyIn(held, 'printing');
    await h['printer:send-command'](id, { type: 'stop' });
    const holding = await copyIn(held, 'held');
    expect(holding.copies[0]!.reason).toMatch(/cancelled on Rack 3/);
    expect(projectFiles(rig.printers[2]!)).toBe(2);
    // A person requeues it: it prints once the bed is confirmed.
    const again = await h['queue:requeue'](held);
    expect(again.counts.queued).toBe(1);
    await h['queue:confirm-bed'](id);
    const done = await copyIn(held, 'done');
    expect(done.copies[0]!.attempts).toBe(2);
    expect(projectFiles(rig.printers[2]!)).toBe(3);
  }, 180_000);

  it('a printer with Developer Mode off is skipped with its reason; the copy goes to another', async () => {
    const h = rig.farm.handlers();
    const [locked, open] = [rig.ids[3]!, rig.ids[4]!] as const;
    await h['queue:confirm-bed'](locked);
    await h['queue:confirm-bed'](open);
    const jobId = await rig.addCopies(1, on(3, 4));
    const done = await copyIn(jobId, 'done');
    expect(done.copies[0]!.printerName).toBe('Rack 5');
    const exclusion = await until(
      () => rig.views.get(locked)?.queue?.exclusion ?? undefined,
      30_000,
      'an exclusion on the locked printer',
    );
    expect(exclusion).toMatch(/Developer Mode/i);
    expect(projectFiles(rig.printers[3]!)).toBe(0);
  }, 120_000);

  it('a start not confirmed in time stays dispatched with a reason, then prints when the printer shows it', async () => {
    const h = rig.farm.handlers();
    const id = rig.ids[5]!;
    await h['queue:confirm-bed'](id);
    const jobId = await rig.addCopies(1, on(5));
    const late = await until(
      async () => {
        const c = (await job(jobId)).copies[0];
        return c?.state === 'dispatched' && c.reason !== null ? c : undefined;
      },
      60_000,
      'an unconfirmed start',
    );
    expect(late.reason).toBe('not confirmed yet — check the printer');
    const done = await copyIn(jobId, 'done');
    expect(done.copies[0]).toMatchObject({ attempts: 1, reason: null });
    expect(projectFiles(rig.printers[5]!)).toBe(1);
  }, 120_000);

  it('refuses to queue a file the library does not hold, or a plate it does not have', async () => {
    const h = rig.farm.handlers();
    const before = (await rig.queue()).jobs.length;
    await expect(rig.addCopies(1, { plate: 3 })).rejects.toThrow(/has no plate 3/);
    await expect(
      h['queue:add']({
        file: { from: 'library', libraryFileId: 'a'.repeat(64) },
        plate: 1,
        copies: 1,
        target: { kind: 'any' },
        filamentRule: 'ignore-color',
        priority: 0,
        notBefore: null,
        onFailure: 'hold',
        options: {
          bedLeveling: false,
          flowCalibration: false,
          vibrationCalibration: false,
          timelapse: false,
        },
      }),
    ).rejects.toThrow(/no longer in the library/);
    expect((await rig.queue()).jobs).toHaveLength(before);
  }, 60_000);
});
