import { describe, expect, it } from 'vitest';
import { CameraError } from '../camera/camera-error.ts';
import { statusMessageOf } from './camera-farm.ts';
import { cameraTargetKey, cameraTargetOf } from './camera-target.ts';
import type { StoredPrinter } from './ports.ts';

const printer: StoredPrinter = {
  id: 'p-1',
  name: 'Rack A',
  host: '192.168.1.40',
  port: 8883,
  serial: '01P00A123456789',
  tls: { mode: 'custom-ca', caPem: 'PEM' },
};

describe('cameraTargetOf', () => {
  it('takes host, serial, trust and the camera port override from the printer', () => {
    const target = cameraTargetOf({ ...printer, cameraPort: 46001 }, null, '12345678');
    expect(target).toMatchObject({
      host: '192.168.1.40',
      serial: '01P00A123456789',
      accessCode: '12345678',
      port: 46001,
      tls: { ca: 'PEM' },
      model: null,
    });
    expect(cameraTargetOf(printer, null, 'x').port).toBeUndefined();
  });

  it('keys targets without the access code, and changes the key when the route changes', () => {
    const a = cameraTargetOf(printer, null, 'secret-one');
    const b = cameraTargetOf(printer, null, 'secret-two');
    expect(cameraTargetKey(a)).toBe(cameraTargetKey(b));
    expect(cameraTargetKey(a)).not.toContain('secret');
    const moved = cameraTargetOf({ ...printer, cameraPort: 7000 }, null, 'secret-one');
    expect(cameraTargetKey(moved)).not.toBe(cameraTargetKey(a));
  });
});

describe('statusMessageOf', () => {
  it('carries the reason and code of a failure, and nothing else when all is well', () => {
    expect(statusMessageOf({ state: 'live' })).toEqual({ type: 'status', state: 'live' });
    const error = new CameraError('unreachable', 'camera of printer X unreachable');
    expect(statusMessageOf({ state: 'retrying', error, retryInMs: 1000 })).toEqual({
      type: 'status',
      state: 'retrying',
      message: 'camera of printer X unreachable',
      code: 'unreachable',
    });
    expect(statusMessageOf({ state: 'closed' })).toEqual({ type: 'status', state: 'closed' });
  });
});
