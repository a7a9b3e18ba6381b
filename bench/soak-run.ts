/**
 * The soak: the farm engine and the browser host in this process against a virtual farm whose
 * printers drop, fall silent, send malformed and oversized reports, restart, and get a wrong access
 * code for a while; meanwhile cameras open and close, print starts fail, and UI clients reconnect.
 * Samples handles, listening sockets, timers and memory, and compares the end (every fault healed,
 * every printer online again) with the baseline. Used by bench/soak.ts and the short soak test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { WebSocket } from 'ws';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { farmErrorOf } from '../core/farm/farm-errors.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import type { StoredPrinter } from '../core/farm/ports.ts';
import type { FaultKind } from '../sim/virtual-printer-api.ts';
import { startFarmHost } from '../servers/host/farm-host.ts';
import {
  activeResources,
  childCommandLines,
  openFileDescriptors,
  resourceDiff,
  resourceTotal,
} from './process-resources.ts';
import type { SoakFarmControl } from './soak-farm.ts';

export interface SoakOptions {
  farm: SoakFarmControl;
  /** Length of the churn phase, ms. */
  durationMs: number;
  /** UI WebSocket clients that connect, get the snapshot and leave (default 1000). */
  uiReconnects?: number;
  /** Print starts sent to printers with an empty card, each failing (default 100). */
  failedPrintStarts?: number;
  /** Camera streams opened and closed at random moments (default 300). */
  cameraOpens?: number;
  /** One fault, restart or wrong code every this many ms (default 250). */
  faultEveryMs?: number;
  /** Memory sample interval, ms (default 30000). */
  sampleEveryMs?: number;
  log?: (line: string) => void;
}

/** One measurement of this process. */
export interface SoakSample {
  /** Seconds since the baseline. */
  t: number;
  rssMb: number;
  heapMb: number;
  handles: number;
  sockets: number;
  /** Listening sockets (TCP servers). */
  listeners: number;
  timers: number;
  fds: number;
  children: number;
  online: number;
}

