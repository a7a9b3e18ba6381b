import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FarmCameras, type CameraSink } from '../core/farm/camera-farm.ts';
import type { CameraStatusMessage } from '../shared/contract/camera-channels.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../sim/virtual-printer.ts';

// A viewer (sink) that throws inside the camera's success path must end its stream with a status,
// never become an unhandled rejection (the Vitest setup file fails the test if one happens).

let vp: VirtualPrinter;
let cameras: FarmCameras;

beforeAll(async () => {
  vp = await startVirtualPrinter({ model: 'P1S', reportIntervalMs: 500, camera: true });
  cameras = new FarmCameras((id) =>
    Promise.resolve(
      id === 'p-1'
        ? {
            host: '127.0.0.1',
            port: vp.cameraPort ?? 0,
            serial: vp.serial,
            accessCode: vp.accessCode,
            model: 'P1S',
            tls: { ca: vp.certificatePem },
          }
        : null,
    ),
  );
});

afterAll(async () => {
  cameras?.close();
  await vp?.close();
});

function recordingSink(overrides: Partial<CameraSink> = {}) {
  const statuses: CameraStatusMessage[] = [];
  let ended = false;
  const sink: CameraSink = {
    frame: () => undefined,
    status: (s) => statuses.push(s),
    end: () => (ended = true),
    ...overrides,
  };
  return { sink, statuses, ended: () => ended };
}

describe('camera streams whose viewer throws', () => {
  it('a snapshot viewer that throws on the frame gets a closed status, not a lost rejection', async () => {
    const rec = recordingSink({
      frame: () => {
        throw new Error('viewer went away');
      },
    });
    cameras.open('p-1', 'snapshot', rec.sink);
    await expect.poll(rec.ended, { timeout: 15_000 }).toBe(true);
    expect(rec.statuses.at(-1)).toMatchObject({ state: 'closed' });
    expect(JSON.stringify(rec.statuses)).toContain('viewer went away');
  });

  it('a live viewer whose status handler throws leaves no unhandled rejection', async () => {
    let calls = 0;
    const rec = recordingSink();
    const sink: CameraSink = {
      ...rec.sink,
      status: (s) => {
        calls += 1;
        if (calls === 2) throw new Error('status handler broke');
        rec.sink.status(s);
      },
    };
    const stream = cameras.open('p-1', 'live', sink);
    await expect.poll(() => calls, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 100));
    stream.close();
  });

  it('a viewer that throws even while being told of the end costs nothing', async () => {
    const sink: CameraSink = {
      frame: () => {
        throw new Error('frame');
      },
      status: (s) => {
        if (s.state !== 'connecting') throw new Error('status');
      },
      end: () => {
        throw new Error('end');
      },
    };
    cameras.open('p-1', 'snapshot', sink);
    cameras.open('p-unknown', 'snapshot', { ...sink, status: () => undefined });
    await new Promise((r) => setTimeout(r, 3_000));
  });
});
