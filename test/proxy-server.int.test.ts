import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxyServer, type ProxyServer } from '../servers/proxy/proxy-server.ts';
import { TokenSource, writeTokenFile } from '../servers/proxy/proxy-tokens.ts';
import { startVirtualCloud } from '../sim/cloud/virtual-cloud.ts';
import type { VirtualCloud } from '../sim/cloud/virtual-cloud-api.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../sim/virtual-printer.ts';
import { freePort } from './support/free-port.ts';

// The cloud API proxy in front of the virtual cloud. A recording pass-through sits between the
// proxy and the virtual cloud, so the tests see exactly what reached the "cloud".

const EMAIL = 'team@example.com';
const UID = 2_233_445_566;
const ADMIN = 'admin-token-for-tests-0123456789';

interface Seen {
  method: string;
  path: string;
  authorization: string;
  userAgent: string;
  headers: string[];
  body: string;
}

let dir: string;
let printer: VirtualPrinter;
let cloud: VirtualCloud;
let recorder: Server;
let upstreamUrl: string;
let real: string;
let otherReal: string;
const seen: Seen[] = [];
const logLines: string[] = [];
let strict: ProxyServer;
let full: ProxyServer;
let tokens: TokenSource;
let tokenFile: string;
const proxies: ProxyServer[] = [];

/** Custom tokens, one per concern so rate limits of one test do not touch another. */
const T = {
  main: 'team-main-token-0123456789',
  strict: 'team-strict-token-0123456789',
  rateA: 'team-rate-a-token-0123456789',
  rateB: 'team-rate-b-token-0123456789',
  realtime: 'team-realtime-token-0123456789',
  other: 'other-account-token-0123456789',
};

async function call(
  base: ProxyServer | string,
  path: string,
  init: RequestInit & { token?: string } = {},
): Promise<{ status: number; headers: Headers; text: string; json: Record<string, unknown> }> {
  const headers = new Headers(init.headers);
  if (init.token !== undefined) headers.set('authorization', `Bearer ${init.token}`);
  const res = await fetch((typeof base === 'string' ? base : base.url) + path, {
    ...init,
    headers,
  });
  const text = await res.text();
  let json: Record<string, unknown>;
  try {
    json = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    json = {};
  }
  return { status: res.status, headers: res.headers, text, json };
}

async function startRecorder(target: string): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization ?? '',
        userAgent: req.headers['user-agent'] ?? '',
        headers: Object.keys(req.headers),
        body: body.toString('utf8'),
      });
      const headers: Record<string, string> = {};
      for (const h of ['authorization', 'content-type']) {
        const v = req.headers[h];
        if (typeof v === 'string') headers[h] = v;
      }
      fetch(target + (req.url ?? '/'), {
        method: req.method ?? 'GET',
        headers,
        ...(body.length > 0 ? { body } : {}),
      })
        .then(async (up) => {
          const data = Buffer.from(await up.arrayBuffer());
          res.writeHead(up.status, {
            'content-type': up.headers.get('content-type') ?? 'text/plain',
          });
          res.end(data);
        })
        .catch(() => {
          res.writeHead(502);
          res.end();
        });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

function mqttOfCloud(c: VirtualCloud): { host: string; port: number } {
  const u = new URL(c.mqttUrl ?? '');
  return { host: u.hostname, port: Number(u.port) };
}

