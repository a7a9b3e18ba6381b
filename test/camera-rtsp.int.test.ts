import { readdirSync, readFileSync } from 'node:fs';
import jpegJs from 'jpeg-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { CameraError } from '../core/camera/camera-error.ts';
import { CameraHub } from '../core/camera/camera-hub.ts';
import type { CameraFrame, CameraStatus } from '../core/camera/camera-types.ts';
import { fragmentToJpeg } from '../core/camera/mp4-snapshot.ts';
import { openRtspCamera, type RtspCameraOptions } from '../core/camera/rtsp-camera-client.ts';
import { startRtspCameraServer, type RtspCameraServer } from '../sim/camera/rtsp-camera-server.ts';

const SERIAL = '00M00A000000001';
const CODE = '87654321';
const servers: RtspCameraServer[] = [];
const cleanups: (() => void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function camera(extra: { disabled?: boolean } = {}): Promise<RtspCameraServer> {
  const server = await startRtspCameraServer({
    serial: SERIAL,
    accessCode: CODE,
    fps: 10,
    ...extra,
  });
  servers.push(server);
  return server;
}

function options(
  server: RtspCameraServer,
  extra: Partial<RtspCameraOptions> = {},
): RtspCameraOptions {
  return {
    host: server.host,
    port: server.port,
    serial: SERIAL,
    accessCode: CODE,
    tls: { ca: server.certificatePem },
    backoff: { initialMs: 100, maxMs: 500 },
    ...extra,
  };
}

function closedError(opts: RtspCameraOptions): Promise<CameraError | undefined> {
  return new Promise((resolve) => {
    const up = openRtspCamera(
      { ...opts, retry: false },
      {
        onFrame: () => {},
        onStatus: (s) => {
          if (s.state === 'closed') resolve(s.error);
        },
      },
    );
    cleanups.push(() => up.close());
  });
}

/** Command lines of this process's ffmpeg children (Linux /proc). */
function ffmpegCommandLines(): string[] {
  const lines: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (ppid === process.pid && cmd.includes('ffmpeg')) lines.push(cmd);
    } catch {
      // The process ended while we looked.
    }
  }
  return lines;
}

describe('RTSPS camera through ffmpeg against the virtual X1C camera', () => {
  it('streams H.264 as fragmented MP4 without the access code on ffmpeg’s command line', async () => {
    const server = await camera();
    const frames: CameraFrame[] = [];
    const states: CameraStatus['state'][] = [];
    const up = openRtspCamera(options(server), {
      onFrame: (f) => frames.push(f),
      onStatus: (s) => states.push(s.state),
    });
    cleanups.push(() => up.close());
    await expect
      .poll(() => frames.filter((f) => f.kind === 'mp4-fragment').length, { timeout: 20_000 })
      .toBeGreaterThan(1);
    expect(frames[0]?.kind).toBe('mp4-init');
    expect(frames[0]?.data.toString('latin1', 4, 8)).toBe('ftyp');
    const fragment = frames.find((f) => f.kind === 'mp4-fragment');
    expect(fragment?.data.toString('latin1', 4, 8)).toBe('moof');
    expect(states).toContain('live');
    const commandLines = ffmpegCommandLines();
    expect(commandLines.length).toBeGreaterThan(0);
    for (const cmd of commandLines) {
      expect(cmd).not.toContain(CODE);
      expect(cmd).toContain('-c copy');
    }
    const jpeg = await fragmentToJpeg(
      frames[0]?.data ?? Buffer.alloc(0),
      fragment?.data ?? Buffer.alloc(0),
    );
    const image = jpegJs.decode(jpeg);
    expect([image.width, image.height]).toEqual([1280, 720]);
  });

  it('serves a JPEG snapshot through the hub from the live stream', async () => {
    const server = await camera();
    const hub = new CameraHub({ lingerMs: 100 });
    cleanups.push(() => hub.close());
    hub.addCamera(SERIAL, {
      streamBudget: 2,
      open: (l) => openRtspCamera(options(server), l),
      toJpeg: (init, fragment) => fragmentToJpeg(init, fragment),
    });
    const jpeg = await hub.snapshot(SERIAL, 20_000);
    expect([...jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect(jpegJs.decode(jpeg).height).toBe(720);
    expect(hub.stats(SERIAL).sessionsOpened).toBe(1);
  });

  it('reports a wrong access code as auth-failed', async () => {
    const server = await camera();
    const error = await closedError(options(server, { accessCode: '11223344' }));
    expect(error?.code).toBe('auth-failed');
    expect(error?.message).not.toContain('11223344');
    expect(server.refusedLogins).toBeGreaterThan(0);
  });

  it('says where to enable live view when the report says rtsp_url = disable', async () => {
    const server = await camera();
    const error = await closedError(options(server, { reportedRtspUrl: 'disable' }));
    expect(error?.code).toBe('liveview-disabled');
    expect(error?.message).toContain('LAN Mode Liveview');
  });

  it('explains a port that closes at once (live view off on the printer)', async () => {
    const server = await camera({ disabled: true });
    const error = await closedError(options(server));
    expect(error?.code).toBe('unreachable');
    expect(error?.message).toContain('LAN Mode Liveview');
  });

  it('says how to install ffmpeg when it is missing', async () => {
    const server = await camera();
    const error = await closedError(options(server, { ffmpegPath: '/nonexistent/ffmpeg' }));
    expect(error?.code).toBe('ffmpeg-missing');
    expect(error?.message).toContain('apt-get install ffmpeg');
  });

  it('restarts ffmpeg after the camera drops the connection', async () => {
    const server = await camera();
    const states: CameraStatus['state'][] = [];
    let fragments = 0;
    const up = openRtspCamera(options(server), {
      onFrame: (f) => void (f.kind === 'mp4-fragment' && (fragments += 1)),
      onStatus: (s) => states.push(s.state),
    });
    cleanups.push(() => up.close());
    await expect.poll(() => fragments, { timeout: 20_000 }).toBeGreaterThan(0);
    server.drop();
    await expect.poll(() => states.filter((s) => s === 'live').length, { timeout: 20_000 }).toBe(2);
    expect(states).toContain('retrying');
  });
});
