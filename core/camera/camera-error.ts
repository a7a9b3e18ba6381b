import {
  classifyNetError,
  netErrorCode,
  netFailureAdvice,
  type NetFailure,
} from '../util/net-error.ts';

/**
 * Camera failures as values with a code a program can branch on and a message a person can act on.
 * Codes shared with the printer link (`auth-failed`, `unreachable`, `tls-untrusted`, `timeout`) keep
 * their meaning, so the CLI maps both to the same exit codes. Messages never contain access codes.
 */
export type CameraErrorCode =
  /** The camera closed the stream right after login: wrong access code, or no free stream. */
  | 'auth-failed'
  /** Connection refused, no route, DNS failure, or the connection was lost. */
  | 'unreachable'
  /** The TLS certificate was not trusted (wrong CA), or TLS failed. */
  | 'tls-untrusted'
  /** The certificate names another serial: another printer answered. */
  | 'wrong-serial'
  /** No frame within the stall timeout, or no first frame within the open timeout. */
  | 'timeout'
  /** A frame header announced more bytes than the configured cap. */
  | 'frame-too-large'
  /** Bytes that are not the camera protocol (bad JPEG markers, unexpected RTSP answer). */
  | 'protocol'
  /** RTSP live view is switched off on the printer (`ipcam.rtsp_url` = `disable`). */
  | 'liveview-disabled'
  /** ffmpeg, needed for RTSP cameras, was not found. */
  | 'ffmpeg-missing'
  /** ffmpeg exited with an error. */
  | 'ffmpeg-failed'
  /** Every camera stream this printer model allows is already in use. */
  | 'budget-exhausted'
  /** The session was closed by its owner. */
  | 'closed';

/** A camera failure; `message` is safe to show and log (it never contains the access code). */
export class CameraError extends Error {
  override readonly name = 'CameraError';
  constructor(
    readonly code: CameraErrorCode,
    message: string,
    /** Network/TLS class of the failure (core/util/net-error.ts), when it is one. */
    readonly reason: NetFailure | null = null,
  ) {
    super(message);
  }
}

/** Short printer label for messages: `printer 01P00A000000001` or `printer at 192.168.1.20`. */
export function printerLabel(target: { readonly host: string; readonly serial?: string }): string {
  return target.serial ? `printer ${target.serial}` : `printer at ${target.host}`;
}

/** Classify a socket/TLS error from Node into a camera error with an actionable message. */
export function cameraErrorFromSocket(
  err: unknown,
  target: { readonly host: string; readonly port: number; readonly serial?: string },
): CameraError {
  if (err instanceof CameraError) return err;
  const code = (err as { code?: unknown }).code;
  const where = `${printerLabel(target)} camera (${target.host}:${target.port})`;
  const detail = typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
  const reason = classifyNetError(err) ?? 'connection-lost';
  return new CameraError(
    netErrorCode(reason),
    `${where}: ${netFailureAdvice(reason, target.port)} (${detail})`,
    reason,
  );
}
