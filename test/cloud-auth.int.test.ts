import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudAuth } from '../core/cloud/cloud-auth.ts';
import { CloudClient } from '../core/cloud/cloud-client.ts';
import { CloudError } from '../core/cloud/cloud-errors.ts';
import { cloudFetch } from '../core/cloud/cloud-http.ts';
import { mqttUsernameFromToken, tokenExpiresAt } from '../core/cloud/jwt.ts';
import { loadToken, saveToken } from '../core/cloud/token-file.ts';
import { demoAccounts, TOTP_SECRET } from '../sim/cloud/test-support/demo-accounts.ts';
import { totp } from '../sim/cloud/totp.ts';
import type { VirtualCloud } from '../sim/cloud/virtual-cloud-api.ts';
import { startVirtualCloud } from '../sim/cloud/virtual-cloud.ts';

let cloud: VirtualCloud;
let auth: CloudAuth;

beforeAll(async () => {
  cloud = await startVirtualCloud({
    accounts: demoAccounts(),
    mqttPort: false,
    loginsPerMinute: 20,
  });
  auth = new CloudAuth({ apiUrl: cloud.apiUrl });
});
afterAll(() => cloud.close());

async function rejection(p: Promise<unknown>): Promise<CloudError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CloudError);
  return err as CloudError;
}

describe('password login', () => {
  it('returns a JWT token whose exp and username decode', async () => {
    const outcome = await auth.loginWithPassword('pw@example.com', 'pw-secret');
    expect(outcome.kind).toBe('token');
    if (outcome.kind !== 'token') return;
    const { token, expiresAt } = outcome.token;
    expect(mqttUsernameFromToken(token)).toBe('u_1111');
    expect(expiresAt).toBe(tokenExpiresAt(token));
    expect(expiresAt).toBeGreaterThan(Date.now() + 80 * 86_400_000);
    const profile = await new CloudClient({ apiUrl: cloud.apiUrl, token }).getProfile();
    expect(profile.account).toBe('pw@example.com');
  });

  it('rejects a wrong password with wrong-credentials and no secret in the message', async () => {
    const err = await rejection(auth.loginWithPassword('pw@example.com', 'not-it'));
    expect(err.code).toBe('wrong-credentials');
    expect(err.status).toBe(400);
    expect(err.message).not.toContain('not-it');
    expect(err.message).toMatch(/check the email address and password/);
  });

  it('rejects an unknown account the same way', async () => {
    const err = await rejection(auth.loginWithPassword('nobody@example.com', 'x'));
    expect(err.code).toBe('wrong-credentials');
  });

  it('gives opaque tokens an expiry from expiresIn', async () => {
    const outcome = await auth.loginWithPassword('opaque@example.com', 'op-secret');
    if (outcome.kind !== 'token') throw new Error('expected a token');
    expect(outcome.token.token.split('.')).toHaveLength(1);
    expect(mqttUsernameFromToken(outcome.token.token)).toBeNull();
    expect(outcome.token.expiresAt).toBeGreaterThan(Date.now() + 80 * 86_400_000);
  });
});

describe('email code login', () => {
  it('asks for a code, rejects a wrong one, accepts the right one once', async () => {
    const outcome = await auth.loginWithPassword('code@example.com', 'code-secret');
    expect(outcome).toEqual({ kind: 'code-required' });
    const code = cloud.lastCode('code@example.com');
    expect(code).toMatch(/^\d{6}$/);
    expect(cloud.log.some((l) => l.includes(`code for code@example.com: ${code ?? ''}`))).toBe(
      true,
    );
    const wrong = code === '000000' ? '000001' : '000000';
    expect((await rejection(auth.loginWithCode('code@example.com', wrong))).code).toBe(
      'code-wrong',
    );
    const token = await auth.loginWithCode('code@example.com', ` ${code ?? ''} `);
    expect(mqttUsernameFromToken(token.token)).toBe('u_2222');
    // A used code is gone: logging in with it again reads as expired.
    const again = await rejection(auth.loginWithCode('code@example.com', code ?? ''));
    expect(again.code).toBe('code-expired');
    expect(again.message).toMatch(/request a new code/);
  });

  it('reports an expired code and works with a newly requested one', async () => {
    await auth.loginWithPassword('code@example.com', 'code-secret');
    const first = cloud.lastCode('code@example.com') ?? '';
    cloud.expireCode('code@example.com');
    expect((await rejection(auth.loginWithCode('code@example.com', first))).code).toBe(
      'code-expired',
    );
    await auth.requestCode('code@example.com');
    const second = cloud.lastCode('code@example.com') ?? '';
    const token = await auth.loginWithCode('code@example.com', second);
    expect(token.token.length).toBeGreaterThan(20);
  });

  it('login() drives the whole flow through the code callback', async () => {
    const kinds: string[] = [];
    const token = await auth.login('code@example.com', 'code-secret', (kind) => {
      kinds.push(kind);
      return Promise.resolve(cloud.lastCode('code@example.com') ?? '');
    });
    expect(kinds).toEqual(['email']);
    expect(mqttUsernameFromToken(token.token)).toBe('u_2222');
  });

  it('sends China phone accounts an SMS code through the web host', async () => {
    const cn = new CloudAuth({ region: 'china', apiUrl: cloud.apiUrl });
    expect(cn.endpoints.webUrl).toBe(cloud.apiUrl);
    await cn.requestCode('13800138000');
    expect(cloud.log.some((l) => l.startsWith('sms code for 13800138000'))).toBe(true);
    const token = await cn.loginWithCode('13800138000', cloud.lastCode('13800138000') ?? '');
    expect(mqttUsernameFromToken(token.token)).toBe('u_5555');
  });
});

