import { readFileSync } from 'node:fs';
import type { CameraTlsTrust } from '../core/camera/camera-types.ts';
import { UsageError } from './args.ts';

/** Flags of bambu-camera. `--ip` and `--device-id` are the spellings of the seed's camera tool. */
export const CAMERA_FLAGS = {
  host: { type: 'string' },
  ip: { type: 'string' },
  serial: { type: 'string' },
  'device-id': { type: 'string' },
  'access-code': { type: 'string' },
  port: { type: 'string' },
  model: { type: 'string' },
  ca: { type: 'string' },
  insecure: { type: 'boolean' },
  snapshot: { type: 'string' },
  frames: { type: 'string' },
  out: { type: 'string' },
  url: { type: 'boolean' },
  ffmpeg: { type: 'string' },
  timeout: { type: 'string' },
  'api-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** What the user asked bambu-camera to do. */
export type CameraAction =
  | { readonly kind: 'snapshot'; readonly file: string }
  | { readonly kind: 'frames'; readonly count: number; readonly dir: string }
  | { readonly kind: 'url' };

/** Parsed flag values (any parse result of CAMERA_FLAGS fits). */
export interface CameraFlagValues {
  host?: string | undefined;
  ip?: string | undefined;
  serial?: string | undefined;
  'device-id'?: string | undefined;
  port?: string | undefined;
  ca?: string | undefined;
  insecure?: boolean | undefined;
  snapshot?: string | undefined;
  frames?: string | undefined;
  out?: string | undefined;
  url?: boolean | undefined;
  timeout?: string | undefined;
}

/** Exactly one of --snapshot, --frames (with --out) or --url. */
export function resolveAction(v: CameraFlagValues): CameraAction {
  const chosen = [v.snapshot !== undefined, v.frames !== undefined, v.url === true].filter(
    Boolean,
  ).length;
  if (chosen !== 1)
    throw new UsageError('say what to do: one of --snapshot FILE, --frames N --out DIR, or --url');
  if (v.snapshot !== undefined) {
    if (v.snapshot.trim() === '')
      throw new UsageError('--snapshot needs a file name, e.g. --snapshot printer.jpg');
    return { kind: 'snapshot', file: v.snapshot };
  }
  if (v.frames !== undefined) {
    const count = Number(v.frames);
    if (!/^\d+$/.test(v.frames) || count < 1 || count > 100_000) {
      throw new UsageError(`--frames must be a whole number 1-100000, not "${v.frames}"`);
    }
    if (v.out === undefined || v.out.trim() === '')
      throw new UsageError('--frames needs --out DIR (where to write them)');
    return { kind: 'frames', count, dir: v.out };
  }
  return { kind: 'url' };
}

/** --host or its seed spelling --ip; --serial or --device-id. */
export function hostAndSerial(v: CameraFlagValues): {
  host: string | undefined;
  serial: string | undefined;
} {
  if (v.host !== undefined && v.ip !== undefined)
    throw new UsageError('give --host or --ip, not both');
  if (v.serial !== undefined && v['device-id'] !== undefined) {
    throw new UsageError('give --serial or --device-id, not both');
  }
  const host = (v.host ?? v.ip)?.trim();
  const serial = (v.serial ?? v['device-id'])?.trim();
  if (serial !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(serial)) {
    throw new UsageError(`--serial "${serial}" is not a serial number (letters and digits only)`);
  }
  return { host: host === '' ? undefined : host, serial: serial === '' ? undefined : serial };
}

export function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw new UsageError(`--port must be a port number 1-65535, not "${text}"`);
  }
  return port;
}

export function parseTimeoutMs(text: string | undefined, defaultSec: number): number {
  if (text === undefined) return defaultSec * 1000;
  const sec = Number(text);
  if (text.trim() === '' || !Number.isFinite(sec) || sec <= 0) {
    throw new UsageError(`--timeout must be a positive number of seconds, not "${text}"`);
  }
  return sec * 1000;
}

/** --ca FILE / --insecure, as on the other tools. */
export function resolveTrust(v: CameraFlagValues): CameraTlsTrust {
  if (v.insecure && v.ca !== undefined)
    throw new UsageError('--ca and --insecure contradict each other: use one');
  if (v.insecure) return { insecure: true };
  if (v.ca === undefined) return {};
  let pem: string;
  try {
    pem = readFileSync(v.ca, 'utf8');
  } catch (err) {
    throw new UsageError(
      `cannot read the --ca file ${v.ca} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new UsageError(`the --ca file ${v.ca} holds no PEM certificate`);
  return { ca: pem };
}