async function proxy(
  mode: 'strict' | 'full',
  extra: Partial<Parameters<typeof startProxyServer>[0]> = {},
) {
  const p = await startProxyServer({
    mode,
    tokens,
    apiUrl: upstreamUrl,
    port: 0,
    adminToken: ADMIN,
    log: (l) => logLines.push(l),
    realtime: {
      mqtt: mqttOfCloud(cloud),
      tls: { ca: cloud.mqttCaPem ?? '' },
      link: { reconnect: { initialMs: 100, maxMs: 500 } },
    },
    ...extra,
  });
  proxies.push(p);
  return p;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'proxy-'));
  printer = await startVirtualPrinter({
    model: 'P1S',
    accessCode: 'teamC0de',
    reportIntervalMs: 100,
  });
  cloud = await startVirtualCloud({
    accounts: [
      {
        email: EMAIL,
        password: 'unused-password',
        uid: UID,
        devices: [
          { serial: printer.serial, accessCode: printer.accessCode, mqttPort: printer.mqttPort },
        ],
      },
      { email: 'other@example.com', password: 'unused-password', uid: UID + 1 },
    ],
  });
  real = cloud.issueToken(EMAIL);
  otherReal = cloud.issueToken('other@example.com');
  recorder = await startRecorder(cloud.apiUrl);
  upstreamUrl = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
  tokenFile = join(dir, 'proxy_tokens.json');
  const map = new Map(Object.values(T).map((t) => [t, t === T.other ? otherReal : real]));
  await writeTokenFile(tokenFile, map);
  tokens = new TokenSource(tokenFile, (l) => logLines.push(l), Date.now, 0);
  await tokens.load();
  strict = await proxy('strict');
  full = await proxy('full');
});

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  recorder?.close();
  await cloud?.close();
  await printer?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('proxy info', () => {
  it('answers / and /health in both modes, on loopback', async () => {
    for (const p of [strict, full]) {
      expect(p.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const info = await call(p, '/');
      expect(info.status).toBe(200);
      expect(info.json).toMatchObject({ mode: p.mode, endpoints: { api_base: '/v1/' } });
      expect('warning' in info.json).toBe(p.mode === 'full');
      const health = await call(p, '/health');
      expect(health.status).toBe(200);
      expect(health.json).toMatchObject({
        status: 'healthy',
        mode: p.mode,
        tokens_configured: Object.keys(T).length,
        rate_limits: { device_queries: '30 per minute', user_endpoints: '15 per minute' },
      });
      expect(health.headers.get('x-ratelimit-limit')).toBe('60');
    }
  });

  it('answers unknown paths with a JSON 404', async () => {
    const r = await call(full, '/v2/whatever', { token: T.main });
    expect(r.status).toBe(404);
    expect(r.json['error']).toBe('not-found');
  });
});

describe('token mapping', () => {
  it('forwards with the real token and an honest identity, and masks the answer', async () => {
    const before = seen.length;
    const r = await call(strict, '/v1/iot-service/api/user/bind', { token: T.main });
    expect(r.status).toBe(200);
    const devices = r.json['devices'] as Record<string, unknown>[];
    expect(devices[0]).toMatchObject({ dev_id: printer.serial, dev_access_code: '********' });
    const up = seen.slice(before);
    expect(up).toHaveLength(1);
    expect(up[0]).toMatchObject({
      method: 'GET',
      path: '/v1/iot-service/api/user/bind',
      authorization: `Bearer ${real}`,
    });
    expect(up[0]?.userAgent).toMatch(/^Farmdeck\//);
    expect(up[0]?.headers.some((h) => h.startsWith('x-bbl'))).toBe(false);
    expect(r.text).not.toContain(printer.accessCode);
    expect(r.text).not.toContain(real);
  });

  it('keeps query strings and maps each custom token to its own account', async () => {
    const before = seen.length;
    const r = await call(strict, '/v1/user-service/my/tasks?limit=5', { token: T.other });
    expect(r.status).toBe(200);
    expect(seen.slice(before)[0]).toMatchObject({
      path: '/v1/user-service/my/tasks?limit=5',
      authorization: `Bearer ${otherReal}`,
    });
  });

  it('refuses missing and unknown tokens without calling the cloud', async () => {
    const before = seen.length;
    const none = await call(full, '/v1/iot-service/api/user/bind');
    expect(none.status).toBe(401);
    expect(none.json['error']).toBe('missing-token');
    const wrong = await call(full, '/v1/iot-service/api/user/bind', {
      token: 'not-a-known-token-at-all',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.json['error']).toBe('invalid-token');
    // The real token is not a proxy token.
    expect((await call(full, '/v1/iot-service/api/user/bind', { token: real })).status).toBe(401);
    expect(seen.length).toBe(before);
  });

  it('picks up tokens added to and removed from the file without a restart', async () => {
    const added = 'team-added-later-0123456789';
    expect((await call(strict, '/v1/iot-service/api/user/bind', { token: added })).status).toBe(
      401,
    );
    const map = new Map(Object.values(T).map((t) => [t, t === T.other ? otherReal : real]));
    map.set(added, real);
    await writeTokenFile(tokenFile, map);
    expect((await call(strict, '/v1/iot-service/api/user/bind', { token: added })).status).toBe(
      200,
    );
    map.delete(added);
    await writeTokenFile(tokenFile, map);
    expect((await call(strict, '/v1/iot-service/api/user/bind', { token: added })).status).toBe(
      401,
    );
  });
});

describe('strict mode', () => {
  const methods = ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];
  const paths = [
    '/v1/iot-service/api/user/bind',
    '/v1/iot-service/api/slicer/setting',
    '/v1/iot-service/api/user/device/info',
    '/v1/iot-service/api/user/project',
    '/v1/user-service/my/task',
    '/v1/user-service/user/login',
    '/v1/not/a/real/endpoint',
  ];

  it('refuses every method but GET on every path, and nothing of it reaches the cloud', async () => {
    const before = seen.length;
    for (const path of paths) {
      for (const method of methods) {
        for (const token of [T.strict, 'bogus-token-0123456789', undefined]) {
          const body =
            method === 'HEAD' || method === 'OPTIONS' ? null : '{"dev_id":"x","name":"y"}';
          const r = await call(strict, path, { method, body, ...(token ? { token } : {}) });
          expect(r.status, `${method} ${path}`).toBe(405);
          expect(r.headers.get('allow')).toBe('GET');
          if (method !== 'HEAD')
            expect(r.json).toMatchObject({ error: 'method-not-allowed', allowed_methods: ['GET'] });
        }
      }
    }
    expect(seen.slice(before)).toEqual([]);
    // GET on the same paths is forwarded (whatever the cloud answers).
    for (const path of paths) await call(strict, path, { token: T.strict });
    const forwarded = seen.slice(before);
    expect(forwarded.map((s) => s.path)).toEqual(paths);
    expect(forwarded.every((s) => s.method === 'GET')).toBe(true);
  });
});

describe('full mode', () => {
  it('forwards writes with their bodies', async () => {
    const before = seen.length;
    const created = await call(full, '/v1/iot-service/api/slicer/setting', {
      method: 'POST',
      token: T.main,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'filament', name: 'Team PLA', setting: { a: 1 } }),
    });
    expect(created.status).toBe(200);
    const id = String(created.json['setting_id']);
    expect(id).not.toBe('');
    const renamed = await call(full, '/v1/iot-service/api/user/device/info', {
      method: 'PATCH',
      token: T.main,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dev_id: printer.serial, name: 'Renamed by proxy' }),
    });
    expect(renamed.status).toBe(200);
    const deleted = await call(full, `/v1/iot-service/api/slicer/setting/${id}`, {
      method: 'DELETE',
      token: T.main,
    });
    expect(deleted.status).toBe(200);
    const up = seen.slice(before);
    expect(up.map((s) => s.method)).toEqual(['POST', 'PATCH', 'DELETE']);
    expect(JSON.parse(up[0]?.body ?? '{}')).toMatchObject({ name: 'Team PLA' });
    const bind = await call(full, '/v1/iot-service/api/user/bind', { token: T.main });
    expect((bind.json['devices'] as Record<string, unknown>[])[0]?.['name']).toBe(
      'Renamed by proxy',
    );
  });

  it('passes cloud errors through, masked', async () => {
    const r = await call(full, '/v1/iot-service/api/user/device/info', {
      method: 'PATCH',
      token: T.main,
      body: JSON.stringify({ dev_id: 'NOTMINE', name: 'x' }),
    });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: 12 });
  });

  it('masks camera credentials and signed URLs', async () => {
    const tt = await call(full, '/v1/iot-service/api/user/ttcode', {
      method: 'POST',
      token: T.main,
      body: JSON.stringify({ dev_id: printer.serial }),
    });
    expect(tt.status).toBe(200);
    expect(tt.json).toMatchObject({ ttcode: '********', passwd: '********', authkey: '********' });
    const up = await call(full, '/v1/iot-service/api/user/upload?filename=cube.3mf&size=100', {
      token: T.main,
    });
    expect(up.status).toBe(200);
    const urls = up.json['urls'] as { url: string }[];
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(u.url).toMatch(/\?\[redacted\]$/);
  });

  it('refuses bodies over the limit without forwarding them', async () => {
    const before = seen.length;
    const r = await call(full, '/v1/iot-service/api/slicer/setting', {
      method: 'POST',
      token: T.main,
      body: 'x'.repeat(1024 * 1024 + 10),
    });
    expect(r.status).toBe(413);
    expect(r.json['error']).toBe('body-too-large');
    expect(seen.length).toBe(before);
  });
});

