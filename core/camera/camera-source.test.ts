import { describe, expect, it } from 'vitest';
import { cameraKindOf, cameraSourceFor } from './camera-source.ts';

describe('cameraKindOf', () => {
  const base = { host: 'h', accessCode: 'c' };
  it('follows the model table, from the model name or the serial prefix', () => {
    expect(cameraKindOf({ ...base, serial: '01P00A000000001' })).toBe('jpeg');
    expect(cameraKindOf({ ...base, serial: '00M00A000000001' })).toBe('rtsp');
    expect(cameraKindOf({ ...base, model: 'H2D' })).toBe('rtsp');
    expect(cameraKindOf({ ...base, model: 'C11' })).toBe('jpeg');
  });

  it('believes the report over the table, and defaults to JPEG for unknown printers', () => {
    expect(cameraKindOf({ ...base, serial: '01P00A000000001', reportedRtspUrl: 'disable' })).toBe(
      'rtsp',
    );
    expect(cameraKindOf({ ...base, serial: 'ZZZ0000' })).toBe('jpeg');
    expect(cameraKindOf({ ...base, serial: '00M00A000000001', kind: 'jpeg' })).toBe('jpeg');
  });

  it('takes the stream budget from the model table', () => {
    expect(cameraSourceFor({ ...base, model: 'P1S' }).streamBudget).toBe(2);
    expect(typeof cameraSourceFor({ ...base, model: 'X1C' }).toJpeg).toBe('function');
    expect(typeof cameraSourceFor({ ...base, model: 'P1S' }).toJpeg).toBe('undefined');
  });
});
