import { parentPort } from 'node:worker_threads';
import { readThreeMfWithThumbnails } from './read-threemf.ts';
import { ThreeMfError } from './threemf-error.ts';
import type { WorkerReply, WorkerRequest } from './worker-messages.ts';

// Worker thread entry: reads untrusted .gcode.3mf files off the main event loop, one request at
// a time (read-in-worker.ts).
parentPort?.on('message', (request: WorkerRequest) => {
  void readThreeMfWithThumbnails(request.path, { thumbnailMaxBytes: request.thumbnailMaxBytes })
    .then(
      (reading): WorkerReply => ({ ok: true, reading }),
      (err: unknown): WorkerReply =>
        err instanceof ThreeMfError
          ? { ok: false, code: err.code, message: err.message }
          : { ok: false, code: 'corrupt', message: String((err as Error)?.message ?? err) },
    )
    .then((reply) => parentPort?.postMessage(reply));
});
