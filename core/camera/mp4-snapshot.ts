import { spawn } from 'node:child_process';
import { CameraError } from './camera-error.ts';
import { locateFfmpeg } from './ffmpeg-locate.ts';

/**
 * Decodes the first frame of an fMP4 fragment (a key frame) to one JPEG, on demand: the only place
 * where RTSP video is decoded. Rejects with a CameraError when ffmpeg is missing, fails or is slow.
 */
export async function fragmentToJpeg(
  init: Buffer,
  fragment: Buffer,
  options: { readonly ffmpegPath?: string; readonly timeoutMs?: number } = {},
): Promise<Buffer> {
  const ffmpeg = await locateFfmpeg(options.ffmpegPath);
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 'mp4', '-i', 'pipe:0'];
  args.push('-frames:v', '1', '-c:v', 'mjpeg', '-q:v', '3', '-f', 'image2pipe', 'pipe:1');
  return new Promise<Buffer>((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString('utf8')).slice(-1000)));
    child.stdin.on('error', () => {});
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new CameraError('ffmpeg-failed', `could not start ffmpeg (${e.message})`));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      const jpeg = Buffer.concat(out);
      if (code === 0 && jpeg[0] === 0xff && jpeg[1] === 0xd8) resolve(jpeg);
      else
        reject(
          new CameraError(
            'ffmpeg-failed',
            `ffmpeg could not decode a camera frame (${err.trim().split('\n').pop() ?? `exit ${code}`})`,
          ),
        );
    });
    child.stdin.end(Buffer.concat([init, fragment]));
  });
}
