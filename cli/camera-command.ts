import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CameraError } from '../core/camera/camera-error.ts';
import { CameraHub } from '../core/camera/camera-hub.ts';
import {
  cameraKindOf,
  cameraModelOf,
  cameraSourceFor,
  type CameraTarget,
} from '../core/camera/camera-source.ts';
import { RTSP_CAMERA_PORT, rtspUrlWithCredentials } from '../core/camera/rtsp-url.ts';
import { CloudClient } from '../core/cloud/cloud-client.ts';
import { parseToolArgs, UsageError } from './args.ts';
import {
  CAMERA_FLAGS,
  hostAndSerial,
  parsePort,
  parseTimeoutMs,
  resolveAction,
  resolveTrust,
} from './camera-args.ts';
import { CAMERA_USAGE } from './camera-usage.ts';
import { EXIT, exitCodeForLinkError, type ExitCode } from './exit-codes.ts';
import { redact } from './monitor.ts';

/** Where runCamera writes and what stops it. */
export interface CameraIo {
  stdout(line: string): void;
  stderr(line: string): void;
  env: { BAMBU_ACCESS_CODE?: string | undefined; BAMBU_TOKEN?: string | undefined };
  signal: AbortSignal;
}

const DEFAULT_TIMEOUT_SEC = 20;

/** Runs bambu-camera with `argv` (arguments after the program name); resolves to the exit code. */
export async function runCamera(argv: string[], io: CameraIo): Promise<ExitCode> {
  const secrets: string[] = [];
  const say = (line: string): void => io.stderr(`bambu-camera: ${redact(line, secrets)}`);
  try {
    const { values, positionals } = parseToolArgs(argv, CAMERA_FLAGS);
    if (values.help) {
      io.stdout(CAMERA_USAGE);
      return EXIT.ok;
    }
    const action = resolveAction(values);
    const { host, serial } = hostAndSerial(values);
    if (positionals.length > 1)
      throw new UsageError(
        `expected at most one argument (a cloud TOKEN), got ${positionals.length}`,
      );
    const token = positionals[0] ?? undefined;
    if (token) secrets.push(token);
    let accessCode = (values['access-code'] ?? io.env.BAMBU_ACCESS_CODE)?.trim() || undefined;
    let model = values.model;
    let deviceSerial = serial;
    if (token && (accessCode === undefined || model === undefined)) {
      const device = await findCloudDevice(token, deviceSerial, values['api-url']);
      accessCode ??= device.accessCode;
      model ??= device.model;
      deviceSerial ??= device.serial;
    }
    if (accessCode) secrets.push(accessCode);
    if (host === undefined)
      throw new UsageError('missing --host: the printer IP address (or --ip)');
    if (!accessCode) {
      throw new UsageError(
        "missing access code: give --access-code or set BAMBU_ACCESS_CODE (printer's screen: Settings > LAN Only / WLAN)",
      );
    }
    const port = parsePort(values.port);
    const target: CameraTarget = {
      host,
      accessCode,
      ...(deviceSerial ? { serial: deviceSerial } : {}),
      ...(model ? { model } : {}),
      ...(port === undefined ? {} : { port }),
      ...(values.ffmpeg ? { ffmpegPath: values.ffmpeg } : {}),
      tls: resolveTrust(values),
      retry: false,
    };
    if (values.model !== undefined && cameraModelOf(target) === null) {
      throw new UsageError(
        `--model "${values.model}" is not a model Farmdeck knows (e.g. P1S, A1 mini, X1C, H2D)`,
      );
    }
    const timeoutMs = parseTimeoutMs(values.timeout, DEFAULT_TIMEOUT_SEC);
    if (action.kind === 'url') return printUrl(target, io, say);
    const hub = new CameraHub({ lingerMs: 0 });
    hub.addCamera('camera', cameraSourceFor(target));
    try {
      if (action.kind === 'snapshot') {
        const jpeg = await abortable(hub.snapshot('camera', timeoutMs), io.signal);
        await writeFile(action.file, jpeg);
        io.stdout(`${action.file} (${jpeg.length} bytes)`);
      } else {
        await saveFrames(hub, action.count, action.dir, timeoutMs, io);
      }
      return EXIT.ok;
    } finally {
      hub.close();
    }
  } catch (err) {
    if (err instanceof UsageError) {
      say(err.message);
      io.stderr('');
      io.stderr(CAMERA_USAGE);
      return EXIT.usage;
    }
    if (err instanceof CameraError) {
      say(err.message);
      return err.code === 'closed' && io.signal.aborted
        ? EXIT.interrupted
        : exitCodeForLinkError(err.code);
    }
    say(err instanceof Error ? err.message : String(err));
    return EXIT.failure;
  }
}

