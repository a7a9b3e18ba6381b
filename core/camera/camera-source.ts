import {
  type CameraKind,
  modelFromCode,
  modelFromSerial,
  modelInfo,
  type ModelInfo,
} from '../../shared/models.ts';
import { CameraError } from './camera-error.ts';
import type { CameraSource } from './camera-hub.ts';
import type { BackoffOptions, CameraTlsTrust } from './camera-types.ts';
import { openJpegCamera } from './jpeg-camera-client.ts';
import { fragmentToJpeg } from './mp4-snapshot.ts';
import { openRtspCamera } from './rtsp-camera-client.ts';

/** One printer's camera as the hub and the CLI describe it. */
export interface CameraTarget {
  readonly host: string;
  readonly serial?: string;
  /** LAN access code. Never logged. */
  readonly accessCode: string;
  /** Model name (`P1S`), product name or model code (`C12`); default: from the serial prefix. */
  readonly model?: string | null;
  /** Override the camera kind the model implies. */
  readonly kind?: 'jpeg' | 'rtsp';
  /** Camera port override (virtual printers); default 6000 (JPEG) or 322 (RTSP). */
  readonly port?: number;
  readonly tls?: CameraTlsTrust;
  /** ffmpeg for RTSP cameras; default: `ffmpeg` on PATH. */
  readonly ffmpegPath?: string;
  /** `ipcam.rtsp_url` from the report: present on RTSP models, `disable` when live view is off. */
  readonly reportedRtspUrl?: string | null;
  /** Reconnect when no frame arrived for this long, ms (defaults: 20 s JPEG, 30 s RTSP). */
  readonly stallTimeoutMs?: number;
  readonly backoff?: BackoffOptions;
  /** Retry after failures (default true); the CLI turns it off to fail fast. */
  readonly retry?: boolean;
}

/** The model table entry for a target, from its model field or serial prefix; null when unknown. */
export function cameraModelOf(target: Pick<CameraTarget, 'model' | 'serial'>): ModelInfo | null {
  if (target.model) return modelInfo(target.model) ?? modelFromCode(target.model);
  return target.serial ? modelFromSerial(target.serial) : null;
}

/**
 * How to reach the camera: explicit `kind`, else the report (an `ipcam.rtsp_url` exists only on RTSP
 * models), else the model table, else JPEG (the rule working clients use for unknown models).
 */
export function cameraKindOf(target: CameraTarget): CameraKind {
  if (target.kind) return target.kind;
  if (typeof target.reportedRtspUrl === 'string' && target.reportedRtspUrl !== '') return 'rtsp';
  return cameraModelOf(target)?.camera ?? 'jpeg';
}

/** A hub source for the target: the right client, the model's stream budget, RTSP snapshots. */
export function cameraSourceFor(target: CameraTarget): CameraSource {
  const model = cameraModelOf(target);
  const streamBudget = model?.cameraStreamBudget ?? 1;
  const common = {
    host: target.host,
    accessCode: target.accessCode,
    ...(target.serial ? { serial: target.serial } : {}),
    ...(target.port === undefined ? {} : { port: target.port }),
    ...(target.tls ? { tls: target.tls } : {}),
    ...(target.stallTimeoutMs === undefined ? {} : { stallTimeoutMs: target.stallTimeoutMs }),
    ...(target.backoff ? { backoff: target.backoff } : {}),
    ...(target.retry === undefined ? {} : { retry: target.retry }),
  };
  const kind = cameraKindOf(target);
  if (kind === 'none') {
    return {
      streamBudget: 0,
      open: (listener) => {
        const what = model ? `the ${model.name}` : 'this printer';
        listener.onStatus({
          state: 'closed',
          error: new CameraError('protocol', `${what} has no camera`),
        });
        return { close: () => {} };
      },
    };
  }
  if (kind === 'jpeg')
    return { streamBudget, open: (listener) => openJpegCamera(common, listener) };
  const ffmpeg = target.ffmpegPath ? { ffmpegPath: target.ffmpegPath } : {};
  return {
    streamBudget,
    open: (listener) =>
      openRtspCamera(
        {
          ...common,
          ...ffmpeg,
          ...(target.reportedRtspUrl === undefined
            ? {}
            : { reportedRtspUrl: target.reportedRtspUrl }),
          wallclockTimestamps: model?.name === 'P2S',
        },
        listener,
      ),
    toJpeg: (init, fragment) => fragmentToJpeg(init, fragment, ffmpeg),
  };
}
