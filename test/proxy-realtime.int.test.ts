import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxyServer, type ProxyServer } from '../servers/proxy/proxy-server.ts';
import { TokenSource, writeTokenFile } from '../servers/proxy/proxy-tokens.ts';
import { startVirtualCloud } from '../sim/cloud/virtual-cloud.ts';
import type { VirtualCloud } from '../sim/cloud/virtual-cloud-api.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../sim/virtual-printer.ts';

// The proxy's realtime endpoints (cloud MQTT sessions through the virtual cloud's broker) and
// its admin endpoints. The proxy's clock is shifted by the tests to expire sessions.

const EMAIL = 'live@example.com';
const UID = 3_344_556_677;
const ADMIN = 'admin-token-realtime-0123456789';
const TEAM = 'team-live-token-0123456789';
const OTHER = 'other-live-token-0123456789';
const START = '/v1/iot-service/api/user/device/realtime/start';
const READ = '/v1/iot-service/api/user/device/realtime';

let dir: string;
let printer: VirtualPrinter;
let cloud: VirtualCloud;
let real: string;
let otherReal: string;
let proxy: ProxyServer;
let noAdmin: ProxyServer;
let shift = 0;
const logLines: string[] = [];
const bodies: string[] = [];

async function call(p: ProxyServer, path: string, init: RequestInit & { token?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.token !== undefined) headers.set('authorization', `Bearer ${init.token}`);
  const res = await fetch(p.url + path, { ...init, headers });
  const text = await res.text();
  bodies.push(text);
  return {
    status: res.status,
    headers: res.headers,
    json: JSON.parse(text) as Record<string, unknown>,
  };
}

function start(p: ProxyServer, token: string, deviceId: string) {
  return call(p, START, { method: 'POST', token, body: JSON.stringify({ device_id: deviceId }) });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'proxy-rt-'));
  printer = await startVirtualPrinter({
    model: 'X1C',
    accessCode: 'liveC0de',
    reportIntervalMs: 100,
  });
  cloud = await startVirtualCloud({
    accounts: [
      {
        email: EMAIL,
        password: 'unused-password',
        uid: UID,
        opaqueTokens: true,
        devices: [
          {
            serial: printer.serial,
            accessCode: printer.accessCode,
            mqttPort: printer.mqttPort,
            product: 'X1 Carbon',
          },
        ],
      },
      { email: 'someone@example.com', password: 'unused-password', uid: UID + 1 },
    ],
  });
  real = cloud.issueToken(EMAIL);
  otherReal = cloud.issueToken('someone@example.com');
  const file = join(dir, 'proxy_tokens.json');
  await writeTokenFile(
    file,
    new Map([
      [TEAM, real],
      [OTHER, otherReal],
    ]),
  );
  const tokens = new TokenSource(file, (l) => logLines.push(l));
  await tokens.load();
  const mqttUrl = new URL(cloud.mqttUrl ?? '');
  const common = {
    tokens,
    apiUrl: cloud.apiUrl,
    port: 0,
    log: (l: string) => logLines.push(l),
    now: () => Date.now() + shift,
    realtime: {
      mqtt: { host: mqttUrl.hostname, port: Number(mqttUrl.port) },
      tls: { ca: cloud.mqttCaPem ?? '' },
      link: { reconnect: { initialMs: 100, maxMs: 500 } },
    },
  };
  proxy = await startProxyServer({ ...common, mode: 'strict', adminToken: ADMIN });
  noAdmin = await startProxyServer({ ...common, mode: 'full' });
});

