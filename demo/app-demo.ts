// The app demo (npm run demo): a built-in virtual farm shown in the desktop app where Electron's binary
// is installed, otherwise (or with --browser) in a browser through the host, whose URL is printed.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { farmErrorOf } from '../core/farm/farm-errors.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import type { SecretStore, SettingsStore } from '../core/farm/ports.ts';
import { recordsStore } from '../core/store/records-store.ts';
import { canLaunchElectron, launchElectron } from '../electron/launcher.ts';
import type { PrinterView } from '../shared/contract/farm-schemas.ts';
import { startFarmHost, type FarmHost } from '../servers/host/farm-host.ts';
import { findRendererDir } from '../servers/host/renderer-dir.ts';
import { startVirtualFarm, type SimModel, type VirtualPrinter } from '../sim/virtual-printer.ts';
import { installProcessGuards } from '../core/util/process-guard.ts';
import { DEMO_CLOUD_EMAIL, startDemoCloud } from './demo-cloud.ts';
import { historyIsEmpty, seedDemoHistory } from './demo-history.ts';
import { writeDemoSamples } from './demo-samples.ts';
import { DEMO_GROUPS, queueRack, tagDemoGroups } from './demo-queue.ts';

type Role = 'printing' | 'idle' | 'paused' | 'failed' | 'offline';

const BASE: readonly { model: SimModel; role: Role }[] = [
  { model: 'X1C', role: 'printing' },
  { model: 'P1S', role: 'printing' },
  { model: 'A1', role: 'printing' },
  { model: 'H2D', role: 'printing' },
  { model: 'A1 mini', role: 'idle' },
  { model: 'P1P', role: 'paused' },
  { model: 'X1E', role: 'failed' },
  { model: 'P2S', role: 'offline' },
];
const MORE: readonly SimModel[] = ['P1S', 'X1C', 'A1', 'P1S', 'A1 mini', 'P2S', 'H2D', 'P1P'];
const JOBS = [
  'gear-housing',
  'cable-clip x24',
  'vase-spiral',
  'bracket-v3',
  'lithophane',
  'enclosure-lid',
];
/** An HMS code with a wiki page: heatbed temperature sensor open circuit. */
const DEMO_HMS = '0300_0100_0001_0007';

export interface AppDemoOptions {
  /** Number of virtual printers (default 8: one of each role; more are mostly printing). */
  printers?: number;
  port?: number;
  /** Virtual print clock speed (default 40: a 2-hour job takes 3 minutes). */
  timeScale?: number;
  /**
   * Folder of the history database and library. Given: history survives a restart of the demo.
   * Absent: a temporary folder, removed when the demo stops.
   */
  dataDir?: string;
  /** Live cameras on the virtual printers (default true; screenshots of other views go without). */
  cameras?: boolean;
  /** Fill an empty history with three generated weeks, marked as demo (default true). */
  demoHistory?: boolean;
  /**
   * Idle P1S printers added for the queue (group "Rack B"; the others are "Rack A"), default 0;
   * `npm run demo` adds 4.
   */
  queueRack?: number;
}

/** The virtual farm with an engine connected to it (in-memory settings and secrets). */
export interface DemoFarm {
  readonly engine: FarmEngine;
  readonly printers: readonly VirtualPrinter[];
  readonly settings: SettingsStore;
  readonly secrets: SecretStore;
  /** Folder of the demo's history database and library. */
  readonly dataDir: string;
  /** Resolves when the generated demo history is written (with the number of jobs; 0: none needed). */
  readonly historySeeded: Promise<number>;
  /** Stops the engine and the virtual printers. */
  close(): Promise<void>;
}

export interface AppDemo extends DemoFarm {
  readonly url: string;
  readonly host: FarmHost;
}

function plan(count: number): { model: SimModel; role: Role; name: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const base = BASE[i];
    const model: SimModel = base?.model ?? MORE[i % MORE.length] ?? 'P1S';
    const role: Role = base?.role ?? (i % 9 === 4 ? 'idle' : i % 23 === 7 ? 'paused' : 'printing');
    const rack = String.fromCharCode(65 + Math.floor(i / 12));
    return { model, role, name: `Rack ${rack} · ${(i % 12) + 1} ${model}` };
  });
}

function waitFor(engine: FarmEngine, id: string, check: (v: PrinterView) => boolean, ms = 30_000) {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      off();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const off = engine.onBatch((b) => {
      if (b.printers.some((p) => p.id === id && check(p))) done();
    });
    const now = engine.getSnapshot().printers.find((p) => p.id === id);
    if (now && check(now)) done();
  });
}

