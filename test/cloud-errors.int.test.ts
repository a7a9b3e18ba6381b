import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudClient } from '../core/cloud/cloud-client.ts';
import { CloudError } from '../core/cloud/cloud-errors.ts';
import { demoAccounts } from '../sim/cloud/test-support/demo-accounts.ts';
import type { CloudFault, VirtualCloud } from '../sim/cloud/virtual-cloud-api.ts';
import { startVirtualCloud } from '../sim/cloud/virtual-cloud.ts';

let cloud: VirtualCloud;
let token: string;
let client: CloudClient;
const BIND = '/v1/iot-service/api/user/bind';

beforeAll(async () => {
  cloud = await startVirtualCloud({ accounts: demoAccounts(), mqttPort: false });
  token = cloud.issueToken('pw@example.com');
  client = new CloudClient({ apiUrl: cloud.apiUrl, token, retryBaseMs: 50 });
});
afterAll(() => cloud.close());

async function failure(p: Promise<unknown>): Promise<CloudError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CloudError);
  const e = err as CloudError;
  expect(e.message).not.toContain(token);
  return e;
}

async function withFault(fault: CloudFault, run: () => Promise<unknown>): Promise<CloudError> {
  cloud.inject(fault);
  return failure(run());
}

describe('401', () => {
  it('an expired token reads "token expired or revoked: log in again"', async () => {
    const short = new CloudClient({
      apiUrl: cloud.apiUrl,
      token: cloud.issueToken('opaque@example.com'),
    });
    await short.getProfile();
    cloud.expireTokens('opaque@example.com');
    const err = await failure(short.getProfile());
    expect(err).toMatchObject({ code: 'token-expired', status: 401, apiCode: 4 });
    expect(err.message).toBe('token expired or revoked: log in again');
    // Other accounts keep working.
    expect((await client.getProfile()).uid).toBe(1111);
  });

  it('an unknown token is refused the same way', async () => {
    const bogus = new CloudClient({ apiUrl: cloud.apiUrl, token: 'not-a-token' });
    expect((await failure(bogus.listDevices())).code).toBe('token-expired');
  });

  it('a JWT past its exp is detectable before any request', () => {
    const t = cloud.issueToken('pw@example.com', -10);
    const c = new CloudClient({ apiUrl: cloud.apiUrl, token: t });
    expect(c.tokenExpiresAt).toBeLessThan(Date.now());
  });
});

describe('403', () => {
  it('code 8 on the iot task endpoint is forbidden', async () => {
    const err = await failure(client.call('GET', '/v1/iot-service/api/user/task/123'));
    expect(err).toMatchObject({ code: 'forbidden', status: 403, apiCode: 8 });
    expect(err.message).toMatch(/Resource forbidden/);
  });

  it('a Cloudflare challenge page is recognised', async () => {
    const err = await withFault({ kind: 'cloudflare-403', path: BIND }, () => client.listDevices());
    expect(err).toMatchObject({ code: 'cloudflare', status: 403 });
    expect(err.message).toMatch(/blocked by Cloudflare/);
  });
});

describe('429', () => {
  it('honours Retry-After and succeeds on retry', async () => {
    cloud.inject({ kind: 'rate-limit', path: BIND, retryAfterSec: 1, count: 1 });
    const started = Date.now();
    const devices = await client.listDevices();
    expect(devices).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('gives up after the bounded retries', async () => {
    const c = new CloudClient({ apiUrl: cloud.apiUrl, token, maxRetries: 1 });
    const err = await withFault(
      { kind: 'rate-limit', path: BIND, retryAfterSec: 1, count: 2 },
      () => c.listDevices(),
    );
    expect(err).toMatchObject({ code: 'rate-limited', status: 429, retryAfterMs: 1000 });
  });

  it('fails at once when Retry-After is longer than it will wait', async () => {
    const c = new CloudClient({ apiUrl: cloud.apiUrl, token, maxRetryDelayMs: 500 });
    const started = Date.now();
    const err = await withFault({ kind: 'rate-limit', path: BIND, retryAfterSec: 120 }, () =>
      c.listDevices(),
    );
    expect(err.code).toBe('rate-limited');
    expect(err.message).toMatch(/wait 120 s/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a Cloudflare 429 page is reported as Cloudflare, not retried', async () => {
    const err = await withFault({ kind: 'cloudflare-429', path: BIND }, () => client.listDevices());
    expect(err).toMatchObject({ code: 'cloudflare', status: 429 });
  });

  it('the per-token request limit answers 429 with Retry-After', async () => {
    const limited = await startVirtualCloud({
      accounts: demoAccounts(),
      mqttPort: false,
      requestsPerMinute: 3,
    });
    try {
      const c = new CloudClient({
        apiUrl: limited.apiUrl,
        token: limited.issueToken('pw@example.com'),
        maxRetryDelayMs: 100,
      });
      for (let i = 0; i < 3; i++) await c.getProfile();
      const err = await failure(c.getProfile());
      expect(err.code).toBe('rate-limited');
      expect(err.retryAfterMs).toBeGreaterThan(1000);
    } finally {
      await limited.close();
    }
  });
});

describe('5xx and bad bodies', () => {
  it('a 500 is a server-error', async () => {
    const err = await withFault({ kind: 'server-error', path: BIND }, () => client.listDevices());
    expect(err).toMatchObject({ code: 'server-error', status: 500 });
    expect(err.message).toMatch(/try again later/);
  });

  it('a 503 on a GET is retried', async () => {
    cloud.inject({ kind: 'unavailable', path: BIND, count: 2 });
    expect(await client.listDevices()).toHaveLength(2);
    const once = new CloudClient({ apiUrl: cloud.apiUrl, token, maxRetries: 0 });
    const err = await withFault({ kind: 'unavailable', path: BIND }, () => once.listDevices());
    expect(err).toMatchObject({ code: 'server-error', status: 503 });
  });

  it('malformed JSON is a bad-response', async () => {
    const err = await withFault({ kind: 'malformed-json', path: BIND }, () => client.listDevices());
    expect(err.code).toBe('bad-response');
    expect(err.message).toMatch(/malformed JSON/);
  });

  it('an empty 400 says the cloud wants its own client', async () => {
    const err = await withFault({ kind: 'empty-400', path: BIND }, () => client.listDevices());
    expect(err).toMatchObject({ code: 'client-rejected', status: 400 });
  });

  it('unknown routes are not-found, wrong methods method-not-allowed', async () => {
    expect((await failure(client.call('GET', '/v1/iot-service/api/user/files'))).code).toBe(
      'not-found',
    );
    expect((await failure(client.call('POST', '/v1/iot-service/api/user/print'))).code).toBe(
      'method-not-allowed',
    );
  });
});

describe('transport', () => {
  it('times out a request that gets no answer', async () => {
    const c = new CloudClient({ apiUrl: cloud.apiUrl, token, timeoutMs: 300 });
    const err = await withFault({ kind: 'hang', path: BIND }, () => c.listDevices());
    expect(err.code).toBe('timeout');
    expect(err.message).toMatch(/no answer from 127\.0\.0\.1:\d+ within/);
  });

  it('reports a refused connection as network', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const c = new CloudClient({ apiUrl: `http://127.0.0.1:${port}`, token });
    const err = await failure(c.listDevices());
    expect(err.code).toBe('network');
    expect(err.message).toMatch(/could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });
});
