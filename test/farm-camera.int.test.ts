import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { farmErrorOf } from '../core/farm/farm-errors.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import { codecFromInit } from '../renderer/features/camera/mp4-codec.ts';
import { CAMERA_ACK_WINDOW, createCameraEndpoint } from '../servers/host/camera-endpoint.ts';
import { startFarmHost, type FarmHost } from '../servers/host/farm-host.ts';
import {
  decodeCameraFrame,
  parseCameraStatus,
  type CameraFrameKind,
  type CameraStatusMessage,
} from '../shared/contract/camera-channels.ts';
import type { PrinterInput } from '../shared/contract/farm-schemas.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../sim/virtual-printer.ts';

let dir = '';
let engine: FarmEngine;
let host: FarmHost;
const printers: VirtualPrinter[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'farmdeck-camera-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Farmdeck</title>');
  engine = await FarmEngine.start({
    settings: createMemorySettingsStore(),
    secrets: createMemorySecretStore(),
  });
  host = await startFarmHost({ engine, staticDir: dir, mapError: farmErrorOf });
});

afterAll(async () => {
  await host.close();
  await engine.close();
  await Promise.all(printers.map((p) => p.close()));
  await rm(dir, { recursive: true, force: true });
});

function detailsOf(vp: VirtualPrinter, name: string, withCameraPort = true): PrinterInput {
  return {
    name,
    host: vp.host,
    port: vp.mqttPort,
    serial: vp.serial,
    accessCode: vp.accessCode,
    tls: { mode: 'custom-ca', caPem: vp.certificatePem },
    ...(withCameraPort && vp.cameraPort !== null ? { cameraPort: vp.cameraPort } : {}),
  };
}

interface Received {
  ws: WebSocket;
  frames: { kind: CameraFrameKind; data: Buffer }[];
  statuses: CameraStatusMessage[];
  closed: Promise<number>;
}

