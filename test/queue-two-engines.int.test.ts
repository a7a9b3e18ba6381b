// Two Farmdeck engines in separate processes (real headless hosts) share one Debian PostgreSQL and
// twenty virtual printers: one queue of 100 copies, one engine killed with SIGKILL midway. No copy
// is dispatched twice, none is lost, and the survivor takes the dead engine's printers over.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrinterView } from '../shared/contract/farm-schemas.ts';
import type { HistoryPage } from '../shared/contract/records-schemas.ts';
import type { QueueJobView, QueueView } from '../shared/contract/queue-schemas.ts';
import { recordsStore, type SqlRecords } from '../core/store/records-store.ts';
import { BedClearer } from './support/bed-clearer.ts';
import type { HostClient } from './support/host-client.ts';
import { watchTakeover } from './support/takeover-watch.ts';
import { writeGcode3mf } from './support/threemf-builder.ts';
import { startEnginesRig, type EnginesRig } from './support/two-engines.ts';

const PRINTERS = 20;
const COPIES = 100;
/** Short queue timings: a lease lapses 3 s after its last heartbeat. */
const TUNING = { leaseTtlMs: 3000, heartbeatMs: 500, tickMs: 500, adoptGraceMs: 5000 };

let rig: EnginesRig;
let dir = '';
let plateFile = '';
let clearer: BedClearer | null = null;
/** The test's own view of the shared database: the lease table. */
let observer: SqlRecords | null = null;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'farmdeck-two-engines-'));
  plateFile = join(dir, 'bracket.gcode.3mf');
  // One minute at standard speed: 3 s on printers running 20× fast. PLA in the AMS's colour.
  writeGcode3mf(plateFile, {
    plates: [
      {
        index: 1,
        prediction: 60,
        layers: 20,
        filaments: [{ id: 1, type: 'PLA', color: '#D357FE', usedG: 3 }],
      },
    ],
  });
  rig = await startEnginesRig({
    engines: 2,
    split: true,
    sims: { count: PRINTERS, timeScale: 20, reportIntervalMs: 500 },
    queueTuning: TUNING,
  });
  observer = recordsStore({ dataDir: join(dir, 'observer'), databaseUrl: rig.databaseUrl });
}, 150_000);