/** Starts the virtual printers and an engine, and brings each printer into its role. */
export async function startDemoFarm(options: AppDemoOptions = {}): Promise<DemoFarm> {
  const roster = [
    ...plan(Math.max(1, options.printers ?? 8)),
    ...queueRack(options.queueRack ?? 0),
  ];
  const timeScale = options.timeScale ?? 40;
  const printers = await startVirtualFarm(
    roster.map((r) => ({
      model: r.model,
      name: r.name,
      reportIntervalMs: 1000,
      timeScale,
      // Each virtual printer has its own card over FTPS, so dropped files can be printed.
      ftps: true,
      // Live cameras (JPEG on A1/P1, RTSP video on X1/H2/P2S), on free ports the engine is told.
      camera: options.cameras ?? true,
    })),
  );
  const settings = createMemorySettingsStore();
  const secrets = createMemorySecretStore();
  // A virtual Bambu account owning some printers (the A1 family accepts one MQTT session: not those).
  const demoCloud = await startDemoCloud(
    printers.filter((p) => !p.model.startsWith('A1')).slice(0, 3),
  );
  const tempDir = options.dataDir ? null : await mkdtemp(join(tmpdir(), 'farmdeck-demo-data-'));
  const dataDir = options.dataDir ?? tempDir ?? '';
  const engine = await FarmEngine.start({
    settings,
    secrets,
    cloud: demoCloud.options,
    records: recordsStore({ dataDir }),
  });
  // Decided before the virtual printers start jobs (the recorder writes those at once).
  const freshHistory =
    options.demoHistory !== false && (await historyIsEmpty(engine.records).catch(() => false));
  const ids: string[] = [];
  for (const [i, vp] of printers.entries()) {
    const view = await engine.addPrinter({
      name: roster[i]?.name ?? vp.serial,
      host: vp.host,
      port: vp.mqttPort,
      serial: vp.serial,
      accessCode: vp.accessCode,
      tls: { mode: 'custom-ca', caPem: vp.certificatePem },
      ...(vp.cameraPort !== null ? { cameraPort: vp.cameraPort } : {}),
      ...(vp.ftpsPort !== undefined ? { ftpsPort: vp.ftpsPort } : {}),
    });
    ids.push(view.id);
  }
  await tagDemoGroups(
    engine,
    roster.map((_r, i) => ({
      id: ids[i] ?? '',
      group: i < roster.length - (options.queueRack ?? 0) ? DEMO_GROUPS.farm : DEMO_GROUPS.queue,
    })),
  );
  const startJob = (vp: VirtualPrinter, i: number) =>
    vp.startJob({
      file: `${JOBS[i % JOBS.length]}.gcode.3mf`,
      minutes: 40 + ((i * 67) % 360),
      totalLayers: 80 + ((i * 31) % 400),
    });

  await Promise.all(
    roster.map(async (r, i) => {
      const vp = printers[i];
      const id = ids[i];
      if (!vp || !id) return;
      if (r.role !== 'idle' && r.role !== 'offline') startJob(vp, i);
      await waitFor(engine, id, (v) => v.connection.status === 'online' && v.state !== null);
      if (r.role === 'paused' || r.role === 'failed') {
        await waitFor(engine, id, (v) => v.state?.status === 'printing');
        await engine
          .sendCommand(id, { type: r.role === 'paused' ? 'pause' : 'stop' })
          .catch(() => undefined);
        if (r.role === 'failed') vp.setHms([{ code: DEMO_HMS }]);
      }
      if (r.role === 'offline') await vp.close();
    }),
  );

  // Written in the background: the farm is live at once, the History and Statistics views fill up.
  // A fresh history also gets the sample files in its library, to print from there.
  const historySeeded = !freshHistory
    ? Promise.resolve(0)
    : (async () => {
        const added = await seedDemoHistory(
          engine.records,
          printers.map((vp, i) => ({
            id: ids[i] ?? vp.serial,
            name: roster[i]?.name ?? vp.serial,
            serial: vp.serial,
            model: vp.model,
          })),
        );
        await keepSamplesInLibrary(engine);
        return added;
      })().catch((err: unknown) => {
        console.warn(`could not write the demo history: ${(err as Error).message}`);
        return 0;
      });

  // Keep the farm busy: a printing printer that finished starts its next job.
  const restart = engine.onBatch((batch) => {
    for (const view of batch.printers) {
      const i = ids.indexOf(view.id);
      const vp = printers[i];
      if (vp && roster[i]?.role === 'printing' && view.state?.status === 'finished')
        startJob(vp, i + 1);
    }
  });

  return {
    engine,
    printers,
    settings,
    secrets,
    dataDir,
    historySeeded,
    close: async () => {
      restart();
      await historySeeded;
      await engine.close();
      await demoCloud.cloud.close();
      await Promise.all(printers.map((p) => p.close().catch(() => undefined)));
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
    },
  };
}

