import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CameraHub } from '../core/camera/camera-hub.ts';
import type { CameraStatus, CameraUpstream } from '../core/camera/camera-types.ts';
import { openJpegCamera } from '../core/camera/jpeg-camera-client.ts';
import { startRtspProxy } from '../core/camera/rtsp-auth-proxy.ts';
import { openRtspCamera } from '../core/camera/rtsp-camera-client.ts';
import { startJpegCameraServer, type JpegCameraServer } from '../sim/camera/jpeg-camera-server.ts';
import { startRtspCameraServer, type RtspCameraServer } from '../sim/camera/rtsp-camera-server.ts';
import { activeResources, childCommandLines, resourceDiff } from '../bench/process-resources.ts';

const JPEG_SERIAL = '01P00A000000009';
const RTSP_SERIAL = '00M00A000000009';
const CODE = '24681357';
let jpeg: JpegCameraServer;
let rtsp: RtspCameraServer;

beforeAll(async () => {
  jpeg = await startJpegCameraServer({ serial: JPEG_SERIAL, accessCode: CODE, fps: 20 });
  rtsp = await startRtspCameraServer({ serial: RTSP_SERIAL, accessCode: CODE, fps: 10 });
});

afterAll(async () => {
  await jpeg.close();
  await rtsp.close();
});

const backoff = { initialMs: 20, maxMs: 100 };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function jpegOptions() {
  return {
    host: jpeg.host,
    port: jpeg.port,
    serial: JPEG_SERIAL,
    accessCode: CODE,
    tls: { ca: jpeg.certificatePem },
    backoff,
  };
}

function rtspOptions() {
  return {
    host: rtsp.host,
    port: rtsp.port,
    serial: RTSP_SERIAL,
    accessCode: CODE,
    tls: { ca: rtsp.certificatePem },
    backoff,
  };
}

/** When to close: after `ms` milliseconds, or after `turns` turns of the event loop (0: at once). */
type CloseAt = { ms: number } | { turns: number };

/** Opens a stream, closes it at `at`, waits for its `closed` status. */
function churnOnce(
  open: (l: { onFrame(): void; onStatus(s: CameraStatus): void }) => CameraUpstream,
  at: CloseAt,
): Promise<void> {
  return new Promise<void>((resolve) => {
    const up = open({
      onFrame: () => {},
      onStatus: (s) => {
        if (s.state === 'closed') resolve();
      },
    });
    if ('ms' in at) setTimeout(() => up.close(), at.ms);
    else closeAfterTurns(up, at.turns);
  });
}

function closeAfterTurns(up: CameraUpstream, turns: number): void {
  if (turns === 0) up.close();
  else setImmediate(() => closeAfterTurns(up, turns - 1));
}

/**
 * Random close moments weighted towards start-up: the same tick, the first event-loop turns (each
 * await of the start-up: ffmpeg lookup, proxy listening, TLS), the first milliseconds, up to `maxMs`.
 */
function randomMoment(maxMs: number): CloseAt {
  const r = Math.random();
  if (r < 0.5) return { turns: Math.floor(Math.random() * 12) };
  if (r < 0.7) return { ms: Math.floor(Math.random() * 5) + 1 };
  return { ms: Math.floor(Math.random() * maxMs) + 1 };
}