function printUrl(target: CameraTarget, io: CameraIo, say: (line: string) => void): ExitCode {
  if (cameraKindOf(target) !== 'rtsp') {
    const model = cameraModelOf(target)?.name ?? 'this printer';
    say(
      `${model} streams JPEG frames on port 6000, which has no URL for VLC: use --snapshot FILE or --frames N --out DIR (give --model if the model is wrong)`,
    );
    return EXIT.failure;
  }
  io.stdout(
    rtspUrlWithCredentials(target.host, target.accessCode, target.port ?? RTSP_CAMERA_PORT),
  );
  return EXIT.ok;
}

/** JPEG cameras: DIR/frame-00001.jpg...; RTSP cameras: DIR/stream.mp4 (init + N fragments). */
async function saveFrames(
  hub: CameraHub,
  count: number,
  dir: string,
  timeoutMs: number,
  io: CameraIo,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  let saved = 0;
  const mp4: Buffer[] = [];
  await abortable(
    new Promise<void>((resolve, reject) => {
      let timer = setTimeout(
        () => fail(new CameraError('timeout', `no camera frame within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
      const fail = (err: CameraError): void => {
        clearTimeout(timer);
        watch.close();
        reject(err);
      };
      const watch = hub.watch('camera', {
        onFrame: async (frame) => {
          clearTimeout(timer);
          timer = setTimeout(
            () => fail(new CameraError('timeout', `no camera frame for ${timeoutMs / 1000} s`)),
            timeoutMs,
          );
          if (frame.kind === 'jpeg') {
            saved += 1;
            await writeFile(join(dir, `frame-${String(saved).padStart(5, '0')}.jpg`), frame.data);
          } else {
            mp4.push(frame.data);
            if (frame.kind === 'mp4-fragment') saved += 1;
          }
          if (saved >= count) {
            clearTimeout(timer);
            watch.close();
            if (mp4.length > 0) await writeFile(join(dir, 'stream.mp4'), Buffer.concat(mp4));
            resolve();
          }
        },
        onStatus: (status) => {
          if (status.state === 'closed' && status.error) fail(status.error);
        },
        onDetached: (reason) =>
          fail(new CameraError('closed', `could not save a frame (${String(reason)})`)),
      });
    }),
    io.signal,
  );
  io.stdout(
    mp4.length > 0 ? `${join(dir, 'stream.mp4')} (${saved} fragments)` : `${dir} (${saved} frames)`,
  );
}

async function findCloudDevice(
  token: string,
  serial: string | undefined,
  apiUrl: string | undefined,
): Promise<{ serial: string; accessCode: string | undefined; model: string | undefined }> {
  const client = new CloudClient({ token, ...(apiUrl ? { apiUrl } : {}) });
  const devices = await client.listDevices();
  const matches = serial ? devices.filter((d) => d.dev_id === serial) : devices;
  const device = matches[0];
  if (!device || matches.length > 1) {
    const ids = devices.map((d) => d.dev_id).join(', ') || 'none';
    throw new UsageError(
      `${serial ? `printer ${serial} is not` : 'more than one printer is'} bound to this account (printers: ${ids}): choose one with --device-id`,
    );
  }
  return {
    serial: device.dev_id,
    accessCode: device.dev_access_code || undefined,
    model: device.dev_model_name || undefined,
  };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new CameraError('closed', 'interrupted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new CameraError('closed', 'interrupted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