/** Stages the sample files once, which keeps them in the library (as a drop does). */
async function keepSamplesInLibrary(engine: FarmEngine): Promise<void> {
  for (const path of writeDemoSamples()) {
    await engine.print.stageFile(path, basename(path), false);
  }
}

/** Starts the demo farm and the browser host on 127.0.0.1. */
export async function startAppDemo(options: AppDemoOptions = {}): Promise<AppDemo> {
  const farm = await startDemoFarm(options);
  const host = await startFarmHost({
    engine: farm.engine,
    staticDir: findRendererDir(),
    ...(options.port !== undefined ? { port: options.port } : {}),
    mapError: farmErrorOf,
  });
  return {
    ...farm,
    url: host.url,
    host,
    close: async () => {
      await host.close();
      await farm.close();
    },
  };
}

/**
 * Hands the farm to the desktop app: writes its printers and codes to a private temporary file, closes
 * the demo's own engine (printers accept few sessions) and starts Electron on that file.
 */
async function runInElectron(farm: DemoFarm): Promise<void> {
  const saved = await farm.settings.load();
  const codes: Record<string, string> = {};
  for (const p of saved.printers) codes[p.id] = (await farm.secrets.get(p.id)) ?? '';
  const dir = await mkdtemp(join(tmpdir(), 'farmdeck-demo-'));
  const file = join(dir, 'farm.json');
  await writeFile(file, JSON.stringify({ settings: saved, secrets: codes }), { mode: 0o600 });
  await farm.historySeeded;
  await farm.engine.close();
  // The app opens the same history folder (the demo's engine, now closed, released it).
  const child = launchElectron({ FARMDECK_DEMO_FARM: file, FARMDECK_DEMO_DATA: farm.dataDir });
  console.log('Farmdeck desktop app started on the virtual farm (close its window to stop).');
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await rm(dir, { recursive: true, force: true });
  await farm.close();
}

/** Writes the sliced sample files and says where they are (dropping one on a card prints it). */
function printSamples(): void {
  try {
    const paths = writeDemoSamples();
    console.log(
      'Drop a sample on a printer card to print it (idle or failed printers can start it):',
    );
    for (const path of paths) console.log(`  ${path}`);
    console.log(
      `Queue: add copies of phone-stand-P1S.gcode.3mf (library) to the queue, confirm "Bed cleared?" on the ${DEMO_GROUPS.queue} printers, and watch the copies spread.`,
    );
  } catch (err) {
    console.warn(`could not write the demo's sample files: ${(err as Error).message}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      printers: { type: 'string' },
      port: { type: 'string' },
      browser: { type: 'boolean' },
      'data-dir': { type: 'string' },
      'queue-rack': { type: 'string' },
    },
  });
  const dataDir = values['data-dir'] === undefined ? undefined : resolve(values['data-dir']);
  if (dataDir) console.log(`History, library and statistics are kept in ${dataDir}`);
  const printers = values.printers === undefined ? 8 : Number(values.printers);
  const port = values.port === undefined ? 4477 : Number(values.port);
  const rack = values['queue-rack'] === undefined ? 4 : Number(values['queue-rack']);
  console.log(`Starting ${printers + rack} virtual printers...`);
  if (!values.browser && canLaunchElectron()) {
    const farm = await startDemoFarm({
      printers,
      queueRack: rack,
      ...(dataDir ? { dataDir } : {}),
    });
    printSamples();
    await runInElectron(farm);
    process.exit(0);
  }
  const demo = await startAppDemo({
    printers,
    port,
    queueRack: rack,
    ...(dataDir ? { dataDir } : {}),
  });
  console.log(`Farmdeck demo is running: open ${demo.url}  (Ctrl-C to stop)`);
  console.log(
    `Cloud account: log in as ${DEMO_CLOUD_EMAIL} (virtual cloud); the emailed code is printed here.`,
  );
  printSamples();
  const stop = () => void demo.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  installProcessGuards('farmdeck-demo');
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