describe('camera streams under churn', () => {
  it('opens and closes 1,000 JPEG and RTSP streams at random moments and leaks nothing', async () => {
    // Warm up once so lazily created process-wide handles (DNS, crypto) are in the baseline.
    await churnOnce((l) => openJpegCamera(jpegOptions(), l), { ms: 200 });
    await churnOnce((l) => openRtspCamera(rtspOptions(), l), { ms: 300 });
    await expect.poll(() => childCommandLines(), { timeout: 10_000 }).toEqual([]);
    await sleep(200);
    const before = activeResources();

    const hub = new CameraHub({ lingerMs: 5 });
    hub.addCamera('jpeg', { streamBudget: 2, open: (l) => openJpegCamera(jpegOptions(), l) });
    hub.addCamera('rtsp', { streamBudget: 2, open: (l) => openRtspCamera(rtspOptions(), l) });
    const viaHub = (id: string) => (l: { onFrame(): void; onStatus(s: CameraStatus): void }) => {
      const watch = hub.watch(id, l);
      // A hub watcher sees `closed` only when the camera is removed: report it when it leaves.
      return {
        close: () => {
          watch.close();
          l.onStatus({ state: 'closed' });
        },
      };
    };

    const total = 1000;
    const rtspEvery = 25; // 40 of 1,000 start ffmpeg: enough for every start-up phase, quick on 2 cores
    let next = 0;
    let rtspRuns = 0;
    const worker = async (): Promise<void> => {
      while (next < total) {
        const i = next++;
        const isRtsp = i % rtspEvery === 0;
        const direct = i % 2 === 0;
        if (isRtsp) rtspRuns += 1;
        const open = isRtsp
          ? direct
            ? (l: Parameters<typeof openRtspCamera>[1]) => openRtspCamera(rtspOptions(), l)
            : viaHub('rtsp')
          : direct
            ? (l: Parameters<typeof openJpegCamera>[1]) => openJpegCamera(jpegOptions(), l)
            : viaHub('jpeg');
        await churnOnce(open, randomMoment(isRtsp ? 1500 : 150));
      }
    };
    await Promise.all(Array.from({ length: 16 }, () => worker()));
    hub.close();
    expect(rtspRuns).toBe(total / rtspEvery);

    await expect.poll(() => childCommandLines(), { timeout: 15_000 }).toEqual([]);
    await expect
      .poll(() => resourceDiff(before, activeResources()), { timeout: 15_000 })
      .toEqual([]);
    expect(jpeg.activeStreams).toBe(0);
    expect(rtsp.activeStreams).toBe(0);
  }, 180_000);

  it('refuses a local client without the stream secret before contacting the printer', async () => {
    const problems: string[] = [];
    const proxy = await startRtspProxy({
      ...rtspOptions(),
      onProblem: (e) => problems.push(e.message),
    });
    try {
      const issued = proxy.issueUrl();
      const { port, pathname } = new URL(issued);
      const connectionsBefore = rtsp.connections;
      const ask = (url: string): Promise<string> =>
        new Promise((resolve, reject) => {
          const socket = connect(Number(port), '127.0.0.1');
          let answer = '';
          socket.on('data', (c: Buffer) => {
            answer += c.toString('latin1');
            // A whole response head: done (the admitted connection stays open otherwise).
            if (answer.includes('\r\n\r\n')) socket.destroy();
          });
          socket.on('error', reject);
          socket.on('close', () => resolve(answer));
          socket.write(`DESCRIBE ${url} RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\n\r\n`);
        });
      // The plain live path, a guessed secret and the path without a host all get 403 and a close.
      for (const url of [
        `rtsp://127.0.0.1:${port}/streaming/live/1`,
        `rtsp://127.0.0.1:${port}/${'A'.repeat(32)}/streaming/live/1`,
        `rtsp://127.0.0.1:${port}${pathname.replace(/^\/[^/]+/, '/x')}`,
      ]) {
        expect(await ask(url)).toMatch(/^RTSP\/1\.0 403 Forbidden\r\nCSeq: 2\r\n/);
      }
      expect(proxy.refused).toBe(3);
      expect(rtsp.connections).toBe(connectionsBefore);

      // The issued URL is admitted once (and logged in); a second connection with it is refused.
      const first = await ask(issued);
      expect(first).toMatch(/^RTSP\/1\.0 200 OK/);
      expect(rtsp.connections).toBe(connectionsBefore + 1);
      expect(await ask(issued)).toMatch(/^RTSP\/1\.0 403/);
      expect(rtsp.connections).toBe(connectionsBefore + 1);
      expect(problems).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