describe('TOTP login', () => {
  it('goes through CSRF and sign-in/tfa and reads the token cookie', async () => {
    const outcome = await auth.loginWithPassword('totp@example.com', 'totp-secret');
    if (outcome.kind !== 'tfa-required') throw new Error(`got ${outcome.kind}`);
    const stale = await rejection(auth.loginWithTotp('unknown-key', totp(TOTP_SECRET)));
    expect(stale.code).toBe('code-expired');
    const bad = await rejection(auth.loginWithTotp(outcome.tfaKey, '12345x'));
    expect(bad.code).toBe('code-wrong');
    const token = await auth.loginWithTotp(outcome.tfaKey, totp(TOTP_SECRET));
    expect(mqttUsernameFromToken(token.token)).toBe('u_3333');
  });

  it('login() asks for a totp code', async () => {
    const token = await auth.login('totp@example.com', 'totp-secret', (kind) => {
      expect(kind).toBe('totp');
      return Promise.resolve(totp(TOTP_SECRET));
    });
    expect(mqttUsernameFromToken(token.token)).toBe('u_3333');
  });

  it('says so when the sign-in page refuses third-party clients', async () => {
    const strict = await startVirtualCloud({
      accounts: demoAccounts(),
      mqttPort: false,
      officialTfaOnly: true,
    });
    try {
      const a = new CloudAuth({ apiUrl: strict.apiUrl });
      const outcome = await a.loginWithPassword('totp@example.com', 'totp-secret');
      if (outcome.kind !== 'tfa-required') throw new Error(`got ${outcome.kind}`);
      const err = await rejection(a.loginWithTotp(outcome.tfaKey, totp(TOTP_SECRET)));
      expect(err.code).toBe('client-rejected');
      expect(err.message).toMatch(/log in with a code sent by email instead/);
    } finally {
      await strict.close();
    }
  });

  it('maps the CSRF 403 to client-rejected', async () => {
    const err = await rejection(
      cloudFetch({ method: 'POST', url: `${cloud.apiUrl}/api/sign-in/tfa`, body: { tfaKey: 'x' } }),
    );
    expect(err.code).toBe('client-rejected');
    expect(err.status).toBe(403);
    expect(err.message).toMatch(/missing_cookie/);
  });
});

describe('login rate limit', () => {
  it('retries a 429 after Retry-After, then gives up with rate-limited', async () => {
    const fast = new CloudAuth({ apiUrl: cloud.apiUrl, maxRetries: 0 });
    let err: CloudError | null = null;
    for (let i = 0; i < 30 && err === null; i++) {
      err = await fast.loginWithPassword('limited@example.com', 'x').then(
        () => null,
        (e: unknown) => (e instanceof CloudError && e.code === 'rate-limited' ? e : null),
      );
    }
    expect(err?.code).toBe('rate-limited');
    expect(err?.status).toBe(429);
    expect(err?.retryAfterMs).toBeGreaterThan(0);
    expect(err?.message).toMatch(/wait \d+ s and try again/);
  });
});

describe('token file', () => {
  it('saves {region, token} with mode 0600 and reads it back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'farmdeck-token-'));
    try {
      const path = join(dir, 'token');
      await saveToken({ region: 'china', token: 'tok-123' }, path);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
        region: 'china',
        token: 'tok-123',
      });
      expect(await loadToken(path)).toEqual({ region: 'china', token: 'tok-123' });
      expect(await loadToken(join(dir, 'missing'))).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