/** Opens a camera stream on the host and records what arrives. */
function watch(query: string, headers: Record<string, string> = {}): Promise<Received> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/camera?${query}`, { headers });
  const frames: Received['frames'] = [];
  const statuses: CameraStatusMessage[] = [];
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) {
      ws.send('ack');
      const frame = decodeCameraFrame(new Uint8Array(data));
      if (frame) frames.push({ kind: frame.kind, data: Buffer.from(frame.data) });
    } else {
      const status = parseCameraStatus(data.toString());
      if (status) statuses.push(status);
    }
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, frames, statuses, closed }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const isJpeg = (b: Buffer) => b[0] === 0xff && b[1] === 0xd8 && b[b.length - 1] === 0xd9;

describe('camera streams through the host', () => {
  let p1s: VirtualPrinter;
  let p1sId = '';

  beforeAll(async () => {
    p1s = await startVirtualPrinter({ model: 'P1S', reportIntervalMs: 300, camera: { fps: 4 } });
    printers.push(p1s);
    p1sId = (await engine.addPrinter(detailsOf(p1s, 'Cam P1S'))).id;
  });

  it('streams live JPEG frames as the printer sent them, and they change', async () => {
    const s = await watch(`printer=${p1sId}&mode=live`);
    await expect.poll(() => s.frames.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(6);
    expect(s.frames.every((f) => f.kind === 'jpeg' && isJpeg(f.data))).toBe(true);
    expect(s.statuses.map((x) => x.state)).toContain('live');
    // The virtual camera draws a clock: frames a second or more apart differ.
    const first = s.frames[0]?.data;
    expect(s.frames.some((f) => first && !f.data.equals(first))).toBe(true);
    s.ws.close();
    expect(await s.closed).toBe(1005);
  });

  it('serves several viewers of one printer at once', async () => {
    const a = await watch(`printer=${p1sId}&mode=live`);
    await expect.poll(() => a.frames.length, { timeout: 20_000 }).toBeGreaterThan(0);
    const b = await watch(`printer=${p1sId}&mode=live`);
    const seenByA = a.frames.length;
    await expect.poll(() => b.frames.length, { timeout: 10_000 }).toBeGreaterThan(1);
    // The first viewer keeps receiving while the second watches.
    expect(a.frames.length).toBeGreaterThan(seenByA);
    a.ws.close();
    b.ws.close();
  });

  it('sends one JPEG in snapshot mode, then ends the stream', async () => {
    const s = await watch(`printer=${p1sId}&mode=snapshot`);
    expect(await s.closed).toBe(1000);
    expect(s.frames).toHaveLength(1);
    expect(isJpeg(s.frames[0]?.data ?? Buffer.alloc(0))).toBe(true);
  });

  it('ends with a reason for an unknown printer, and refuses bad requests and foreign pages', async () => {
    const s = await watch('printer=p-nope&mode=live');
    expect(await s.closed).toBe(1000);
    expect(s.statuses.at(-1)).toMatchObject({ state: 'closed', code: 'not-found' });
    expect(s.statuses.at(-1)?.message).toMatch(/no printer with id p-nope/);
    await expect(watch(`printer=${p1sId}&mode=movie`)).rejects.toThrow('HTTP 400');
    await expect(
      watch(`printer=${p1sId}&mode=live`, { Origin: 'http://evil.example' }),
    ).rejects.toThrow('HTTP 403');
  });

  it('says what is wrong when the camera port is not reachable, without the access code', async () => {
    const vp = await startVirtualPrinter({ model: 'P1P', reportIntervalMs: 300 });
    printers.push(vp);
    // No camera server and no port override: the engine tries 6000 on 127.0.0.1 and is refused.
    const { id } = await engine.addPrinter(detailsOf(vp, 'No camera', false));
    const s = await watch(`printer=${id}&mode=live`);
    await expect
      .poll(() => s.statuses.find((x) => x.state === 'retrying'), { timeout: 20_000 })
      .toBeTruthy();
    const retrying = s.statuses.find((x) => x.state === 'retrying');
    expect(retrying?.code).toBe('unreachable');
    expect(retrying?.message).not.toContain(vp.accessCode);
    s.ws.close();
    await engine.removePrinter(id);
  });

  it('closes open streams when a printer is removed', async () => {
    const vp = await startVirtualPrinter({ model: 'A1', reportIntervalMs: 300, camera: true });
    printers.push(vp);
    const { id } = await engine.addPrinter(detailsOf(vp, 'Removed'));
    const s = await watch(`printer=${id}&mode=live`);
    await expect.poll(() => s.frames.length, { timeout: 20_000 }).toBeGreaterThan(0);
    await engine.removePrinter(id);
    expect(await s.closed).toBe(1000);
    expect(s.statuses.at(-1)?.state).toBe('closed');
  });
});

describe('RTSP cameras through the host', () => {
  it('sends the fMP4 init segment first, then fragments, with an H.264 codec the browser can name', async () => {
    const vp = await startVirtualPrinter({ model: 'X1C', reportIntervalMs: 300, camera: true });
    printers.push(vp);
    const { id } = await engine.addPrinter(detailsOf(vp, 'Cam X1C'));
    const s = await watch(`printer=${id}&mode=live`);
    await expect.poll(() => s.frames.length, { timeout: 40_000 }).toBeGreaterThanOrEqual(3);
    expect(s.frames[0]?.kind).toBe('mp4-init');
    expect(s.frames.slice(1).every((f) => f.kind === 'mp4-fragment')).toBe(true);
    expect(codecFromInit(new Uint8Array(s.frames[0]?.data ?? []))).toMatch(/^avc1\.[0-9A-F]{6}$/);
    // moof + mdat: each fragment is a self-contained piece a Media Source can append.
    expect(s.frames[1]?.data.subarray(4, 8).toString('latin1')).toBe('moof');
    s.ws.close();
  }, 60_000);
});

describe('a slow browser', () => {
  it('gets fewer frames, never a growing queue: the host stops sending while the socket is full', async () => {
    const vp = await startVirtualPrinter({
      model: 'P1S',
      reportIntervalMs: 300,
      camera: { fps: 15 },
    });
    printers.push(vp);
    const { id } = await engine.addPrinter(detailsOf(vp, 'Slow viewer'));
    const endpoint = createCameraEndpoint({ engine, token: null });
    const server = createServer((_req, res) => res.writeHead(404).end());
    server.on('upgrade', (req, socket, head) => endpoint.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/camera?printer=${id}&mode=live`);
    let received = 0;
    ws.on('message', (_d, isBinary) => {
      if (!isBinary) return;
      received += 1;
      ws.send('ack');
    });
    await expect.poll(() => received, { timeout: 20_000 }).toBeGreaterThan(2);
    // Stop reading, as a browser tab that cannot keep up: TCP fills, then the host must stop sending.
    const socket = (ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    const atPause = endpoint.stats().framesSent;
    let plateau = -1;
    await expect
      .poll(
        async () => {
          const before = endpoint.stats().framesSent;
          await new Promise((r) => setTimeout(r, 1_000));
          plateau = endpoint.stats().framesSent;
          return plateau === before;
        },
        { timeout: 20_000, interval: 10 },
      )
      .toBe(true);
    // Unacknowledged frames are bounded by the window: nothing old piles up in socket buffers.
    expect(plateau - atPause).toBeLessThanOrEqual(CAMERA_ACK_WINDOW);
    // Meanwhile the camera kept producing 15 frames a second; reading again resumes with new frames.
    socket.resume();
    await expect
      .poll(() => endpoint.stats().framesSent, { timeout: 20_000 })
      .toBeGreaterThan(plateau + 5);
    ws.close();
    endpoint.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }, 60_000);
});
