/**
 * UI latency at farm scale: N virtual printers (child process) at about one report per second each, the
 * farm engine and the browser host (this process), and the real renderer in Chromium (playwright-core).
 * Measures, after a warm-up: latency from a virtual printer's report to the changed text in the DOM
 * (a distinctive HMS code stamped into the report, seen by a MutationObserver in the page), renderer long
 * tasks, renderer main-thread busy time, and the engine's CPU and memory (sampled after a forced GC).
 *
 *   npm run build && node dist/bench/ui-latency.js [--printers 50,200] [--minutes 2] [--long]
 *   node dist/bench/ui-latency.js --printers 500,1000 --memory-only   # engine RSS only, no browser
 *   ... --bambu-trust       # trust Bambu's CAs + the farm CA (a real farm's certificate store)
 *   ... --own-certificates  # one self-signed certificate (one CA) per virtual printer
 *
 * The engine's memory (RSS, heap, external) is printed once every printer is online, before the
 * browser starts; the virtual printers run in a child process, outside that measurement.
 * `--long` runs 10 minutes per farm size. Targets: p95 < 250 ms, no long task (> 50 ms), flat memory.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { BAMBU_PRINTER_CAS } from '../core/mqtt/bambu-ca.ts';
import { farmErrorOf } from '../core/farm/farm-errors.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import type { StoredPrinter } from '../core/farm/ports.ts';
import { installProcessGuards } from '../core/util/process-guard.ts';
import { startFarmHost } from '../servers/host/farm-host.ts';
import { findRendererDir } from '../servers/host/renderer-dir.ts';
import { PAGE_PROBE } from './ui-page-probe.ts';
import { traceLongTasks } from './ui-trace.ts';
import { preciseNow, serveFarm, type BenchPrinter, type StampSent } from './ui-sim-farm.ts';
import { formatRun, type RunResult } from './ui-report.ts';

/** HMS code prefix of the stamps (an unknown code: the card shows it in its badge's tooltip). */
const STAMP_PREFIX = '0C00_0300_0001_';

const { values } = parseArgs({
  options: {
    printers: { type: 'string', default: '50,200' },
    minutes: { type: 'string', default: '2' },
    long: { type: 'boolean', default: false },
    'stamps-per-second': { type: 'string', default: '4' },
    /** Also trace the renderer for this many seconds after the measurement (long tasks: CPU vs wait). */
    trace: { type: 'string', default: '0' },
    serve: { type: 'string' },
    /** Trust Bambu's printer CAs plus the farm CA: the certificate store of a real farm's default trust. */
    'bambu-trust': { type: 'boolean', default: false },
    /** Every virtual printer with its own self-signed certificate instead of one farm CA. */
    'own-certificates': { type: 'boolean', default: false },
    /** Stop after the engine's memory with every printer online: no browser, no latency. */
    'memory-only': { type: 'boolean', default: false },
  },
});

installProcessGuards(values.serve !== undefined ? 'bench ui farm' : 'bench ui-latency');
if (values.serve !== undefined) {
  await serveFarm(Number(values.serve), values['own-certificates']);
} else {
  const minutes = values.long ? 10 : Number(values.minutes);
  const results: RunResult[] = [];
  for (const n of values.printers.split(',').map(Number)) {
    const result = await runOnce(n, minutes, Number(values['stamps-per-second']));
    if (result) results.push(result);
  }
  if (results.length > 0) console.log('\n' + formatRun(results));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Waits up to 2 minutes for every printer to be online. */
async function waitOnline(engine: FarmEngine, count: number): Promise<void> {
  const end = Date.now() + 120_000;
  while (Date.now() < end) {
    const online = engine.getSnapshot().printers.filter((p) => p.connection.status === 'online');
    if (online.length === count) return;
    await sleep(500);
  }
}

function memoryLine(m: NodeJS.MemoryUsage, count: number): string {
  const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);
  return `RSS ${mb(m.rss)} MB (${(m.rss / count / 1024).toFixed(0)} KB per printer), heap ${mb(m.heapUsed)} MB, external ${mb(m.external)} MB, array buffers ${mb(m.arrayBuffers)} MB`;
}

