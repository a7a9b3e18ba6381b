import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { gateRequest, loopbackHostMatches, sameOrigin } from './request-gate.ts';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('request gate', () => {
  it('takes the bare name only on port 80, and the bound literal besides the three names', () => {
    const on80 = { bindHost: '127.0.0.1', port: 80 };
    expect(loopbackHostMatches('localhost', on80)).toBe(true);
    expect(loopbackHostMatches('localhost:80', on80)).toBe(true);
    expect(loopbackHostMatches('localhost', { bindHost: '127.0.0.1', port: 8080 })).toBe(false);
    const other = { bindHost: '127.0.0.5', port: 9000 };
    expect(loopbackHostMatches('127.0.0.5:9000', other)).toBe(true);
    expect(loopbackHostMatches('127.0.0.6:9000', other)).toBe(false);
    expect(loopbackHostMatches('[::1]:9000', { bindHost: '::1', port: 9000 })).toBe(true);
  });

  it('checks Host only on loopback binds; Origin everywhere', () => {
    const lan = { bindHost: '0.0.0.0', port: 4477 };
    expect(gateRequest(req({ host: 'farm.lan:4477' }), lan)).toBeNull();
    expect(
      gateRequest(req({ host: 'farm.lan:4477', origin: 'http://evil.example' }), lan),
    ).toMatchObject({ status: 403 });
    expect(
      gateRequest(req({ host: 'farm.lan:4477' }), { ...lan, bindHost: '127.0.0.1' }),
    ).toMatchObject({ status: 421 });
  });

  it('accepts the own origin over http or https (behind a TLS front), nothing else', () => {
    expect(sameOrigin(req({ host: 'farm.lan:443', origin: 'https://farm.lan:443' }))).toBe(true);
    expect(sameOrigin(req({ host: 'farm.lan', origin: 'http://farm.lan' }))).toBe(true);
    expect(sameOrigin(req({ host: 'farm.lan', origin: 'http://farm.lan.evil' }))).toBe(false);
    expect(sameOrigin(req({ origin: 'http://farm.lan' }))).toBe(false);
    expect(sameOrigin(req({ host: 'farm.lan' }))).toBe(true);
  });
});