afterAll(async () => {
  await clearer?.stop();
  await observer?.close();
  await rig?.close();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

const viewOf = (client: HostClient, serial: string): PrinterView | undefined =>
  [...client.printers.values()].find((v) => v.serial === serial);

const controlledBy = (client: HostClient): string[] =>
  [...client.printers.values()].filter((v) => v.queue?.controller === 'this').map((v) => v.serial);

/** Live leases by serial → instance id, from the database itself. */
async function liveLeases(): Promise<Map<string, string>> {
  const leases = (await observer?.queue.leases()) ?? [];
  return new Map(leases.filter((l) => l.live).map((l) => [l.serial, l.instanceId]));
}

const onlineCount = (client: HostClient) =>
  [...client.printers.values()].filter((v) => v.state?.online).length;

async function jobOf(client: HostClient, jobId: string): Promise<QueueJobView> {
  const queue = await client.call<QueueView>('queue:get');
  const job = queue.jobs.find((j) => j.jobId === jobId);
  if (!job) throw new Error(`job ${jobId} is not in the queue`);
  return job;
}

describe('two engines on one PostgreSQL', () => {
  it('every engine shows every printer, and each printer has exactly one controller', async () => {
    // Each engine starts with its half of the farm and takes those leases; then learns the rest.
    for (const [i, client] of rig.clients.entries()) {
      const own = rig.startedWith[i] ?? [];
      await expect
        .poll(() => own.filter((s) => viewOf(client, s)?.queue?.controller === 'this').length, {
          timeout: 60_000,
        })
        .toBe(own.length);
    }
    await rig.addRemaining();
    for (const client of rig.clients) {
      await expect.poll(() => onlineCount(client), { timeout: 60_000 }).toBe(PRINTERS);
    }
    const [a, b] = rig.clients as [HostClient, HostClient];
    await expect
      .poll(
        () =>
          rig.sims.printers.map((p) => [
            viewOf(a, p.serial)?.queue?.controller,
            viewOf(b, p.serial)?.queue?.controller,
          ]),
        { timeout: 20_000 },
      )
      .toEqual(
        rig.sims.printers.map((p) =>
          rig.startedWith[0]?.includes(p.serial) ? ['this', 'other'] : ['other', 'this'],
        ),
      );
    // The lease table agrees: one live lease per printer, two instances, each with its half.
    const leases = await liveLeases();
    expect(leases.size).toBe(PRINTERS);
    const owners = rig.startedWith.map((serials) => new Set(serials.map((s) => leases.get(s))));
    expect(owners.map((o) => o.size)).toEqual([1, 1]);
    expect(new Set(leases.values()).size).toBe(2);
  }, 150_000);

  it('100 copies print exactly once each, also when an engine is killed midway', async () => {
    const [victim, survivor] = rig.clients as [HostClient, HostClient];
    // Dropped on the victim only: the survivor fetches the bytes from the shared database.
    const staged = await victim.upload(plateFile, 'bracket.gcode.3mf');
    expect(staged.libraryNote ?? null).toBeNull();
    const job = await victim.call<QueueJobView>('queue:add', {
      file: { from: 'staged', stagedFileId: staged.fileId },
      plate: 1,
      copies: COPIES,
      target: { kind: 'any' },
      filamentRule: 'exact-color',
      priority: 0,
      notBefore: null,
      onFailure: 'requeue',
      options: {
        bedLeveling: false,
        flowCalibration: false,
        vibrationCalibration: false,
        timelapse: false,
      },
    });
    expect(job.counts.queued).toBe(COPIES);

    let alive: HostClient[] = [victim, survivor];
    clearer = new BedClearer(() => alive);
    clearer.start();

    // Midway, while the victim has copies in flight on its printers: SIGKILL.
    const deadSerials = controlledBy(victim);
    expect(deadSerials.sort()).toEqual([...(rig.startedWith[0] ?? [])].sort());
    let inFlight: string[] = [];
    await expect
      .poll(
        async () => {
          const now = await jobOf(survivor, job.jobId);
          inFlight = now.copies
            .filter((c) => c.state === 'dispatched' || c.state === 'printing')
            .filter((c) => c.printerSerial !== null && deadSerials.includes(c.printerSerial))
            .map((c) => c.copyId);
          return now.counts.done >= COPIES * 0.4 && inFlight.length >= 3;
        },
        { timeout: 120_000, interval: 200 },
      )
      .toBe(true);
    const victimId = (await liveLeases()).get(deadSerials[0] ?? '');
    expect(victimId).toBeDefined();
    const before = rig.sims.projectFiles();
    const killedAt = performance.now();
    await rig.hosts[0]?.crash();
    alive = [survivor];

    const takeover = await watchTakeover({
      survivor,
      deadSerials,
      projectFiles: () => rig.sims.projectFiles(),
      killedAt,
      before,
      timeoutMs: 60_000,
    });
    console.log(
      `takeover after SIGKILL (lease ttl ${TUNING.leaseTtlMs} ms, heartbeat ${TUNING.heartbeatMs} ms, ` +
        `tick ${TUNING.tickMs} ms): all ${deadSerials.length} printers controlled by the survivor ` +
        `after ${Math.round(takeover.leasesMs)} ms; first new project_file on one of them after ` +
        `${Math.round(takeover.firstDispatchMs)} ms; ${inFlight.length} copies were in flight there`,
    );
    // Generous: a lease lapses after its ttl, then the next heartbeat takes it.
    expect(takeover.leasesMs).toBeLessThan(TUNING.leaseTtlMs + 20_000);

    await expect
      .poll(async () => (await jobOf(survivor, job.jobId)).counts.done, {
        timeout: 150_000,
        interval: 500,
      })
      .toBe(COPIES);
    await clearer.stop();

    const final = await jobOf(survivor, job.jobId);
    expect(final.copies).toHaveLength(COPIES);
    expect(final.copies.every((c) => c.state === 'done')).toBe(true);
    // The copies the dead engine had on its printers were adopted and finished, not lost.
    for (const copyId of inFlight) {
      expect(final.copies.find((c) => c.copyId === copyId)?.state).toBe('done');
    }
    // Each copy reached a printer exactly once: the printers received 100 project_file in all,
    // and each printer as many as the copies that were done on it.
    const received = rig.sims.projectFiles();
    expect([...received.values()].reduce((a, n) => a + n, 0)).toBe(COPIES);
    for (const [serial, count] of received) {
      expect(final.copies.filter((c) => c.printerSerial === serial)).toHaveLength(count);
    }
    // Both engines printed: the dead one's printers took copies before and after the kill.
    expect(deadSerials.some((s) => (before.get(s) ?? 0) > 0)).toBe(true);
    expect(deadSerials.some((s) => (received.get(s) ?? 0) > (before.get(s) ?? 0))).toBe(true);
    expect(controlledBy(survivor).sort()).toEqual(rig.sims.printers.map((p) => p.serial).sort());
    const leases = await liveLeases();
    expect(leases.size).toBe(PRINTERS);
    expect(new Set(leases.values()).size).toBe(1);
    expect(leases.get(deadSerials[0] ?? '')).not.toBe(victimId);

    // One history record per copy, each linked from its copy.
    const history = await survivor.call<HistoryPage>('history:list', { limit: 500 });
    // Per printer first: a failure shows which printers got extra (or missing) records.
    const recordsBySerial: Record<string, number> = {};
    for (const r of history.records) {
      recordsBySerial[r.printerSerial] = (recordsBySerial[r.printerSerial] ?? 0) + 1;
    }
    expect(recordsBySerial).toEqual(Object.fromEntries([...received].filter(([, n]) => n > 0)));
    expect(history.total).toBe(COPIES);
    expect(history.records.every((r) => r.result === 'finished')).toBe(true);
    const linked = new Set(final.copies.map((c) => c.historyId));
    expect(linked.size).toBe(COPIES);
    expect([...linked].sort()).toEqual(history.records.map((r) => r.id).sort());
  }, 240_000);
});
