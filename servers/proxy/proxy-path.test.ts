import { describe, expect, it } from 'vitest';
import { normalizeProxyPath } from './proxy-path.ts';
import { rateClassOf } from './proxy-limits.ts';

describe('proxy path normalisation', () => {
  it('gives every spelling of a path one form', () => {
    const cases: [string, string][] = [
      ['/v1/user-service/my/profile', '/v1/user-service/my/profile'],
      ['/v1//user-service/my/profile', '/v1/user-service/my/profile'],
      ['//v1///user-service//my/profile', '/v1/user-service/my/profile'],
      ['/v1/%75ser-service/my/profile', '/v1/user-service/my/profile'],
      ['/v1/%75%73%65%72-service/my/profile', '/v1/user-service/my/profile'],
      ['/v1/iot-service/../user-service/my/profile', '/v1/user-service/my/profile'],
      ['/v1/iot-service/%2e%2e/user-service/x', '/v1/user-service/x'],
      ['/v1/./user-service/x', '/v1/user-service/x'],
      ['/v1/../../../etc', '/etc'],
      ['/v1/iot-service/api/user/bind/', '/v1/iot-service/api/user/bind/'],
      ['/v1/a%20b', '/v1/a%20b'],
      ['/v1/a%7e', '/v1/a~'],
      ['/', '/'],
    ];
    for (const [raw, normal] of cases) expect(normalizeProxyPath(raw), raw).toBe(normal);
  });

  it('puts disguised account paths in the user rate class', () => {
    for (const raw of [
      '/v1//user-service/my/profile',
      '/v1/%75ser-service/my/profile',
      '/v1/x/../user-service/my/profile',
    ]) {
      expect(rateClassOf(normalizeProxyPath(raw)), raw).toBe('user');
    }
  });

  it('refuses encoded slashes, backslashes and NULs', () => {
    for (const raw of ['/v1/user-service%2fmy', '/v1/a%5Cb', '/v1/a%00', '/v1/a\\b']) {
      expect(() => normalizeProxyPath(raw), raw).toThrow(/encoded slash/);
    }
  });
});
