import { describe, expect, it } from 'vitest';
import { BAMBU_PRINTER_CAS } from './bambu-ca.ts';
import { connectionError } from './connection-errors.ts';
import { buildClientOptions, endpointOf } from './connection-options.ts';
import type { LinkTarget } from './connection-options.ts';

const local: LinkTarget = {
  kind: 'local',
  host: '192.168.1.50',
  serial: '01P00A000000001',
  accessCode: '12345678',
};
const cloud: LinkTarget = {
  kind: 'cloud',
  region: 'china',
  uid: '42',
  token: 'SeCrEt-Tkn',
  serial: 'S1',
};
const settings = { clientId: 'farmdeck-test', keepaliveSeconds: 30, connectTimeoutMs: 10_000 };

describe('buildClientOptions', () => {
  it('local: bblp + access code, SNI = serial, Bambu CAs, MQTT 3.1.1, no auto reconnect', () => {
    const o = buildClientOptions(local, undefined, settings);
    expect(o).toMatchObject({
      protocol: 'mqtts',
      host: '192.168.1.50',
      port: 8883,
      protocolVersion: 4,
      clean: true,
      keepalive: 30,
      reconnectPeriod: 0,
      username: 'bblp',
      password: '12345678',
      servername: '01P00A000000001',
      rejectUnauthorized: true,
      clientId: 'farmdeck-test',
    });
    expect(o.ca).toEqual([...BAMBU_PRINTER_CAS]);
  });

  it('tls.ca replaces the default trust; insecure turns verification off', () => {
    expect(buildClientOptions(local, { ca: 'PEM' }, settings).ca).toEqual(['PEM']);
    expect(buildClientOptions(local, { ca: ['A', 'B'] }, settings).ca).toEqual(['A', 'B']);
    expect(buildClientOptions(local, { insecure: true }, settings).rejectUnauthorized).toBe(false);
  });

  it('cloud: regional broker, u_<uid> + token, system CAs', () => {
    const o = buildClientOptions(cloud, undefined, settings);
    expect(o).toMatchObject({
      host: 'cn.mqtt.bambulab.com',
      port: 8883,
      username: 'u_42',
      password: 'SeCrEt-Tkn',
      rejectUnauthorized: true,
    });
    expect(o.ca).toBeUndefined();
    expect(endpointOf({ ...cloud, region: 'global' }).host).toBe('us.mqtt.bambulab.com');
    expect(endpointOf({ ...cloud, host: '127.0.0.1', port: 1883 })).toEqual({
      host: '127.0.0.1',
      port: 1883,
    });
  });
});

describe('connectionError', () => {
  const withCode = (code: string | number, message = 'x') =>
    Object.assign(new Error(message), { code });

  it('CONNACK 4/5 (and v5 134/135) are auth failures that never show the secret', () => {
    for (const code of [4, 5, 134, 135]) {
      const e = connectionError(local, withCode(code));
      expect(e.code).toBe('auth-failed');
      expect(e.message).toContain('access code rejected by printer 01P00A000000001');
      expect(e.message).not.toContain('12345678');
    }
    const c = connectionError(cloud, withCode(5));
    expect(c.message).toMatch(/u_42.*sign in again/);
    expect(c.message).not.toContain('SeCrEt-Tkn');
  });

  it('maps TLS, name and socket errors', () => {
    expect(connectionError(local, withCode('SELF_SIGNED_CERT_IN_CHAIN')).code).toBe(
      'tls-untrusted',
    );
    expect(connectionError(local, withCode('UNABLE_TO_VERIFY_LEAF_SIGNATURE')).message).toMatch(
      /--insecure/,
    );
    const mismatch = Object.assign(withCode('ERR_TLS_CERT_ALTNAME_INVALID'), {
      cert: { subject: { CN: '01P00A999999999' } },
    });
    const wrong = connectionError(local, mismatch);
    expect(wrong.code).toBe('wrong-serial');
    expect(wrong.message).toContain('01P00A999999999');
    const refused = connectionError(local, withCode('ECONNREFUSED'));
    expect(refused.code).toBe('unreachable');
    expect(refused.message).toContain('192.168.1.50:8883');
    expect(connectionError(local, new Error('connack timeout')).code).toBe('unreachable');
  });
});
