import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpegJs from 'jpeg-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCamera } from '../cli/camera-command.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../sim/virtual-printer.ts';

let dir: string;
const printers: VirtualPrinter[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'camera-vp-'));
});
afterEach(async () => {
  await Promise.all(printers.splice(0).map((p) => p.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function snapshot(printer: VirtualPrinter, file: string): Promise<number> {
  const ca = join(dir, `${printer.serial}.pem`);
  writeFileSync(ca, printer.certificatePem);
  const err: string[] = [];
  const code = await runCamera(
    [
      ...['--host', printer.host, '--port', String(printer.cameraPort)],
      '--serial',
      printer.serial,
      '--ca',
      ca,
      '--snapshot',
      file,
    ],
    {
      stdout: () => {},
      stderr: (l) => err.push(l),
      env: { BAMBU_ACCESS_CODE: printer.accessCode },
      signal: new AbortController().signal,
    },
  );
  expect(err).toEqual([]);
  return code;
}

describe('virtual printers serve their cameras', () => {
  it('bambu-camera --snapshot against a virtual P1S writes a valid JPEG', async () => {
    const printer = await startVirtualPrinter({ model: 'P1S', camera: { fps: 5 } });
    printers.push(printer);
    expect(printer.cameraPort).toBeGreaterThan(0);
    const file = join(dir, 'p1s.jpg');
    expect(await snapshot(printer, file)).toBe(0);
    const image = jpegJs.decode(readFileSync(file));
    expect([image.width, image.height]).toEqual([1280, 720]);
  });

  it('bambu-camera --snapshot against a virtual X1C writes a JPEG from RTSP', async () => {
    const printer = await startVirtualPrinter({ model: 'X1C', camera: true });
    printers.push(printer);
    const file = join(dir, 'x1c.jpg');
    expect(await snapshot(printer, file)).toBe(0);
    expect(jpegJs.decode(readFileSync(file)).height).toBe(720);
  });

  it('serves no camera unless asked', async () => {
    const printer = await startVirtualPrinter({ model: 'A1' });
    printers.push(printer);
    expect(printer.cameraPort).toBeNull();
  });
});