async function runOnce(
  count: number,
  minutes: number,
  stampsPerSecond: number,
): Promise<RunResult | null> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  console.log(`\n== ${count} printers, ${minutes} min ==`);
  const child = fork(fileURLToPath(import.meta.url), [
    '--serve',
    String(count),
    ...(values['own-certificates'] ? ['--own-certificates'] : []),
  ]);
  const [list] = (await once(child, 'message')) as [BenchPrinter[]];
  console.log(`virtual farm up (${list.length} printers)`);

  const stored: StoredPrinter[] = list.map((p, i) => ({
    id: `p-${i + 1}`,
    name: p.name,
    host: p.host,
    port: p.port,
    serial: p.serial,
    tls: {
      mode: 'custom-ca',
      caPem: values['bambu-trust']
        ? [...BAMBU_PRINTER_CAS, p.certificatePem].join('\n')
        : p.certificatePem,
    },
  }));
  const engine = await FarmEngine.start({
    settings: createMemorySettingsStore({ version: 1, printers: stored }),
    secrets: createMemorySecretStore(
      Object.fromEntries(stored.map((p, i) => [p.id, list[i]?.accessCode ?? ''])),
    ),
  });
  // A stamp is a new HMS error: keep those notifications out of the measurement.
  await engine.notifications.setPrefs({ ...engine.notifications.getPrefs(), 'hms-error': false });
  await waitOnline(engine, count);
  await sleep(10_000);
  gc();
  const engineOnly = process.memoryUsage();
  console.log(`engine with ${count} printers online: ${memoryLine(engineOnly, count)}`);
  if (values['memory-only']) {
    await engine.close();
    child.disconnect();
    await once(child, 'exit');
    return null;
  }
  const host = await startFarmHost({ engine, staticDir: findRendererDir(), mapError: farmErrorOf });
  // Loaded only now: the browser client's own memory stays out of the engine-only figure above.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript(PAGE_PROBE);
  await page.goto(host.url);
  // A 1,000-printer first snapshot on a loaded machine can take longer than Playwright's 30 s default.
  await page.waitForSelector('body[data-app-state="ready"]', { timeout: 180_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async (name: string): Promise<number> => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === name)?.value ?? 0;
  };

  // Warm-up: every printer online and reporting.
  await waitOnline(engine, count);
  await sleep(10_000);
  const online = engine.getSnapshot().printers.filter((p) => p.connection.status === 'online');
  gc();
  console.log(
    `${online.length}/${count} online; engine + host + browser client: ${memoryLine(process.memoryUsage(), count)}; measuring`,
  );

  const sent = new Map<string, number>();
  child.on('message', (m: StampSent) => {
    if (m.type === 'stamped') sent.set(m.code, m.sentAt);
  });
  // When the engine's batch carrying each stamp left (the engine runs in this process).
  const batched = new Map<string, number>();
  const offBatch = engine.onBatch((batch) => {
    const t = preciseNow();
    for (const view of batch.printers) {
      for (const h of view.state?.hms ?? []) {
        if (h.code.startsWith(STAMP_PREFIX) && !batched.has(h.code)) batched.set(h.code, t);
      }
    }
  });
  const serialOf = new Map(list.map((p) => [p.name, p.serial]));
  gc();
  const start = {
    wall: Date.now(),
    cpu: process.cpuUsage(),
    heap: process.memoryUsage().heapUsed,
    rss: process.memoryUsage().rss,
    pageBusy: await metric('TaskDuration'),
    pageHeap: await metric('JSHeapUsedSize'),
  };
  const memory: { t: number; heap: number; rss: number; pageHeap: number }[] = [];
  const endAt = start.wall + minutes * 60_000;
  let stamp = 0;
  let nextSample = start.wall + 30_000;
  let visible: string[] = [];
  while (Date.now() < endAt) {
    if (stamp % 20 === 0) {
      visible = await page.evaluate<string[]>(
        `[...document.querySelectorAll('[data-testid="printer-card"]')].map((c) => c.getAttribute('data-printer-name') ?? '')`,
      );
    }
    const name = visible[stamp % Math.max(1, visible.length)];
    const serial = name === undefined ? undefined : serialOf.get(name);
    if (serial !== undefined) {
      stamp += 1;
      const code = `${STAMP_PREFIX}${stamp.toString(16).toUpperCase().padStart(4, '0')}`;
      child.send({ type: 'stamp', serial, code });
    }
    await sleep(1000 / stampsPerSecond);
    if (Date.now() >= nextSample) {
      nextSample += 30_000;
      gc();
      const m = process.memoryUsage();
      memory.push({
        t: Math.round((Date.now() - start.wall) / 1000),
        heap: m.heapUsed,
        rss: m.rss,
        pageHeap: await metric('JSHeapUsedSize'),
      });
    }
  }
  await sleep(2_000);
  const wallS = (Date.now() - start.wall) / 1000;
  const cpu = process.cpuUsage(start.cpu);
  const pageBusy = (await metric('TaskDuration')) - start.pageBusy;
  offBatch();
  const traceSeconds = Number(values.trace);
  if (traceSeconds > 0) {
    const traced = await traceLongTasks(browser, page, traceSeconds * 1000);
    const list = traced.map((t) => `${t.wallMs.toFixed(0)} ms wall / ${t.cpuMs.toFixed(0)} ms CPU`);
    console.log(`traced ${traceSeconds} s: ${traced.length} tasks > 50 ms: ${list.join(', ')}`);
  }
  const probe = await page.evaluate<{
    seen: Record<string, number>;
    received: Record<string, number>;
    longTasks: { at: number; ms: number }[];
  }>('window.__bench');
  const latencies: number[] = [];
  const split = { engine: [] as number[], transport: [] as number[], render: [] as number[] };
  for (const [code, at] of sent) {
    const shown = probe.seen[code];
    if (shown === undefined) continue;
    latencies.push(shown - at);
    const left = batched.get(code);
    const arrived = probe.received[code];
    if (left === undefined || arrived === undefined) continue;
    split.engine.push(left - at);
    split.transport.push(arrived - left);
    split.render.push(shown - arrived);
  }
  const measured = probe.longTasks.filter((t) => t.at >= start.wall);
  const longTasks = measured.map((t) => t.ms);
  if (measured.length > 0) {
    const when = measured.map(
      (t) => `${((t.at - start.wall) / 1000).toFixed(1)} s: ${t.ms.toFixed(0)} ms`,
    );
    console.log(
      `long tasks (since start, wall clock ${new Date(start.wall).toISOString()}): ${when.join(', ')}`,
    );
  }
  await browser.close();
  await host.close();
  await engine.close();
  child.disconnect();
  await once(child, 'exit');
  return {
    printers: count,
    seconds: wallS,
    stamps: sent.size,
    latencies,
    split,
    longTasks,
    engineCpuPct: ((cpu.user + cpu.system) / 1e6 / wallS) * 100,
    pageBusyPct: (pageBusy / wallS) * 100,
    memory: [{ t: 0, heap: start.heap, rss: start.rss, pageHeap: start.pageHeap }, ...memory],
  };
}
