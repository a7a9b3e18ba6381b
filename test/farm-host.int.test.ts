import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { farmErrorOf } from '../core/farm/farm-errors.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import { startFarmHost, type FarmHost } from '../servers/host/farm-host.ts';
import type { WsServerFrame } from '../shared/contract/ws-frames.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../sim/virtual-printer.ts';

let dir = '';
let engine: FarmEngine;
let host: FarmHost;
let vp: VirtualPrinter;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'farmdeck-host-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Farmdeck</title>');
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(tmpdir(), 'farmdeck-outside.txt'), 'secret');
  vp = await startVirtualPrinter({ model: 'P1S', reportIntervalMs: 200 });
  engine = await FarmEngine.start({
    settings: createMemorySettingsStore(),
    secrets: createMemorySecretStore(),
  });
  host = await startFarmHost({ engine, staticDir: dir, mapError: farmErrorOf });
});

afterAll(async () => {
  await host.close();
  await engine.close();
  await vp.close();
  await rm(dir, { recursive: true, force: true });
  await rm(join(tmpdir(), 'farmdeck-outside.txt'), { force: true });
});

function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

/** Opens a WebSocket and collects frames; resolves once open, rejects with the HTTP status on refusal. */
function connect(headers: Record<string, string> = {}, query = '') {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws${query}`, { headers });
  const frames: WsServerFrame[] = [];
  ws.on('message', (d: Buffer) => frames.push(JSON.parse(d.toString()) as WsServerFrame));
  return new Promise<{ ws: WebSocket; frames: WsServerFrame[] }>((resolve, reject) => {
    ws.once('open', () => resolve({ ws, frames }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(String(res.statusCode))));
    ws.once('error', reject);
  });
}

async function call(
  ws: WebSocket,
  frames: WsServerFrame[],
  id: number,
  channel: string,
  args: unknown[],
) {
  ws.send(JSON.stringify({ id, channel, args }));
  await expect
    .poll(() => frames.some((f) => f.type === 'reply' && f.id === id), { timeout: 20_000 })
    .toBe(true);
  const reply = frames.find((f) => f.type === 'reply' && f.id === id);
  return reply?.type === 'reply' ? reply.result : null;
}

describe('browser host', () => {
  it('serves the renderer with a strict CSP, and nothing outside its folder', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(String(index.headers['content-security-policy'])).toContain("script-src 'self'");
    expect((await get('/assets/app.js')).status).toBe(200);
    expect((await get('/printers/abc')).body).toContain('Farmdeck');
    expect((await get('/../farmdeck-outside.txt')).status).toBe(404);
    expect((await get('/%2e%2e/farmdeck-outside.txt')).status).toBe(404);
    expect((await get('/..%2Ffarmdeck-outside.txt')).status).toBe(404);
    expect((await get('/..%2Ffarmdeck-outside.txt')).body).not.toContain('secret');
    expect((await get('/missing.js')).status).toBe(404);
  });

  it('refuses a Host header that is not loopback (DNS rebinding)', async () => {
    expect((await get('/', { Host: 'evil.example:80' })).status).toBe(421);
    await expect(connect({ Host: 'evil.example' })).rejects.toThrow('421');
  });

  it('refuses WebSocket upgrades from another origin', async () => {
    await expect(connect({ Origin: 'http://evil.example' })).rejects.toThrow('403');
  });

  it('speaks the contract: requests get Results, batches are pushed, secrets never sent', async () => {
    const { ws, frames } = await connect({ Origin: `http://127.0.0.1:${host.port}` });
    const bad = await call(ws, frames, 1, 'printer:add', [{ name: 'x' }]);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const added = await call(ws, frames, 2, 'printer:add', [
      {
        name: 'Host test',
        host: vp.host,
        port: vp.mqttPort,
        serial: vp.serial,
        accessCode: vp.accessCode,
        tls: { mode: 'skip-verification' },
      },
    ]);
    expect(added).toMatchObject({ ok: true, value: { name: 'Host test', hasAccessCode: true } });
    await expect
      .poll(
        () =>
          frames.some(
            (f) =>
              f.type === 'event' &&
              JSON.stringify(f.payload).includes('"status":"online"') &&
              JSON.stringify(f.payload).includes('"model":"P1S"'),
          ),
        { timeout: 20_000 },
      )
      .toBe(true);
    const snapshot = await call(ws, frames, 3, 'farm:get-snapshot', []);
    expect(snapshot).toMatchObject({ ok: true });
    expect(JSON.stringify(frames)).not.toContain(vp.accessCode);
    ws.close();
  });

  it('closes the socket on a malformed frame', async () => {
    const { ws } = await connect();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('{not json');
    expect(await closed).toBe(1003);
  });

  it('requires a token to bind another address, and checks it', async () => {
    await expect(startFarmHost({ engine, staticDir: dir, host: '0.0.0.0' })).rejects.toThrow(
      /access token/,
    );
    const guarded = await startFarmHost({
      engine,
      staticDir: dir,
      token: 'a-long-enough-token-123',
    });
    try {
      expect(guarded.url).toContain('token=');
      const open = (query: string) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(`ws://127.0.0.1:${guarded.port}/ws${query}`);
          ws.once('open', () => {
            ws.close();
            resolve('open');
          });
          ws.once('unexpected-response', (_r, res) => resolve(String(res.statusCode)));
        });
      expect(await open('')).toBe('401');
      expect(await open('?token=wrong')).toBe('401');
      expect(await open('?token=a-long-enough-token-123')).toBe('open');
    } finally {
      await guarded.close();
    }
  });
});