export interface SoakResult {
  printers: number;
  baseline: SoakSample;
  end: SoakSample;
  samples: SoakSample[];
  /** Resource types whose count differs between baseline and end. */
  diff: string[];
  done: {
    faults: Record<string, number>;
    cameraOpens: number;
    failedPrintStarts: number;
    printStartsSeenFailing: number;
    uiReconnects: number;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const WRONG_CODE = '00000000';

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const log = options.log ?? (() => {});
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const { farm } = options;
  const stored: StoredPrinter[] = farm.printers.map((p) => ({
    id: `p-${p.index + 1}`,
    name: p.name,
    host: p.host,
    port: p.port,
    serial: p.serial,
    tls: { mode: 'custom-ca', caPem: farm.caPem },
    ...(p.cameraPort === null ? {} : { cameraPort: p.cameraPort }),
  }));
  const codes = Object.fromEntries(farm.printers.map((p) => [`p-${p.index + 1}`, p.accessCode]));
  const staticDir = mkdtempSync(join(tmpdir(), 'farmdeck-soak-ui-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>soak</title>');
  const engine = await FarmEngine.start({
    settings: createMemorySettingsStore({ version: 1, printers: stored }),
    secrets: createMemorySecretStore(codes),
    tuning: { silenceTimeoutMs: 5000, reconnect: { initialMs: 200, maxMs: 2000 } },
  });
  const host = await startFarmHost({ engine, staticDir, mapError: farmErrorOf });
  const handlers = engine.handlers();
  const onlineCount = (): number =>
    engine.getSnapshot().printers.filter((p) => p.connection.status === 'online').length;
  const waitOnline = async (ms: number): Promise<void> => {
    const end = Date.now() + ms;
    while (Date.now() < end && onlineCount() < stored.length) await sleep(250);
  };

  let startedAt = Date.now();
  const sample = (): SoakSample => {
    gc();
    const m = process.memoryUsage();
    const r = activeResources();
    return {
      t: Math.round((Date.now() - startedAt) / 1000),
      rssMb: m.rss / 1048576,
      heapMb: m.heapUsed / 1048576,
      handles: resourceTotal(r),
      sockets: (r['TCPSocketWrap'] ?? 0) + (r['TLSWrap'] ?? 0),
      listeners: r['TCPServerWrap'] ?? 0,
      timers: r['Timeout'] ?? 0,
      fds: openFileDescriptors(),
      children: childCommandLines().length,
      online: onlineCount(),
    };
  };

  await waitOnline(120_000);
  await sleep(5000);
  // A first camera, UI client and failed start so lazily made process-wide state is in the baseline.
  await uiReconnect(host.port);
  log(`${onlineCount()}/${stored.length} online; baseline`);
  const baselineResources = activeResources();
  startedAt = Date.now();
  const baseline = sample();
  const samples = [baseline];

  const faults: Record<string, number> = {};
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>): void => {
    const settled = p.catch(() => {}).finally(() => pending.delete(settled));
    pending.add(settled);
  };
  const silent = new Set<number>();
  const wrongCode = new Set<number>();
  const cameraPrinters = farm.printers.filter((p) => p.cameraPort !== null);
  const emptyCards = farm.printers.filter((p) => p.emptyCard);
  let failedSeen = 0;
  const offJob = engine.print.onJob((job) => {
    for (const t of job.targets) if (t.phase === 'failed') failedSeen += 1;
  });
  const done = { cameraOpens: 0, failedPrintStarts: 0, uiReconnects: 0 };
  const goal = {
    cameraOpens: cameraPrinters.length > 0 ? (options.cameraOpens ?? 300) : 0,
    failedPrintStarts: emptyCards.length > 0 ? (options.failedPrintStarts ?? 100) : 0,
    uiReconnects: options.uiReconnects ?? 1000,
  };
  const faultEveryMs = options.faultEveryMs ?? 250;
  const sampleEveryMs = options.sampleEveryMs ?? 30_000;
  const endAt = startedAt + options.durationMs;
  let nextFault = startedAt;
  let nextSample = startedAt + sampleEveryMs;
  let uiBusy = 0;

  const randomIndex = (n: number): number => Math.floor(Math.random() * n);
  const oneFault = (): void => {
    const p = farm.printers[randomIndex(farm.printers.length)];
    if (!p || silent.has(p.index) || wrongCode.has(p.index)) return;
    const kinds = ['drop', 'silent', 'malformed', 'oversized', 'restart', 'wrong-code'] as const;
    const kind = kinds[randomIndex(kinds.length)] ?? 'drop';
    faults[kind] = (faults[kind] ?? 0) + 1;
    const id = `p-${p.index + 1}`;
    switch (kind) {
      case 'silent':
        silent.add(p.index);
        track(farm.fault(p.index, 'silent'));
        setTimeout(
          () => track(farm.heal(p.index).finally(() => silent.delete(p.index))),
          3000 + randomIndex(7000),
        );
        return;
      case 'restart':
        track(farm.restart(p.index));
        return;
      case 'wrong-code':
        wrongCode.add(p.index);
        track(handlers['printer:update'](id, { accessCode: WRONG_CODE }));
        setTimeout(
          () => {
            track(
              handlers['printer:update'](id, { accessCode: p.accessCode }).finally(() =>
                wrongCode.delete(p.index),
              ),
            );
          },
          2000 + randomIndex(4000),
        );
        return;
      case 'drop':
      case 'malformed':
      case 'oversized':
        track(farm.fault(p.index, kind satisfies FaultKind));
    }
  };

  const catchUp = (progress: number): void => {
    while (done.cameraOpens < goal.cameraOpens * progress) {
      done.cameraOpens += 1;
      const p = cameraPrinters[randomIndex(cameraPrinters.length)];
      if (p) track(cameraOnce(engine, `p-${p.index + 1}`, Math.random() < 0.2));
    }
    while (done.failedPrintStarts < goal.failedPrintStarts * progress) {
      done.failedPrintStarts += 1;
      const p = emptyCards[randomIndex(emptyCards.length)];
      if (!p) break;
      track(
        handlers['printer:print-file'](`p-${p.index + 1}`, {
          path: `missing-${done.failedPrintStarts}.gcode.3mf`,
          plate: 1,
          useAms: false,
          options: {
            bedLeveling: false,
            flowCalibration: false,
            vibrationCalibration: false,
            timelapse: false,
          },
        }),
      );
    }
  };

  while (Date.now() < endAt) {
    const progress = (Date.now() - startedAt) / options.durationMs;
    while (Date.now() >= nextFault) {
      nextFault += faultEveryMs;
      oneFault();
    }
    catchUp(progress);
    while (done.uiReconnects < goal.uiReconnects * progress && uiBusy < 8) {
      done.uiReconnects += 1;
      uiBusy += 1;
      track(uiReconnect(host.port).finally(() => (uiBusy -= 1)));
    }
    if (Date.now() >= nextSample) {
      nextSample += sampleEveryMs;
      const s = sample();
      samples.push(s);
      log(
        `t=${s.t}s rss ${s.rssMb.toFixed(1)} MB heap ${s.heapMb.toFixed(1)} MB handles ${s.handles} timers ${s.timers} online ${s.online}/${stored.length}`,
      );
    }
    await sleep(50);
  }
  // Finish what is still owed (UI reconnects are bounded by 8 at a time), then let everything heal.
  catchUp(1);
  while (done.uiReconnects < goal.uiReconnects) {
    done.uiReconnects += 1;
    await uiReconnect(host.port);
  }
  log('churn over; waiting for faults to heal and every printer to be online');
  while (pending.size > 0 || silent.size > 0 || wrongCode.size > 0) {
    await Promise.all([...pending]);
    await sleep(100);
  }
  await waitOnline(120_000);
  // Cameras linger 10 s after their last viewer; the last print jobs settle.
  await sleep(15_000);
  const end = sample();
  samples.push(end);
  const diff = resourceDiff(baselineResources, activeResources());
  offJob();
  await host.close();
  await engine.close();
  rmSync(staticDir, { recursive: true, force: true });
  return {
    printers: stored.length,
    baseline,
    end,
    samples,
    diff,
    done: {
      faults,
      cameraOpens: done.cameraOpens,
      failedPrintStarts: done.failedPrintStarts,
      printStartsSeenFailing: failedSeen,
      uiReconnects: done.uiReconnects,
    },
  };
}

/** A UI client: connects to the host's WebSocket, asks for the farm snapshot, leaves once answered. */
function uiReconnect(port: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    const timer = setTimeout(() => ws.terminate(), 10_000);
    ws.once('open', () =>
      ws.send(JSON.stringify({ id: 1, channel: 'farm:get-snapshot', args: [] })),
    );
    ws.on('message', (data: Buffer) => {
      if (data.toString('utf8').includes('"type":"reply"')) ws.close();
    });
    ws.once('error', () => ws.terminate());
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Opens a printer's camera (live or a snapshot) and closes it at a random moment. */
function cameraOnce(engine: FarmEngine, id: string, snapshot: boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    let ended = false;
    const stream = engine.openCamera(id, snapshot ? 'snapshot' : 'live', {
      frame: () => {},
      status: () => {},
      end: () => {
        ended = true;
      },
    });
    setTimeout(
      () => {
        if (!ended) stream.close();
        resolve();
      },
      Math.random() < 0.3 ? Math.floor(Math.random() * 20) : Math.floor(Math.random() * 3000),
    );
  });
}
