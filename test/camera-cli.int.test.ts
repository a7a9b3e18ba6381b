import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpegJs from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCamera } from '../cli/camera-command.ts';
import { startVirtualCloud } from '../sim/cloud/virtual-cloud.ts';
import { startJpegCameraServer, type JpegCameraServer } from '../sim/camera/jpeg-camera-server.ts';
import { startRtspCameraServer, type RtspCameraServer } from '../sim/camera/rtsp-camera-server.ts';

const P1S = '01P00A000000002';
const X1C = '00M00A000000002';
const CODE = '24681357';
let dir: string;
let jpegCam: JpegCameraServer;
let rtspCam: RtspCameraServer;
let jpegCa: string;
let rtspCa: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bambu-camera-'));
  jpegCam = await startJpegCameraServer({ serial: P1S, accessCode: CODE, fps: 10 });
  rtspCam = await startRtspCameraServer({ serial: X1C, accessCode: CODE });
  jpegCa = join(dir, 'p1s.pem');
  rtspCa = join(dir, 'x1c.pem');
  writeFileSync(jpegCa, jpegCam.certificatePem);
  writeFileSync(rtspCa, rtspCam.certificatePem);
});

afterAll(async () => {
  await jpegCam.close();
  await rtspCam.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCamera(args, {
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    env,
    signal: new AbortController().signal,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const p1s = (): string[] => [
  '--host',
  '127.0.0.1',
  '--port',
  String(jpegCam.port),
  '--serial',
  P1S,
  '--ca',
  jpegCa,
];
const x1c = (): string[] => [
  '--host',
  '127.0.0.1',
  '--port',
  String(rtspCam.port),
  '--serial',
  X1C,
  '--ca',
  rtspCa,
];

describe('bambu-camera', () => {
  it('writes a valid JPEG snapshot from a virtual P1S', async () => {
    const file = join(dir, 'p1s.jpg');
    const r = await run([...p1s(), '--snapshot', file], { BAMBU_ACCESS_CODE: CODE });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const image = jpegJs.decode(readFileSync(file));
    expect([image.width, image.height]).toEqual([1280, 720]);
  });

  it('writes a JPEG snapshot from a virtual X1C over RTSPS', async () => {
    const file = join(dir, 'x1c.jpg');
    const r = await run([...x1c(), '--access-code', CODE, '--snapshot', file, '--timeout', '25']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(jpegJs.decode(readFileSync(file)).width).toBe(1280);
  });

  it('writes N frames to a directory', async () => {
    const out = join(dir, 'frames');
    const r = await run([...p1s(), '--access-code', CODE, '--frames', '3', '--out', out]);
    expect(r.code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(['frame-00001.jpg', 'frame-00002.jpg', 'frame-00003.jpg']);
    for (const f of files)
      expect([...readFileSync(join(out, f)).subarray(0, 2)]).toEqual([0xff, 0xd8]);
  });

  it('exits 3 on a wrong access code without printing it', async () => {
    const r = await run([...p1s(), '--access-code', '99999999', '--snapshot', join(dir, 'no.jpg')]);
    expect(r.code).toBe(3);
    expect(r.err).toContain('access code');
    expect(r.err).not.toContain('99999999');
  });

  it('exits 5 when the certificate belongs to another printer', async () => {
    const args = ['--host', '127.0.0.1', '--port', String(jpegCam.port), '--ca', jpegCa];
    const r = await run([
      ...args,
      '--serial',
      '01P00A999999999',
      '--access-code',
      CODE,
      '--snapshot',
      join(dir, 'no.jpg'),
    ]);
    expect(r.code).toBe(5);
  });

  it('prints the RTSP URL for an X1C and refuses for a JPEG model', async () => {
    const url = await run([
      '--ip',
      '192.168.1.51',
      '--model',
      'X1C',
      '--access-code',
      CODE,
      '--url',
    ]);
    expect(url.code).toBe(0);
    expect(url.out).toBe(`rtsps://bblp:${CODE}@192.168.1.51:322/streaming/live/1`);
    const jpeg = await run([
      '--host',
      '192.168.1.50',
      '--serial',
      P1S,
      '--access-code',
      CODE,
      '--url',
    ]);
    expect(jpeg.code).toBe(1);
    expect(jpeg.err).toContain('--snapshot');
  });

  it('explains usage mistakes with exit code 2', async () => {
    expect((await run(['--host', 'h', '--access-code', CODE])).code).toBe(2);
    expect((await run(['--host', 'h', '--access-code', CODE, '--frames', '2'])).code).toBe(2);
    const missing = await run(['--host', 'h', '--snapshot', 'x.jpg']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('BAMBU_ACCESS_CODE');
    expect((await run(['--help'])).out).toContain('--snapshot FILE');
  });

  it('prints the URL from a cloud token and an IP, like the seed tool', async () => {
    const email = 'camera@example.com';
    const cloud = await startVirtualCloud({
      accounts: [
        {
          email,
          password: 'pw',
          devices: [{ serial: X1C, accessCode: CODE, product: 'X1 Carbon' }],
        },
      ],
      mqttPort: false,
    });
    try {
      const token = cloud.issueToken(email);
      const r = await run([token, '--ip', '192.168.1.51', '--url', '--api-url', cloud.apiUrl]);
      expect(r.err).toBe('');
      expect(r.out).toBe(`rtsps://bblp:${CODE}@192.168.1.51:322/streaming/live/1`);
      const wrong = await run([
        token,
        '--ip',
        '192.168.1.51',
        '--device-id',
        P1S,
        '--url',
        '--api-url',
        cloud.apiUrl,
      ]);
      expect(wrong.code).toBe(2);
      expect(wrong.err).not.toContain(token);
    } finally {
      await cloud.close();
    }
  });
});
