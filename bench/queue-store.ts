// Queue store benchmark (npx tsx bench/queue-store.ts): 1,000 queued jobs and 500 printers on the
// embedded PGlite and on Debian's PostgreSQL (a throwaway cluster). Measures what the dispatcher
// does every tick (list the queue, heartbeat 500 leases, unchanged exclusions, revision) and a
// claim; on PostgreSQL also two instances claiming at once for their 250 printers each.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NewQueueJob, QueueJobRow, QueueStore } from '../core/farm/queue-port.ts';
import { recordsStore, type SqlRecords } from '../core/store/records-store.ts';
import { startPostgres } from '../test/support/postgres.ts';

const JOBS = 1_000;
const PRINTERS = 500;
const serials = Array.from({ length: PRINTERS }, (_, k) => `SN${String(k).padStart(4, '0')}`);

const job = (k: number): NewQueueJob => ({
  libraryFileId: 'c'.repeat(64),
  fileName: `part-${k}.gcode.3mf`,
  plate: 1,
  copies: 2,
  target: { kind: 'any' },
  filamentRule: 'ignore-color',
  priority: k % 3,
  notBefore: null,
  onFailure: 'requeue',
  options: {
    bedLeveling: true,
    flowCalibration: false,
    vibrationCalibration: false,
    timelapse: false,
  },
});

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function timed(runs: number, task: (i: number) => Promise<unknown>) {
  await task(0);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await task(i + 1);
    samples.push(performance.now() - t);
  }
  return `p50 ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms`;
}

async function bench(name: string, records: SqlRecords, other: SqlRecords | null) {
  await records.ping();
  const q = records.queue;
  const t0 = performance.now();
  const jobs: QueueJobRow[] = [];
  for (let k = 0; k < JOBS; k++) jobs.push(await q.addJob(job(k)));
  const addMs = (performance.now() - t0) / JOBS;
  for (const s of serials) await q.setPrinterSettings(s, { waiveBedCheck: true });

  const lines = [`${name}: add a job ${addMs.toFixed(1)} ms`];
  lines.push(`  list ${JOBS} jobs × 2 copies: ${await timed(20, () => q.listJobs())}`);
  lines.push(
    `  heartbeat ${PRINTERS} leases: ${await timed(20, () => q.heartbeat('i-a', serials, 60_000))}`,
  );
  lines.push(
    `  ${PRINTERS} unchanged exclusions (one tick): ${await timed(5, () =>
      Promise.all(serials.map((s) => q.setExclusion(s, null))),
    )}`,
  );
  lines.push(`  revision: ${await timed(50, () => q.revision())}`);
  let n = 0;
  lines.push(
    `  claim (free printer, then done): ${await timed(200, async () => {
      const serial = serials[n % PRINTERS]!;
      const copy = await q.claim('i-a', serial, jobs[Math.floor(n++ / 2)]!.id);
      if (!copy) throw new Error(`claim on ${serial} failed`);
      await q.updateCopy(copy.id, ['dispatched'], { state: 'done' });
    })}`,
  );
  if (other)
    lines.push(
      `  ${await race(
        q,
        other.queue,
        jobs.slice(200).map((j) => j.id),
      )}`,
    );
  console.log(lines.join('\n'));
}

/** Two instances, 250 printers each, claim in rounds (all printers at once) until 500 copies went. */
async function race(a: QueueStore, b: QueueStore, jobIds: string[]): Promise<string> {
  await a.releaseLeases('i-a');
  const half = PRINTERS / 2;
  await a.heartbeat('i-a', serials.slice(0, half), 600_000);
  await b.heartbeat('i-b', serials.slice(half), 600_000);
  const t0 = performance.now();
  let claimed = 0;
  let calls = 0;
  for (let round = 0; claimed < 500; round++) {
    const results = await Promise.all(
      serials.map((s, k) => {
        calls++;
        const [store, id] = k < half ? [a, 'i-a'] : [b, 'i-b'];
        // Three printers ask for each job of two copies: one in three claims finds none left.
        const jobK = round * Math.ceil(PRINTERS / 3) + Math.floor(k / 3);
        return store.claim(id, s, jobIds[jobK % jobIds.length]!);
      }),
    );
    const won = results.filter((c) => c !== null);
    claimed += won.length;
    await Promise.all(won.map((c) => a.updateCopy(c.id, ['dispatched'], { state: 'done' })));
  }
  const s = (performance.now() - t0) / 1000;
  return `two instances, ${claimed} copies claimed (${calls} calls, 4 connections each): ${(claimed / s).toFixed(0)} claims/s`;
}

const temps: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'farmdeck-queue-bench-'));
  temps.push(dir);
  return dir;
};

const embedded = recordsStore({ dataDir: tempDir() });
await bench('PGlite', embedded, null);
await embedded.close();

const pg = await startPostgres();
try {
  const url = await pg.createDatabase('queue_bench');
  const a = recordsStore({ dataDir: tempDir(), databaseUrl: url });
  const b = recordsStore({ dataDir: tempDir(), databaseUrl: url });
  await bench('PostgreSQL', a, b);
  await a.close();
  await b.close();
} finally {
  await pg.stop();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
}
