import { spawn } from 'node:child_process';

/** A looping H.264 clip split into access units (one picture each), for the virtual RTSP camera. */
export interface H264Clip {
  /** Access units in decode order; each is a list of NAL units without start codes. */
  readonly units: readonly (readonly Buffer[])[];
  readonly sps: Buffer;
  readonly pps: Buffer;
  readonly fps: number;
}

const clips = new Map<string, Promise<H264Clip>>();

/**
 * Encodes a short test pattern with ffmpeg (libx264, baseline, a key frame every second, an access
 * unit delimiter before each picture) once per process and size, then serves it from memory.
 */
export function loadH264Clip(options: {
  readonly width?: number;
  readonly height?: number;
  readonly fps?: number;
  readonly seconds?: number;
  readonly ffmpegPath?: string;
}): Promise<H264Clip> {
  const width = options.width ?? 1280;
  const height = options.height ?? 720;
  const fps = options.fps ?? 10;
  const seconds = options.seconds ?? 3;
  const key = `${width}x${height}@${fps}/${seconds}`;
  let clip = clips.get(key);
  if (!clip) {
    clip = encodeClip(options.ffmpegPath ?? 'ffmpeg', width, height, fps, seconds);
    clips.set(key, clip);
    clip.catch(() => clips.delete(key));
  }
  return clip;
}

function encodeClip(
  ffmpeg: string,
  width: number,
  height: number,
  fps: number,
  seconds: number,
): Promise<H264Clip> {
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi'];
  args.push('-i', `testsrc2=size=${width}x${height}:rate=${fps}`, '-t', String(seconds));
  args.push(
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-tune',
    'zerolatency',
    '-profile:v',
    'baseline',
  );
  args.push(
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(fps),
    '-bf',
    '0',
    '-x264-params',
    'aud=1:repeat-headers=1',
  );
  args.push('-f', 'h264', 'pipe:1');
  return new Promise<H264Clip>((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.once('error', (e) =>
      reject(new Error(`virtual RTSP camera needs ffmpeg to encode its clip: ${e.message}`)),
    );
    child.once('close', (code) => {
      if (code !== 0)
        return reject(new Error(`ffmpeg failed to encode the virtual camera clip: ${err.trim()}`));
      try {
        resolve(splitAccessUnits(Buffer.concat(out), fps));
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

function splitAccessUnits(stream: Buffer, fps: number): H264Clip {
  const nals: Buffer[] = [];
  let start = -1;
  for (let i = 0; i + 3 <= stream.length; i++) {
    if (stream[i] === 0 && stream[i + 1] === 0 && stream[i + 2] === 1) {
      if (start >= 0) nals.push(trimZeros(stream.subarray(start, i)));
      start = i + 3;
      i += 2;
    }
  }
  if (start >= 0) nals.push(stream.subarray(start));
  const units: Buffer[][] = [];
  let sps: Buffer | null = null;
  let pps: Buffer | null = null;
  for (const nal of nals) {
    const type = (nal[0] ?? 0) & 0x1f;
    if (type === 9) {
      units.push([]);
      continue;
    }
    if (type === 7) sps ??= nal;
    if (type === 8) pps ??= nal;
    if (units.length === 0) units.push([]);
    (units[units.length - 1] as Buffer[]).push(nal);
  }
  if (!sps || !pps) throw new Error('encoded clip has no SPS/PPS');
  return { units: units.filter((u) => u.length > 0), sps, pps, fps };
}

function trimZeros(nal: Buffer): Buffer {
  let end = nal.length;
  while (end > 0 && nal[end - 1] === 0) end--;
  return nal.subarray(0, end);
}
