import { describe, expect, it } from 'vitest';
import { cameraErrorFromSocket } from '../camera/camera-error.ts';
import { toFtpsError } from '../ftps/ftps-error.ts';
import { connectionError } from '../mqtt/connection-errors.ts';
import type { LinkTarget } from '../mqtt/connection-options.ts';
import { checkSerialIdentity } from './printer-tls.ts';
import { classifyNetError, netErrorCode, netFailureAdvice, type NetFailure } from './net-error.ts';

const SERIAL = '01P00A000000001';
const local: LinkTarget = {
  kind: 'local',
  host: '192.168.1.50',
  serial: SERIAL,
  accessCode: '12345678',
};
const camera = { host: '192.168.1.50', port: 6000, serial: SERIAL };
const withCode = (code: string, message = code): Error =>
  Object.assign(new Error(message), { code });

/** What the serial check in printer-tls.ts returns for a certificate of another printer. */
const otherPrinter = (): Error => {
  const cert = { subject: { CN: '01P00A999999999' } } as unknown as Parameters<
    typeof checkSerialIdentity
  >[0];
  const err = checkSerialIdentity(cert, SERIAL);
  if (!err) throw new Error('the serial check accepted another serial');
  return err;
};

const CASES: readonly [string, () => unknown, NetFailure][] = [
  ['ECONNREFUSED', () => withCode('ECONNREFUSED'), 'refused'],
  ['EHOSTUNREACH', () => withCode('EHOSTUNREACH'), 'unreachable'],
  ['ENETUNREACH', () => withCode('ENETUNREACH'), 'unreachable'],
  ['ETIMEDOUT', () => withCode('ETIMEDOUT'), 'timeout'],
  ['ENOTFOUND', () => withCode('ENOTFOUND'), 'dns'],
  ['EAI_AGAIN', () => withCode('EAI_AGAIN'), 'dns'],
  ['ECONNRESET', () => withCode('ECONNRESET'), 'connection-lost'],
  ['EPIPE', () => withCode('EPIPE'), 'connection-lost'],
  ['serial check', otherPrinter, 'wrong-serial'],
  ['ERR_TLS_CERT_ALTNAME_INVALID', () => withCode('ERR_TLS_CERT_ALTNAME_INVALID'), 'wrong-serial'],
  ['SELF_SIGNED_CERT_IN_CHAIN', () => withCode('SELF_SIGNED_CERT_IN_CHAIN'), 'tls-untrusted'],
  ['DEPTH_ZERO_SELF_SIGNED_CERT', () => withCode('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls-untrusted'],
  [
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    () => withCode('UNABLE_TO_VERIFY_LEAF_SIGNATURE'),
    'tls-untrusted',
  ],
  ['CERT_HAS_EXPIRED', () => withCode('CERT_HAS_EXPIRED'), 'tls-untrusted'],
  ['ERR_SSL_WRONG_VERSION_NUMBER', () => withCode('ERR_SSL_WRONG_VERSION_NUMBER'), 'handshake'],
  [
    'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
    () => withCode('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION'),
    'handshake',
  ],
];

describe('classifyNetError', () => {
  it.each(CASES)('%s is %s', (_name, make, failure) => {
    expect(classifyNetError(make())).toBe(failure);
  });

  it('reads lost connections from messages, and leaves other errors alone', () => {
    expect(
      classifyNetError(new Error('Server sent FIN packet unexpectedly, closing connection.')),
    ).toBe('connection-lost');
    expect(classifyNetError(new Error('socket hang up'))).toBe('connection-lost');
    expect(classifyNetError(new Error('530 Login incorrect.'))).toBeNull();
    expect(classifyNetError(Object.assign(new Error('x'), { code: 530 }))).toBeNull();
    expect(classifyNetError('not an error')).toBeNull();
  });

  it('has advice for every class that names the port where it matters', () => {
    expect(netFailureAdvice('refused', 990)).toMatch(/refused on port 990/);
    expect(netFailureAdvice('timeout', 8883)).toMatch(/port 8883/);
    expect(netFailureAdvice('wrong-serial', 990)).toMatch(/another printer answered/);
  });
});

describe('MQTT, FTPS and cameras agree on every class', () => {
  it.each(CASES)('%s', (_name, make, failure) => {
    const code = netErrorCode(failure);
    const mqtt = connectionError(local, make());
    const ftps = toFtpsError(make(), `printer ${SERIAL} at 192.168.1.50`, 'connecting');
    const cam = cameraErrorFromSocket(make(), camera);
    expect({ mqtt: mqtt.code, ftps: ftps.code, camera: cam.code }).toEqual({
      mqtt: code,
      ftps: code,
      camera: code,
    });
    expect({ mqtt: mqtt.reason, ftps: ftps.reason, camera: cam.reason }).toEqual({
      mqtt: failure,
      ftps: failure,
      camera: failure,
    });
  });

  it('a certificate naming another serial is wrong-serial everywhere', () => {
    expect(connectionError(local, otherPrinter()).code).toBe('wrong-serial');
    expect(toFtpsError(otherPrinter(), 'printer', 'connecting').code).toBe('wrong-serial');
    expect(cameraErrorFromSocket(otherPrinter(), camera).code).toBe('wrong-serial');
  });

  it('the connection-level classes are unreachable for every client; TLS failures are tls-untrusted', () => {
    for (const f of ['refused', 'unreachable', 'timeout', 'dns', 'connection-lost'] as const) {
      expect(netErrorCode(f)).toBe('unreachable');
    }
    expect(netErrorCode('handshake')).toBe('tls-untrusted');
    expect(netErrorCode('auth-failed')).toBe('auth-failed');
  });

  it('credentials refused: MQTT CONNACK 5 and FTP 530 both say auth-failed', () => {
    const mqtt = connectionError(
      local,
      Object.assign(new Error('Connection refused: Not authorized'), { code: 5 }),
    );
    const ftps = toFtpsError(
      Object.assign(new Error('530 Login incorrect.'), { code: 530 }),
      'printer',
      'connecting',
    );
    expect([mqtt.code, mqtt.reason, ftps.code, ftps.reason]).toEqual([
      'auth-failed',
      'auth-failed',
      'auth-failed',
      'auth-failed',
    ]);
  });
});
