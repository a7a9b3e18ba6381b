import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxyServer, type ProxyServer } from '../servers/proxy/proxy-server.ts';
import { TokenSource, writeTokenFile } from '../servers/proxy/proxy-tokens.ts';
import { startHttpCapture, type CaptureListener } from './support/capture-listener.ts';

// Disguised spellings of account paths are classified and forwarded as the one path they mean.

const TOKEN = 'team-token-for-path-tests-0123';
let dir = '';
let upstream: CaptureListener;
let proxy: ProxyServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'farmdeck-proxy-paths-'));
  upstream = await startHttpCapture();
  const file = join(dir, 'tokens.json');
  await writeTokenFile(file, new Map([[TOKEN, 'real-cloud-token']]));
  proxy = await startProxyServer({
    mode: 'strict',
    tokens: new TokenSource(file, () => undefined, Date.now, 0),
    apiUrl: `http://127.0.0.1:${upstream.port}`,
    port: 0,
  });
});

afterAll(async () => {
  await proxy?.close();
  await upstream?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Sends the path exactly as written (fetch would clean it up first). */
async function raw(path: string) {
  const { request } = await import('node:http');
  return new Promise<{ status: number; limit: string | undefined }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: proxy.port, path, headers: { authorization: `Bearer ${TOKEN}` } },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            limit: res.headers['x-ratelimit-limit'] as string | undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('proxy paths', () => {
  it('classifies and forwards every spelling of an account path as the path itself', async () => {
    const spellings = [
      '/v1//user-service/my/profile',
      '/v1/%75ser-service/my/profile',
      '/v1/iot-service/../user-service/my/profile',
      '/v1/./user-service/my/profile?x=1',
    ];
    for (const path of spellings) {
      const answer = await raw(path);
      expect(answer.limit, path).toBe('15');
    }
    const lines = upstream
      .received()
      .split('\n')
      .filter((l) => l.startsWith('GET '));
    expect(lines).toEqual([
      'GET /v1/user-service/my/profile',
      'GET /v1/user-service/my/profile',
      'GET /v1/user-service/my/profile',
      'GET /v1/user-service/my/profile?x=1',
    ]);
  });

  it('device paths keep the device limit; encoded slashes are refused before the cloud', async () => {
    expect((await raw('/v1/iot-service/api/user/bind')).limit).toBe('30');
    const before = upstream.connections;
    expect((await raw('/v1/iot-service%2f..%2fuser-service/my/profile')).status).toBe(400);
    expect(upstream.connections).toBe(before);
  });
});
