import { createFramePainter } from '../sim/camera/frame-painter.ts';
import { startJpegCameraServer } from '../sim/camera/jpeg-camera-server.ts';

/** What the server process tells the benchmark about each camera. */
export interface ServedCamera {
  readonly serial: string;
  readonly accessCode: string;
  readonly port: number;
  readonly certificatePem: string;
}

/**
 * Starts `count` virtual P1S cameras sharing 8 pre-encoded frames (~100 KB each, about a real P1S
 * frame), then sends their addresses to the parent process and serves until killed.
 */
export async function serveCameras(count: number, fps: number): Promise<void> {
  const painter = createFramePainter(92);
  const frames = Array.from({ length: 8 }, (_, i) =>
    Buffer.from(
      painter.frame({
        label: 'BENCH',
        time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
        progress: i * 10,
      }),
    ),
  );
  let n = 0;
  const served: ServedCamera[] = [];
  for (let i = 0; i < count; i++) {
    const serial = `01P00A${String(i).padStart(9, '0')}`;
    const accessCode = String(10_000_000 + i);
    const server = await startJpegCameraServer({
      serial,
      accessCode,
      fps,
      frameSource: () => frames[n++ % frames.length] as Buffer,
    });
    served.push({ serial, accessCode, port: server.port, certificatePem: server.certificatePem });
  }
  process.send?.(served);
}
