/**
 * Queue dispatch latency (issue 15 item 8): N virtual P1S printers (default 500) in a child
 * process (MQTT/TLS + FTPS on loopback, time-scaled prints), one engine with its embedded farm
 * database and 1,000 queued one-copy jobs of a tiny sliced file. Measures, per printer, the time
 * from "bed cleared" (the `queue:confirm-bed` request) to `project_file` received by the virtual
 * printer, minus the upload (the engine's job phases `uploading` → `starting`), p50/p95:
 * - `single`: one printer freed at a time (the farm otherwise busy or waiting for a person);
 * - `burst`: every other printer's bed confirmed at once.
 * And the engine process's CPU (the printers run in the child): idle with the queue full, then
 * during each phase; plus `planDispatch` alone on the bench's own farm (bench/queue-plan.ts).
 *
 * Run: `npm run bench:queue [printers=500] [single=50] [jobs=1000]`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import { recordsStore } from '../core/store/records-store.ts';
import { installProcessGuards } from '../core/util/process-guard.ts';
import type { PrintJobView } from '../shared/contract/print-schemas.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../sim/virtual-printer.ts';
import { writeGcode3mf } from '../test/support/threemf-builder.ts';
import { machineLoad, percentile } from './queue-bench-stats.ts';

interface FarmPrinter {
  serial: string;
  host: string;
  port: number;
  accessCode: string;
  certificatePem: string;
  ftpsPort: number;
}
type ChildMessage =
  { kind: 'ready'; printers: FarmPrinter[] } | { kind: 'project-file'; serial: string; at: number };

/** Wall clock with sub-millisecond resolution, comparable between the two processes. */
const clock = (): number => performance.timeOrigin + performance.now();

// ---- the child: the virtual farm ----

async function serve(count: number): Promise<void> {
  const running: VirtualPrinter[] = [];
  for (let i = 0; i < count; i += 25) {
    const batch = Array.from({ length: Math.min(25, count - i) }, () =>
      startVirtualPrinter({
        model: 'P1S',
        ftps: true,
        reportIntervalMs: 1000,
        idleReportIntervalMs: 4000,
        timeScale: 600,
        resolveJob: () => ({ totalLayers: 10, minutes: 10 }),
      }),
    );
    running.push(...(await Promise.all(batch)));
  }
  for (const vp of running) {
    // Timestamp each project_file as the printer's broker takes it in.
    const received = vp.received as Record<string, unknown>[];
    const push = received.push.bind(received);
    received.push = (...items: Record<string, unknown>[]): number => {
      for (const m of items) {
        const print = m['print'] as Record<string, unknown> | undefined;
        if (print?.['command'] === 'project_file') {
          process.send?.({ kind: 'project-file', serial: vp.serial, at: clock() });
        }
      }
      return push(...items);
    };
  }
  process.on('disconnect', () => {
    void Promise.all(running.map((p) => p.close())).then(() => process.exit(0));
  });
  process.send?.({
    kind: 'ready',
    printers: running.map((p) => ({
      serial: p.serial,
      host: p.host,
      port: p.mqttPort,
      accessCode: p.accessCode,
      certificatePem: p.certificatePem,
      ftpsPort: p.ftpsPort ?? 990,
    })),
  } satisfies ChildMessage);
}

// ---- the parent: engine, queue, measurements ----

