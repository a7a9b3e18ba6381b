import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PRINTER_FLAGS, UsageError, parseToolArgs, resolvePrinterConnection } from './args.ts';

const resolve = (argv: string[], env = {}) => {
  const { values, positionals } = parseToolArgs(argv, PRINTER_FLAGS);
  return resolvePrinterConnection(values, positionals, env);
};

const dir = mkdtempSync(join(tmpdir(), 'farmdeck-args-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolvePrinterConnection: LAN', () => {
  it('builds a local target with the default port left to the link', () => {
    const c = resolve([
      '--host',
      '192.168.1.50',
      '--serial',
      '01P00A3B1300123',
      '--access-code',
      '12345678',
    ]);
    expect(c.target).toEqual({
      kind: 'local',
      host: '192.168.1.50',
      serial: '01P00A3B1300123',
      accessCode: '12345678',
    });
    expect(c.tls).toEqual({});
    expect(c.secrets).toEqual(['12345678']);
  });

  it('takes --port and the access code from BAMBU_ACCESS_CODE; the flag wins over the variable', () => {
    const base = ['--host', 'h', '--serial', 'S1', '--port', '18883'];
    expect(resolve(base, { BAMBU_ACCESS_CODE: 'fromenv' }).target).toMatchObject({
      port: 18883,
      accessCode: 'fromenv',
    });
    expect(
      resolve([...base, '--access-code', 'flag'], { BAMBU_ACCESS_CODE: 'fromenv' }).target,
    ).toMatchObject({ accessCode: 'flag' });
  });

  it.each([
    [['--host', 'h', '--serial', 'S1', '--access-code', 'c', '--port', '0'], /--port must be/],
    [['--host', 'h', '--serial', 'S1', '--access-code', 'c', '--port', '70000'], /--port must be/],
    [['--host', 'h', '--serial', 'S1', '--access-code', 'c', '--port', '88x'], /--port must be/],
    [['--host', 'h', '--serial', 'dev/#', '--access-code', 'c'], /not a serial number/],
    [['--host', 'h', '--access-code', 'c'], /missing --serial/],
    [['--host', '', '--serial', 'S1', '--access-code', 'c'], /--host is empty/],
    [['--host', 'h', '--serial', 'S1'], /missing access code/],
    [['--host', 'h', '--serial', 'S1', '--access-code', 'c', '--region', 'china'], /cloud mode/],
    [['--serial', 'S1', '--access-code', 'c'], /say which printer/],
    [
      ['--host', 'h', '--serial', 'S1', '--access-code', 'c', '--ca', 'x', '--insecure'],
      /contradict/,
    ],
    [
      ['--host', 'h', '--serial', 'S1', '--access-code', 'c', '--ca', '/no/such.pem'],
      /cannot read/,
    ],
    [['--nope'], /unknown option --nope/],
    [['--host'], /--host/],
  ])('rejects %j', (argv, message) => {
    expect(() => resolve(argv)).toThrow(UsageError);
    expect(() => resolve(argv)).toThrow(message);
  });

  it('reads --ca as PEM text and refuses a file without a certificate', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    writeFileSync(join(dir, 'ca.pem'), pem);
    writeFileSync(join(dir, 'junk.txt'), 'hello');
    const base = ['--host', 'h', '--serial', 'S1', '--access-code', 'c'];
    expect(resolve([...base, '--ca', join(dir, 'ca.pem')]).tls).toEqual({ ca: pem });
    expect(() => resolve([...base, '--ca', join(dir, 'junk.txt')])).toThrow(/no PEM certificate/);
    expect(resolve([...base, '--insecure']).tls).toEqual({ insecure: true });
  });

  it('never puts the access code into a usage error', () => {
    const argv = ['--host', 'h', '--serial', 'S1', '--access-code', 'sekrit99', '--port', 'bad'];
    expect(() => resolve(argv)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('sekrit99') as unknown }),
    );
  });
});

describe('resolvePrinterConnection: cloud', () => {
  it('takes UID TOKEN DEVICE_ID with the global region by default', () => {
    const c = resolve(['1234567', 'tok', '01P00A3B1300123']);
    expect(c.target).toEqual({
      kind: 'cloud',
      region: 'global',
      uid: '1234567',
      token: 'tok',
      serial: '01P00A3B1300123',
    });
    expect(c.secrets).toEqual(['tok']);
  });

  it('takes UID DEVICE_ID with BAMBU_TOKEN, a u_ prefix, --region and --mqtt-url', () => {
    const c = resolve(
      ['u_42', 'S1', '--region', 'china', '--mqtt-url', 'mqtts://127.0.0.1:18884'],
      {
        BAMBU_TOKEN: 'envtok',
      },
    );
    expect(c.target).toEqual({
      kind: 'cloud',
      region: 'china',
      uid: '42',
      token: 'envtok',
      serial: 'S1',
      host: '127.0.0.1',
      port: 18884,
    });
    expect(resolve(['1', 't', 'S1', '--mqtt-url', 'mqtts://[::1]']).target).toMatchObject({
      host: '::1',
      port: 8883,
    });
  });

  it.each([
    [['1', 'S1'], /UID TOKEN DEVICE_ID/],
    [['1', 't', 'S1', 'extra'], /got 4/],
    [['abc', 't', 'S1'], /numeric/],
    [['1', 't', 'S1', '--region', 'eu'], /--region must be global or china/],
    [['1', 't', 'S1', '--mqtt-url', 'mqtt://h:1883'], /mqtts:/],
    [['1', 't', 'S1', '--mqtt-url', 'not a url'], /not a URL/],
    [['1', 't', 'S1', '--host', 'h'], /--host is for a printer on your network/],
  ])('rejects %j', (argv, message) => {
    expect(() => resolve(argv)).toThrow(message);
  });
});
