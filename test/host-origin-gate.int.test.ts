import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { farmErrorOf } from '../core/farm/farm-errors.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import { parseCompatConfig } from '../servers/compat/compat-config.ts';
import { startCompatServer, type CompatServer } from '../servers/compat/compat-server.ts';
import { startFarmHost, type FarmHost } from '../servers/host/farm-host.ts';
import { startProxyServer, type ProxyServer } from '../servers/proxy/proxy-server.ts';
import { TokenSource, writeTokenFile } from '../servers/proxy/proxy-tokens.ts';

// Every route and socket of every server of ours, over real sockets, against a matrix of Host and
// Origin headers: DNS-rebinding names and foreign origins are refused, the loopback names pass.

const ADMIN = 'admin-token-for-gate-tests-0123456789';
let dir = '';
let engine: FarmEngine;
let host: FarmHost;
let compat: CompatServer;
let proxy: ProxyServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'farmdeck-gate-'));
  await mkdir(join(dir, 'ui', 'assets'), { recursive: true });
  await writeFile(join(dir, 'ui', 'index.html'), '<!doctype html><title>Farmdeck</title>');
  await writeFile(join(dir, 'ui', 'assets', 'app.js'), 'console.log(1)');
  engine = await FarmEngine.start({
    settings: createMemorySettingsStore(),
    secrets: createMemorySecretStore(),
  });
  host = await startFarmHost({ engine, staticDir: join(dir, 'ui'), mapError: farmErrorOf });
  const config = await parseCompatConfig(
    {
      devices: [
        {
          serial: '01P00A000000001',
          access_code: '12345678',
          host: '127.0.0.1',
          port: 1,
          insecure: true,
        },
      ],
    },
    { source: 'gate test', baseDir: dir, readText: () => Promise.resolve('') },
  );
  compat = await startCompatServer({ config, port: 0 });
  const tokenFile = join(dir, 'tokens.json');
  await writeTokenFile(tokenFile, new Map([['team-token-for-gate-tests-0123', 'real-token']]));
  proxy = await startProxyServer({
    mode: 'full',
    tokens: new TokenSource(tokenFile, () => undefined, Date.now, 0),
    apiUrl: 'http://127.0.0.1:1',
    port: 0,
    adminToken: ADMIN,
  });
});

afterAll(async () => {
  await host?.close();
  await engine?.close();
  await compat?.close();
  await proxy?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Route {
  server: string;
  port: () => number;
  method: 'GET' | 'POST';
  path: string;
  upgrade?: boolean;
  headers?: Record<string, string>;
}

const ROUTES: Route[] = [
  { server: 'host', port: () => host.port, method: 'GET', path: '/' },
  { server: 'host', port: () => host.port, method: 'GET', path: '/assets/app.js' },
  {
    server: 'host',
    port: () => host.port,
    method: 'POST',
    path: '/api/print-upload?name=a.3mf',
    headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': '0' },
  },
  { server: 'host', port: () => host.port, method: 'GET', path: '/ws', upgrade: true },
  {
    server: 'host',
    port: () => host.port,
    method: 'GET',
    path: '/camera?printer=p-none&mode=live',
    upgrade: true,
  },
  { server: 'compat', port: () => compat.port, method: 'GET', path: '/' },
  { server: 'compat', port: () => compat.port, method: 'GET', path: '/api/v1/devices' },
  { server: 'compat', port: () => compat.port, method: 'GET', path: '/health' },
  { server: 'proxy', port: () => proxy.port, method: 'GET', path: '/health' },
  { server: 'proxy', port: () => proxy.port, method: 'GET', path: '/v1/iot-service/api/user/bind' },
  {
    server: 'proxy',
    port: () => proxy.port,
    method: 'GET',
    path: '/admin/tokens',
    headers: { Authorization: `Bearer ${ADMIN}` },
  },
];

/** Sends one raw request (exact headers, or none) and resolves with the status of the answer. */
function statusOf(
  port: number,
  route: Route,
  hostHeader: string | null,
  origin: string | null,
  version = '1.1',
): Promise<number> {
  const lines = [`${route.method} ${route.path} HTTP/${version}`];
  if (hostHeader !== null) lines.push(`Host: ${hostHeader}`);
  if (origin !== null) lines.push(`Origin: ${origin}`);
  for (const [k, v] of Object.entries(route.headers ?? {})) lines.push(`${k}: ${v}`);
  if (route.upgrade) {
    lines.push(
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    );
  } else {
    lines.push('Connection: close');
  }
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (match) {
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`no status line: ${JSON.stringify(text)}`)));
    socket.write(lines.join('\r\n') + '\r\n\r\n');
  });
}

