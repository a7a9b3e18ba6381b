import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readThreeMfWithThumbnails, type ThreeMfReading } from './read-threemf.ts';
import { ThreeMfError } from './threemf-error.ts';
import type { WorkerReply, WorkerRequest } from './worker-messages.ts';

export interface ReadInWorkerOptions {
  /** Terminates the worker at once (ThreeMfError `aborted`). */
  signal?: AbortSignal | undefined;
  /** Thumbnails larger than this are left out. */
  thumbnailMaxBytes: number;
  /** Longest a file may take before it is refused as `over-limit` (default 60 s). */
  timeoutMs?: number;
  /** Heap the worker may use (default 256 MB); past it the file is refused as `over-limit`. */
  maxHeapMb?: number;
}

const SOURCE_MODE = import.meta.url.endsWith('.ts');
// Beside this module; in the desktop bundle, beside main.mjs (electron/vite.config.ts builds it there).
// `here` keeps bundlers from inlining the worker as an asset, as they do with `new URL(…, import.meta.url)`.
const here = import.meta.url;
const WORKER_URL = new URL(`./threemf-worker.${SOURCE_MODE ? 'ts' : 'js'}`, here);

/**
 * Starts the worker. Built code (dist/) runs threemf-worker.js as it is; from the TypeScript
 * sources (Vitest) the worker registers tsx first, since Node cannot load .ts by itself.
 */
function startWorker(maxHeapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: 32 };
  if (!SOURCE_MODE) return new Worker(WORKER_URL, { resourceLimits });
  const tsxPackage = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsx = pathToFileURL(join(dirname(tsxPackage), 'dist/esm/api/index.mjs')).href;
  const code = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;
  return new Worker(code, { eval: true, resourceLimits });
}

/** A worker that finished its last file cleanly, kept for the next one (unref'd: it holds nothing). */
let idle: { worker: Worker; heapMb: number } | null = null;

function takeWorker(maxHeapMb: number): Worker {
  const kept = idle;
  idle = null;
  if (kept && kept.heapMb === maxHeapMb) {
    kept.worker.removeAllListeners('error').removeAllListeners('exit');
    kept.worker.ref();
    return kept.worker;
  }
  void kept?.worker.terminate();
  return startWorker(maxHeapMb);
}

function keepWorker(worker: Worker, heapMb: number): void {
  if (idle) {
    void worker.terminate();
    return;
  }
  const forget = () => {
    if (idle?.worker === worker) idle = null;
  };
  worker.once('error', forget);
  worker.once('exit', forget);
  worker.unref();
  idle = { worker, heapMb };
}

/** False where the worker file was not shipped (a bundle that inlined core/): read in-thread. */
const workerAvailable = (): boolean => existsSync(fileURLToPath(WORKER_URL));

/** Errors of a worker that could not start here at all (not of the file it was reading). */
const START_FAILURES = new Set([
  'ERR_WORKER_PATH',
  'ERR_WORKER_INIT_FAILED',
  'ERR_MODULE_NOT_FOUND',
  'ENOENT',
]);
/** Set once the worker failed to start (say, a packaged app that cannot load it): read in-thread. */
let workerCannotStart = false;
class WorkerStartFailure extends Error {}

/**
 * Reads an untrusted `.gcode.3mf` and its thumbnails in a worker thread, so a slow or hostile file
 * never holds up the event loop that serves the UI. A worker reads one file at a time; a stop, a
 * timeout or a heap overrun terminates it, whatever it was doing, and the next file gets a fresh
 * one. Throws ThreeMfError like `readThreeMf`.
 */
export async function readThreeMfInWorker(
  path: string,
  options: ReadInWorkerOptions,
): Promise<ThreeMfReading> {
  const { signal, thumbnailMaxBytes } = options;
  if (signal?.aborted) throw aborted();
  if (workerCannotStart || !workerAvailable()) {
    return readThreeMfWithThumbnails(path, { signal, thumbnailMaxBytes });
  }
  try {
    return await readWithWorker(path, options);
  } catch (err) {
    if (!(err instanceof WorkerStartFailure)) throw err;
    workerCannotStart = true;
    return readThreeMfWithThumbnails(path, { signal, thumbnailMaxBytes });
  }
}

function readWithWorker(path: string, options: ReadInWorkerOptions): Promise<ThreeMfReading> {
  const { signal, thumbnailMaxBytes } = options;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const heapMb = options.maxHeapMb ?? 256;
  const worker = takeWorker(heapMb);
  return new Promise<ThreeMfReading>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, reading?: ThreeMfReading, clean = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (clean) keepWorker(worker, heapMb);
      else void worker.terminate();
      if (err) reject(err);
      else resolve(reading as ThreeMfReading);
    };
    const onAbort = () => finish(aborted());
    const timer = setTimeout(
      () =>
        finish(
          new ThreeMfError(
            'over-limit',
            `${basename(path)} is not a sliced file Farmdeck can read: reading it took longer than ${Math.round(timeoutMs / 1000)} s`,
          ),
        ),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    const onMessage = (reply: WorkerReply) => {
      if (reply.ok) finish(null, reply.reading, true);
      else finish(new ThreeMfError(reply.code, reply.message), undefined, true);
    };
    const onError = (err: Error & { code?: string }) => {
      if (START_FAILURES.has(err.code ?? '')) return finish(new WorkerStartFailure(err.message));
      finish(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new ThreeMfError(
              'over-limit',
              `${basename(path)} is not a sliced file Farmdeck can read: reading it needs more than ${options.maxHeapMb ?? 256} MB`,
            )
          : err,
      );
    };
    const onExit = (code: number) =>
      finish(new Error(`the 3MF reader stopped (exit code ${code})`));
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    const request: WorkerRequest = { path, thumbnailMaxBytes };
    worker.postMessage(request);
  });
}

function aborted(): ThreeMfError {
  return new ThreeMfError('aborted', 'reading the file was stopped: its requester went away');
}