afterAll(async () => {
  await proxy?.close();
  await noAdmin?.close();
  await cloud?.close();
  await printer?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('realtime sessions', () => {
  it('starts a session (POST is allowed in strict mode: it forwards nothing) and serves live data', async () => {
    const r = await start(proxy, TEAM, printer.serial);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'started', device_id: printer.serial });
    // The session's 120 s run from its creation; the reply comes after the printer link connects.
    expect(r.json['expires_in']).toBeGreaterThan(100);
    expect(r.json['expires_in']).toBeLessThanOrEqual(120);
    let data: Awaited<ReturnType<typeof call>> | undefined;
    const end = Date.now() + 20_000;
    while (Date.now() < end) {
      data = await call(proxy, `${READ}?device_id=${printer.serial}`, { token: TEAM });
      if (data.status === 200) break;
      expect(data.status).toBe(202);
      expect(data.json['status']).toBe('waiting');
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(data?.status).toBe(200);
    const print = (data?.json['data'] as { print: Record<string, unknown> }).print;
    expect(typeof print['gcode_state']).toBe('string');
    expect(typeof print['nozzle_temper']).toBe('number');
    expect(data?.json['message_count'] as number).toBeGreaterThan(0);
    expect(data?.json['age_seconds'] as number).toBeLessThan(30);
    expect(data?.headers.get('x-ratelimit-limit')).toBe('30');
  });

  it('extends a running session instead of opening another', async () => {
    const r = await start(proxy, TEAM, printer.serial);
    expect(r.status).toBe(200);
    expect(r.json['status']).toBe('extended');
    expect(proxy.sessions.count).toBe(1);
  });

  it("keeps one account's session away from another account", async () => {
    const r = await call(proxy, `${READ}?device_id=${printer.serial}`, { token: OTHER });
    expect(r.status).toBe(404);
    expect(r.json['error']).toBe('no-session');
    const s = await start(proxy, OTHER, printer.serial);
    expect(s.status).toBe(404);
    expect(s.json['error']).toBe('unknown-device');
  });

  it('rejects bad requests with JSON errors', async () => {
    const bad = await call(proxy, START, { method: 'POST', token: TEAM, body: '{not json' });
    expect(bad.status).toBe(400);
    expect(bad.json['error']).toBe('invalid-json');
    const missing = await call(proxy, START, { method: 'POST', token: TEAM, body: '{}' });
    expect(missing.status).toBe(400);
    expect(missing.json['error']).toBe('missing-device-id');
    const weird = await start(proxy, TEAM, '../../etc/passwd');
    expect(weird.status).toBe(400);
    const get = await call(proxy, START, { token: TEAM });
    expect(get.status).toBe(405);
    const noToken = await call(proxy, START, {
      method: 'POST',
      body: JSON.stringify({ device_id: printer.serial }),
    });
    expect(noToken.status).toBe(401);
    const noId = await call(proxy, READ, { token: TEAM });
    expect(noId.status).toBe(400);
  });

  it('expires sessions: 410 until swept, then 404', async () => {
    shift = 121_000;
    try {
      const expired = await call(proxy, `${READ}?device_id=${printer.serial}`, { token: TEAM });
      expect(expired.status).toBe(410);
      expect(expired.json['error']).toBe('session-expired');
      await proxy.sessions.sweep();
      expect(proxy.sessions.count).toBe(0);
      const gone = await call(proxy, `${READ}?device_id=${printer.serial}`, { token: TEAM });
      expect(gone.status).toBe(404);
    } finally {
      shift = 0;
    }
  });
});

describe('admin endpoints', () => {
  it('need the admin token', async () => {
    expect((await call(proxy, '/admin/tokens')).status).toBe(401);
    expect((await call(proxy, '/admin/tokens', { token: TEAM })).status).toBe(401);
    const off = await call(noAdmin, '/admin/tokens', { token: ADMIN });
    expect(off.status).toBe(403);
    expect(off.json['error']).toBe('admin-disabled');
  });

  it('list tokens masked, and the MQTT sessions', async () => {
    const list = await call(proxy, '/admin/tokens', { token: ADMIN });
    expect(list.status).toBe(200);
    expect(list.json['count']).toBe(2);
    const tokens = list.json['tokens'] as { custom_token: string; has_real_token: boolean }[];
    for (const t of tokens) {
      expect(t.has_real_token).toBe(true);
      expect(t.custom_token).toMatch(/^.{4}…\(\d+ chars\)$/);
    }
    await start(proxy, TEAM, printer.serial);
    const mqtt = await call(proxy, '/admin/mqtt', { token: ADMIN });
    expect(mqtt.status).toBe(200);
    expect(mqtt.json['active_sessions']).toBe(1);
    expect((mqtt.json['sessions'] as Record<string, unknown>[])[0]).toMatchObject({
      device_id: printer.serial,
    });
    expect(mqtt.headers.get('x-ratelimit-limit')).toBe('10');
  });

  it('limits admin calls to 10 per minute', async () => {
    let status = 0;
    for (let i = 0; i < 12 && status !== 429; i++)
      status = (await call(proxy, '/admin/mqtt', { token: ADMIN })).status;
    expect(status).toBe(429);
  });
});

describe('masking', () => {
  it('keeps every token and access code out of answers and logs', () => {
    const secrets = [real, otherReal, TEAM, OTHER, ADMIN, printer.accessCode];
    expect(logLines.length).toBeGreaterThan(0);
    for (const text of [...bodies, ...logLines])
      for (const s of secrets) expect(text).not.toContain(s);
  });
});