async function until<T>(
  what: string,
  ms: number,
  probe: () => Promise<T | undefined> | T | undefined,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 500);
  const singles = Math.min(count, Number(process.argv[3] ?? 50));
  const jobs = Number(process.argv[4] ?? 1000);
  const dir = mkdtempSync(join(tmpdir(), 'farmdeck-bench-queue-'));
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve', String(count)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const projectFiles = new Map<string, number[]>();
  const waiters = new Map<string, (at: number) => void>();
  const printers = await new Promise<FarmPrinter[]>((resolve, reject) => {
    child.on('message', (m: ChildMessage) => {
      if (m.kind === 'ready') resolve(m.printers);
      else {
        const list = projectFiles.get(m.serial) ?? [];
        list.push(m.at);
        projectFiles.set(m.serial, list);
        waiters.get(m.serial)?.(m.at);
      }
    });
    child.once('exit', (code) => reject(new Error(`the virtual farm exited (${code})`)));
  });
  const farm = await FarmEngine.start({
    settings: createMemorySettingsStore(),
    secrets: createMemorySecretStore(),
    records: recordsStore({ dataDir: join(dir, 'data') }),
  });
  try {
    const h = farm.handlers();
    const online = new Set<string>();
    farm.onBatch((b) => {
      for (const v of b.printers) if (v.state?.online) online.add(v.id);
    });
    // Upload span per printer: the job's `uploading` → `starting` phases.
    const phases = new Map<string, { uploading?: number; starting?: number }>();
    farm.print.onJob((job: PrintJobView) => {
      for (const t of job.targets) {
        const seen = phases.get(t.printerId) ?? {};
        if (t.phase === 'uploading') seen.uploading ??= clock();
        if (t.phase === 'starting' || t.phase === 'unconfirmed' || t.phase === 'printing') {
          seen.starting ??= clock();
        }
        phases.set(t.printerId, seen);
      }
    });
    const ids: string[] = [];
    for (const p of printers) {
      const view = await farm.addPrinter({
        name: `Bench ${ids.length + 1}`,
        host: p.host,
        port: p.port,
        serial: p.serial,
        accessCode: p.accessCode,
        tls: { mode: 'custom-ca', caPem: p.certificatePem },
        ftpsPort: p.ftpsPort,
      });
      ids.push(view.id);
    }
    await until('every printer online', 600_000, () => (online.size >= count ? true : undefined));

    const file = join(dir, 'tiny.gcode.3mf');
    writeGcode3mf(file, {
      printerModel: 'Bambu Lab P1S',
      plates: [{ index: 1, thumbnail: false }],
    });
    const staged = await farm.print.stageFile(file, 'tiny.gcode.3mf', false);
    const options = {
      bedLeveling: false,
      flowCalibration: false,
      vibrationCalibration: false,
      timelapse: false,
    };
    for (let i = 0; i < jobs; i++) {
      await h['queue:add']({
        file: { from: 'staged', stagedFileId: staged.fileId },
        plate: 1,
        copies: 1,
        target: { kind: 'any' },
        filamentRule: 'same-material',
        priority: 0,
        notBefore: null,
        onFailure: 'requeue',
        options,
      });
    }
    await until('leases on every printer', 300_000, async () =>
      (await h['queue:get']()).controlled >= count ? true : undefined,
    );

    // Idle: queue full, every bed waiting for a person.
    const idleMs = 10_000;
    let cpu = process.cpuUsage();
    await new Promise((r) => setTimeout(r, idleMs));
    const idleCpu = cpuMs(cpu);

    const latency = async (index: number): Promise<{ total: number; upload: number }> => {
      const id = ids[index] ?? '';
      const serial = printers[index]?.serial ?? '';
      const got = new Promise<number>((resolve) => waiters.set(serial, resolve));
      const t0 = clock();
      await h['queue:confirm-bed'](id);
      const t1 = await got;
      waiters.delete(serial);
      const span = phases.get(id);
      const upload = span?.uploading && span.starting ? span.starting - span.uploading : 0;
      return { total: t1 - t0, upload };
    };

    cpu = process.cpuUsage();
    let t = performance.now();
    const single: { total: number; upload: number }[] = [];
    for (let i = 0; i < singles; i++) single.push(await latency(i));
    const singleCpu = cpuMs(cpu);
    const singleMs = performance.now() - t;

    cpu = process.cpuUsage();
    t = performance.now();
    const burst = await Promise.all(
      Array.from({ length: count - singles }, (_, k) => latency(singles + k)),
    );
    const burstCpu = cpuMs(cpu);
    const burstMs = performance.now() - t;

    const stats = (xs: { total: number; upload: number }[]) => {
      const net = xs.map((x) => x.total - x.upload);
      return {
        samples: xs.length,
        p50Ms: Number(percentile(net, 50).toFixed(1)),
        p95Ms: Number(percentile(net, 95).toFixed(1)),
        withUploadP50Ms: Number(
          percentile(
            xs.map((x) => x.total),
            50,
          ).toFixed(1),
        ),
        uploadP50Ms: Number(
          percentile(
            xs.map((x) => x.upload),
            50,
          ).toFixed(1),
        ),
      };
    };
    const sent = [...projectFiles.values()].reduce((a, l) => a + l.length, 0);
    console.log(
      JSON.stringify(
        {
          printers: count,
          jobs,
          single: stats(single),
          burst: stats(burst),
          projectFilesSent: sent,
          engineCpu: {
            idleMsPerSecond: Number((idleCpu / (idleMs / 1000)).toFixed(1)),
            singleMsPerDispatch: Number((singleCpu / Math.max(1, singles)).toFixed(1)),
            singleMsPerSecond: Number((singleCpu / (singleMs / 1000)).toFixed(1)),
            burstMs: Number(burstCpu.toFixed(0)),
            burstWallMs: Number(burstMs.toFixed(0)),
          },
          load: machineLoad(),
          node: process.version,
        },
        null,
        2,
      ),
    );
  } finally {
    await farm.close();
    child.disconnect();
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--serve') {
  installProcessGuards('bench queue farm');
  await serve(Number(process.argv[3] ?? 500));
} else {
  installProcessGuards('bench queue');
  await main();
}
