import { describe, expect, it } from 'vitest';
import { ConfigError, parseCompatConfig } from './compat-config.ts';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const files: Record<string, string> = { '/etc/farm/p1s.pem': PEM, '/etc/farm/bad.pem': 'nope' };
const ctx = {
  source: 'compatibility_config.json',
  baseDir: '/etc/farm',
  readText: (path: string) =>
    path in files
      ? Promise.resolve(files[path] as string)
      : Promise.reject(Object.assign(new Error('missing'), { code: 'ENOENT' })),
};

describe('parseCompatConfig', () => {
  it("reads the seed's format: cloud devices with username and auth_token", async () => {
    const config = await parseCompatConfig(
      {
        devices: [{ serial: '01P00A123456789', access_code: '12345678', name: 'My Printer' }],
        username: 'u_1234567890',
        auth_token: 'cloud-token-value',
      },
      ctx,
    );
    expect(config.devices).toEqual([
      {
        serial: '01P00A123456789',
        name: 'My Printer',
        connection: 'cloud',
        target: {
          kind: 'cloud',
          region: 'global',
          uid: '1234567890',
          token: 'cloud-token-value',
          serial: '01P00A123456789',
        },
        tls: {},
      },
    ]);
    expect(config.secrets).toEqual(['12345678', 'cloud-token-value']);
  });

  it('reads LAN devices with port, insecure and a CA file relative to the config', async () => {
    const config = await parseCompatConfig(
      {
        devices: [
          {
            serial: '01p00a000000001',
            access_code: '11111111',
            host: '192.168.1.5',
            port: 18883,
            ca_file: 'p1s.pem',
          },
          { serial: '00M00A000000002', access_code: '22222222', host: 'x1.local', insecure: true },
        ],
      },
      ctx,
    );
    expect(config.devices[0]).toMatchObject({
      serial: '01P00A000000001',
      name: '01P00A000000001',
      connection: 'lan',
      target: { kind: 'local', host: '192.168.1.5', port: 18883, accessCode: '11111111' },
      tls: { ca: PEM },
    });
    expect(config.devices[1]).toMatchObject({
      tls: { insecure: true },
      target: { host: 'x1.local' },
    });
  });

  it.each([
    [{}, 'devices'],
    [{ devices: [] }, 'at least one printer'],
    [{ devices: [{ serial: 'bad serial!' }] }, 'devices[0].serial'],
    [{ devices: [{ serial: 'S1', host: '10.0.0.2' }] }, 'access_code is missing'],
    [{ devices: [{ serial: 'S1' }] }, 'username'],
    [{ devices: [{ serial: 'S1' }], username: 'bob@example.com', auth_token: 't' }, 'username'],
    [{ devices: [{ serial: 'S1', access_code: '1', host: 'h', port: 70000 }] }, 'devices[0].port'],
    [
      {
        devices: [
          { serial: 'S1', access_code: '1', host: 'h' },
          { serial: 's1', access_code: '1', host: 'h' },
        ],
      },
      'listed twice',
    ],
    [
      {
        devices: [
          { serial: 'S1', access_code: '1', host: 'h', insecure: true, ca_file: 'p1s.pem' },
        ],
      },
      'both insecure and ca_file',
    ],
    [
      { devices: [{ serial: 'S1', access_code: '1', host: 'h', ca_file: 'absent.pem' }] },
      'cannot be read (ENOENT)',
    ],
    [
      { devices: [{ serial: 'S1', access_code: '1', host: 'h', ca_file: 'bad.pem' }] },
      'no PEM certificate',
    ],
    [
      { devices: [{ serial: 'S1' }], username: 'u_1', auth_token: 't', cloud_mqtt_url: 'http://x' },
      'cloud_mqtt_url',
    ],
  ])('refuses %j with a message naming %s', async (json, expected) => {
    const err = await parseCompatConfig(json, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(expected);
    expect((err as Error).message).toContain('compatibility_config.json');
  });
});