const REFUSED_HOSTS = (port: number): [string, string | null][] => [
  ['rebinding name with a 127.0.0.1 prefix', `127.0.0.1.evil.example:${port}`],
  ['rebinding name with a localhost prefix', `localhost.evil.example:${port}`],
  ['nip.io-style name', `127.1.2.3.nip.example:${port}`],
  ['another name', `evil.example:${port}`],
  ['localhost with a trailing dot', `localhost.:${port}`],
  ['another loopback address', `127.0.0.2:${port}`],
  ['IPv4-mapped IPv6', `[::ffff:127.0.0.1]:${port}`],
  ['long form of ::1', `[0:0:0:0:0:0:0:1]:${port}`],
  ['::1 without brackets', `::1:${port}`],
  ['wrong port', `127.0.0.1:${port === 1 ? 2 : port - 1}`],
  ['no port', '127.0.0.1'],
  ['empty Host', ''],
];

const ACCEPTED_HOSTS = (port: number): [string, string][] => [
  ['127.0.0.1', `127.0.0.1:${port}`],
  ['localhost', `localhost:${port}`],
  ['[::1]', `[::1]:${port}`],
  ['upper-case LOCALHOST', `LOCALHOST:${port}`],
];

describe.each(ROUTES)('$server $method $path', (route) => {
  it('refuses every Host that is not exactly a loopback name with the port (421)', async () => {
    const port = route.port();
    for (const [what, value] of REFUSED_HOSTS(port)) {
      expect(await statusOf(port, route, value, null), what).toBe(421);
    }
    // HTTP/1.0 may leave Host out; HTTP/1.1 without Host is malformed (Node answers 400 itself).
    expect(await statusOf(port, route, null, null, '1.0'), 'missing Host (1.0)').toBe(421);
    expect(await statusOf(port, route, null, null), 'missing Host (1.1)').toBeGreaterThanOrEqual(
      400,
    );
  });

  it('accepts the loopback names with the port', async () => {
    const port = route.port();
    for (const [what, value] of ACCEPTED_HOSTS(port)) {
      const status = await statusOf(port, route, value, null);
      expect([421, 403], what).not.toContain(status);
      expect(status, what).toBeLessThan(500);
    }
  });

  it('refuses a foreign Origin (403) and accepts its own', async () => {
    const port = route.port();
    const hostHeader = `127.0.0.1:${port}`;
    const foreign = [
      'http://evil.example',
      `http://127.0.0.1.evil.example:${port}`,
      `http://localhost:${port}`,
      `http://127.0.0.1:${port === 1 ? 2 : port - 1}`,
      `http://127.0.0.1`,
      'null',
      'file://',
    ];
    for (const origin of foreign) {
      expect(await statusOf(port, route, hostHeader, origin), origin).toBe(403);
    }
    const own = await statusOf(port, route, hostHeader, `http://${hostHeader}`);
    expect([421, 403]).not.toContain(own);
    // A rebinding page sends its own name as Origin and Host alike: Host stops it first.
    const rebound = `127.0.0.1.evil.example:${port}`;
    expect(await statusOf(port, route, rebound, `http://${rebound}`)).toBe(421);
  });
});

describe('the shared loopback predicate', () => {
  it('calls only real loopback addresses loopback', async () => {
    const { isLoopback } = await import('../servers/common/request-gate.ts');
    for (const yes of ['127.0.0.1', '127.5.6.7', 'localhost', '::1', '[::1]', 'LOCALHOST']) {
      expect(isLoopback(yes), yes).toBe(true);
    }
    for (const no of [
      '127.0.0.1.evil.example',
      '127.1.2.3.nip.example',
      'localhost.evil.example',
      '0.0.0.0',
      '::',
      '192.168.1.5',
      '127.0.0.1:80',
    ]) {
      expect(isLoopback(no), no).toBe(false);
    }
  });
});
