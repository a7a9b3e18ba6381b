import { describe, expect, it } from 'vitest';
import { decodeCameraFrame, encodeCameraFrame, parseCameraStatus } from './camera-channels.ts';
import { CameraOpenRequest, cameraViewOf } from './camera-schemas.ts';

const view = (serial: string, state: { model?: string | null; rtspUrl?: string | null } | null) =>
  ({
    serial,
    state: state && { model: state.model ?? null, rtspUrl: state.rtspUrl ?? null },
  }) as Parameters<typeof cameraViewOf>[0];

describe('camera wire format', () => {
  it('round-trips every frame kind with its payload unchanged', () => {
    for (const kind of ['jpeg', 'mp4-init', 'mp4-fragment'] as const) {
      const data = new Uint8Array([0xff, 0xd8, 0xff, 7, 0xff, 0xd9]);
      const decoded = decodeCameraFrame(encodeCameraFrame(kind, data));
      expect(decoded?.kind).toBe(kind);
      expect([...(decoded?.data ?? [])]).toEqual([...data]);
    }
  });

  it('refuses unknown kinds and empty payloads', () => {
    expect(decodeCameraFrame(new Uint8Array([9, 1, 2]))).toBeNull();
    expect(decodeCameraFrame(new Uint8Array([1]))).toBeNull();
  });

  it('parses status texts and nothing else', () => {
    expect(
      parseCameraStatus('{"type":"status","state":"retrying","message":"m","code":"unreachable"}'),
    ).toEqual({
      type: 'status',
      state: 'retrying',
      message: 'm',
      code: 'unreachable',
    });
    expect(parseCameraStatus('{"type":"status","state":"exploded"}')).toBeNull();
    expect(parseCameraStatus('not json')).toBeNull();
    expect(parseCameraStatus('null')).toBeNull();
  });

  it('validates camera open requests', () => {
    expect(CameraOpenRequest.safeParse({ printerId: 'p-1', mode: 'live' }).success).toBe(true);
    expect(CameraOpenRequest.safeParse({ printerId: '', mode: 'live' }).success).toBe(false);
    expect(CameraOpenRequest.safeParse({ printerId: 'p-1', mode: 'video' }).success).toBe(false);
  });
});

describe('cameraViewOf', () => {
  it('uses the report: an RTSP URL means video, "disable" means live view is off', () => {
    expect(
      cameraViewOf(
        view('00M09A000000000', { model: 'X1C', rtspUrl: 'rtsps://10.0.0.5/streaming/live/1' }),
      ),
    ).toEqual({
      kind: 'rtsp',
      grid: 'live',
      disabled: false,
    });
    expect(
      cameraViewOf(view('0948AB000000000', { model: 'H2D', rtspUrl: 'disable' })).disabled,
    ).toBe(true);
  });

  it('falls back to the model, then the serial prefix, then JPEG with a snapshot tile', () => {
    expect(cameraViewOf(view('01P00A000000000', null))).toEqual({
      kind: 'jpeg',
      grid: 'live',
      disabled: false,
    });
    expect(cameraViewOf(view('00M00A000000000', { model: 'X1C' })).kind).toBe('rtsp');
    // Unknown model: its stream budget is unknown, so the grid shows a slowly refreshed still.
    expect(cameraViewOf(view('ZZZ00A000000000', null))).toEqual({
      kind: 'jpeg',
      grid: 'snapshot',
      disabled: false,
    });
  });
});
