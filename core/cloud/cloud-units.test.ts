import { describe, expect, it } from 'vitest';
import { Preference } from './cloud-schemas.ts';
import { CloudError } from './cloud-errors.ts';
import { resolveEndpoints } from './endpoints.ts';
import { parseWith, unwrapEnvelope } from './envelope.ts';
import { decodeJwtPayload, isTokenExpired, mqttUsernameFromToken, tokenExpiresAt } from './jwt.ts';
import { backoffDelay, parseRetryAfter } from './retry-after.ts';
import { cookieValue } from './cloud-auth.ts';

const jwt = (payload: object) =>
  ['eyJhbGciOiJIUzI1NiJ9', Buffer.from(JSON.stringify(payload)).toString('base64url'), 'sig'].join(
    '.',
  );

describe('jwt', () => {
  it('reads exp and username from a JWT-shaped token', () => {
    const t = jwt({ username: 'u_42', exp: 2_000_000_000 });
    expect(decodeJwtPayload(t)).toEqual({ username: 'u_42', exp: 2_000_000_000 });
    expect(tokenExpiresAt(t)).toBe(2_000_000_000_000);
    expect(mqttUsernameFromToken(t)).toBe('u_42');
    expect(isTokenExpired(t, 2_000_000_000_001)).toBe(true);
    expect(isTokenExpired(t, 1_000)).toBe(false);
  });

  it('answers null for opaque or broken tokens', () => {
    for (const t of ['AABopaque', 'a.b', 'a.!!!.c', jwt({ username: 'someone@example.com' })]) {
      expect(tokenExpiresAt(t)).toBeNull();
      expect(mqttUsernameFromToken(t)).toBeNull();
      expect(isTokenExpired(t)).toBe(false);
    }
  });
});

describe('retry-after', () => {
  it('parses seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('1.5')).toBe(1500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });

  it('backs off exponentially and never beyond the cap', () => {
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, null, 500, 3000))).toEqual([
      500, 1000, 2000, 3000,
    ]);
    expect(backoffDelay(0, 1200, 500, 3000)).toBe(1200);
    expect(backoffDelay(0, 99_000, 500, 3000)).toBe(3000);
  });
});

describe('endpoints', () => {
  it('knows both regions', () => {
    expect(resolveEndpoints()).toEqual({
      region: 'global',
      apiUrl: 'https://api.bambulab.com',
      webUrl: 'https://bambulab.com',
      mqttUrl: 'mqtts://us.mqtt.bambulab.com:8883',
    });
    expect(resolveEndpoints({ region: 'china' }).mqttUrl).toBe('mqtts://cn.mqtt.bambulab.com:8883');
  });

  it('uses an overridden API URL as the web origin too', () => {
    const e = resolveEndpoints({ apiUrl: 'http://127.0.0.1:9/', mqttUrl: 'mqtts://127.0.0.1:1' });
    expect(e).toMatchObject({ apiUrl: 'http://127.0.0.1:9', webUrl: 'http://127.0.0.1:9' });
    expect(e.mqttUrl).toBe('mqtts://127.0.0.1:1');
  });
});

describe('envelopes', () => {
  it('unwraps A, B and D', () => {
    expect(
      unwrapEnvelope({ message: 'success', code: null, error: null, devices: [] }, 'x'),
    ).toHaveProperty('devices');
    expect(unwrapEnvelope({ total: 1, hits: [] }, 'x')).toEqual({ total: 1, hits: [] });
    expect(unwrapEnvelope({ code: 0, message: 'Success', data: { devices: [1] } }, 'x')).toEqual({
      devices: [1],
    });
  });

  it('turns a 200 with an error code into an error', () => {
    expect(() =>
      unwrapEnvelope({ code: 11, message: 'Wrong file format', error: 'x' }, 'PATCH p'),
    ).toThrow(/PATCH p: the cloud reported error 11/);
    expect(() => unwrapEnvelope([1], 'x')).toThrow(CloudError);
  });

  it('names the field of a wrong shape', () => {
    expect(() => parseWith(Preference, { uid: 'abc' }, 'GET pref')).toThrow(
      /GET pref: unexpected answer shape at uid/,
    );
    expect(parseWith(Preference, { uid: 7, extra: true }, 'x')).toEqual({ uid: 7, extra: true });
  });
});

describe('cookies', () => {
  it('finds a cookie among Set-Cookie lines', () => {
    const lines = ['a=1; Path=/', 'token=abc%3D; HttpOnly', 'empty=; Path=/'];
    expect(cookieValue(lines, 'token')).toBe('abc=');
    expect(cookieValue(lines, 'empty')).toBeNull();
    expect(cookieValue(lines, 'missing')).toBeNull();
  });
});
