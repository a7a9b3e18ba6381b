/**
 * Camera hub benchmark: N virtual JPEG cameras (in a child process, so their CPU is not counted)
 * streamed through one CameraHub to several viewers each, one of them slow. Prints frames per second
 * in and out, CPU per frame and memory over time (after a forced GC), as a Markdown table.
 *
 *   npm run build && node dist/bench/camera-hub.js [--minutes 2] [--cameras 16] [--fps 10] [--viewers 4]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CameraHub } from '../core/camera/camera-hub.ts';
import { openJpegCamera } from '../core/camera/jpeg-camera-client.ts';
import { installProcessGuards } from '../core/util/process-guard.ts';
import { serveCameras, type ServedCamera } from './camera-bench-servers.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '2' },
    cameras: { type: 'string', default: '16' },
    fps: { type: 'string', default: '10' },
    viewers: { type: 'string', default: '4' },
    serve: { type: 'boolean', default: false },
  },
});
const cameras = Number(values.cameras);
const fps = Number(values.fps);

installProcessGuards(values.serve ? 'bench camera server' : 'bench camera-hub');
if (values.serve) {
  await serveCameras(cameras, fps);
} else {
  await runBenchmark(Number(values.minutes), Number(values.viewers));
}

async function runBenchmark(minutes: number, viewersPerCamera: number): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [
    '--serve',
    '--cameras',
    String(cameras),
    '--fps',
    String(fps),
  ]);
  const [served] = (await once(child, 'message')) as [ServedCamera[]];
  const hub = new CameraHub();
  let delivered = 0;
  let slowDelivered = 0;
  for (const cam of served) {
    hub.addCamera(cam.serial, {
      streamBudget: 2,
      open: (listener) =>
        openJpegCamera(
          {
            host: '127.0.0.1',
            port: cam.port,
            serial: cam.serial,
            accessCode: cam.accessCode,
            tls: { ca: cam.certificatePem },
          },
          listener,
        ),
    });
    for (let v = 0; v < viewersPerCamera - 1; v++)
      hub.watch(cam.serial, { onFrame: () => void (delivered += 1) });
    // One slow viewer per camera (a browser tab on a weak link): 250 ms per frame.
    hub.watch(cam.serial, {
      onFrame: () =>
        new Promise<void>((resolve) => {
          slowDelivered += 1;
          setTimeout(resolve, 250);
        }),
    });
  }
  const framesIn = (): number => served.reduce((n, c) => n + hub.stats(c.serial).framesIn, 0);
  const sample = (): { rss: number; heap: number; buffers: number } => {
    gc();
    const m = process.memoryUsage();
    return { rss: m.rss, heap: m.heapUsed, buffers: m.arrayBuffers };
  };
  const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);
  // Warm-up: connections, TLS, first frames.
  await new Promise((r) => setTimeout(r, 10_000));
  const start = {
    time: Date.now(),
    cpu: process.cpuUsage(),
    frames: framesIn(),
    delivered,
    slow: slowDelivered,
    mem: sample(),
  };
  console.log(`| t (s) | frames in/s | delivered/s | RSS MB | heap MB | buffers MB |`);
  console.log(`|---:|---:|---:|---:|---:|---:|`);
  let last = { time: start.time, frames: start.frames, delivered: start.delivered };
  const samples: { rss: number; heap: number; buffers: number }[] = [];
  const endAt = start.time + minutes * 60_000;
  while (Date.now() < endAt) {
    await new Promise((r) => setTimeout(r, Math.min(30_000, Math.max(1000, endAt - Date.now()))));
    const now = Date.now();
    const mem = sample();
    samples.push(mem);
    const secs = (now - last.time) / 1000;
    const f = framesIn();
    console.log(
      `| ${Math.round((now - start.time) / 1000)} | ${((f - last.frames) / secs).toFixed(1)} | ${((delivered - last.delivered) / secs).toFixed(1)} | ${mb(mem.rss)} | ${mb(mem.heap)} | ${mb(mem.buffers)} |`,
    );
    last = { time: now, frames: f, delivered };
  }
  const cpu = process.cpuUsage(start.cpu);
  const secs = (Date.now() - start.time) / 1000;
  const frames = framesIn() - start.frames;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const first = samples[0] ?? start.mem;
  const end = samples.at(-1) ?? start.mem;
  console.log('');
  console.log(
    `cameras ${cameras} x ${fps} fps, ${viewersPerCamera} viewers each (1 slow), ${secs.toFixed(0)} s measured`,
  );
  console.log(
    `frames in: ${(frames / secs).toFixed(1)}/s; delivered to fast viewers: ${((delivered - start.delivered) / secs).toFixed(1)}/s; to slow viewers: ${((slowDelivered - start.slow) / secs).toFixed(1)}/s`,
  );
  console.log(
    `CPU (hub process): ${((cpuMs / 1000 / secs) * 100).toFixed(1)} % of one core, ${((cpuMs * 1000) / frames).toFixed(0)} µs per frame received`,
  );
  console.log(
    `memory first→last sample: RSS ${mb(first.rss)}→${mb(end.rss)} MB, heap ${mb(first.heap)}→${mb(end.heap)} MB, buffers ${mb(first.buffers)}→${mb(end.buffers)} MB`,
  );
  hub.close();
  child.kill();
}