describe('rate limits', () => {
  it('limits user endpoints to 15 per minute per token, with X-RateLimit headers', async () => {
    const before = seen.length;
    const remaining: string[] = [];
    for (let i = 0; i < 15; i++) {
      const r = await call(strict, '/v1/user-service/my/profile', { token: T.rateA });
      expect(r.status).toBe(200);
      expect(r.headers.get('x-ratelimit-limit')).toBe('15');
      remaining.push(r.headers.get('x-ratelimit-remaining') ?? '');
      expect(Number(r.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    }
    expect(remaining[0]).toBe('14');
    expect(remaining[14]).toBe('0');
    const over = await call(strict, '/v1/user-service/my/profile', { token: T.rateA });
    expect(over.status).toBe(429);
    expect(over.json['error']).toBe('rate-limited');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(seen.length - before).toBe(15);
    // Device endpoints have their own budget, and another token its own counter.
    expect((await call(strict, '/v1/iot-service/api/user/bind', { token: T.rateA })).status).toBe(
      200,
    );
    expect((await call(strict, '/v1/user-service/my/profile', { token: T.rateB })).status).toBe(
      200,
    );
  });

  it('limits device endpoints to 30 per minute (configurable)', async () => {
    const p = await proxy('strict', { limits: { default: { limit: 3, windowMs: 60_000 } } });
    for (let i = 0; i < 3; i++) {
      expect((await call(p, '/v1/iot-service/api/user/bind', { token: T.rateB })).status).toBe(200);
    }
    const over = await call(p, '/v1/iot-service/api/user/bind', { token: T.rateB });
    expect(over.status).toBe(429);
    expect(over.headers.get('x-ratelimit-limit')).toBe('3');
  });

  it('answers 429 to an address after many failed token checks', async () => {
    const p = await proxy('strict');
    let last = 0;
    for (let i = 0; i < 21; i++) {
      last = (await call(p, '/v1/iot-service/api/user/bind', { token: `guess-${i}-0123456789` }))
        .status;
    }
    expect(last).toBe(429);
    // Even a valid token waits now: guessing must not be able to continue.
    expect((await call(p, '/v1/iot-service/api/user/bind', { token: T.main })).status).toBe(429);
  });
});

describe('upstream failures', () => {
  it('answers 502 JSON when the cloud cannot be reached', async () => {
    const p = await proxy('strict', { apiUrl: `http://127.0.0.1:${await freePort()}` });
    const r = await call(p, '/v1/iot-service/api/user/bind', { token: T.main });
    expect(r.status).toBe(502);
    expect(r.json['error']).toBe('upstream-unreachable');
    expect((await call(p, '/health')).status).toBe(200);
  });
});
