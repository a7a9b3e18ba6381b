import type { TlsTrust } from '../mqtt/connection-options.ts';
import type { CameraError } from './camera-error.ts';

/**
 * What travels from a camera to viewers. JPEG cameras send one complete image per frame; RTSP cameras
 * send fragmented MP4 (H.264 passed through, never re-encoded): one `mp4-init` (ftyp+moov) that a
 * viewer needs first, then `mp4-fragment`s (moof+mdat), each starting at a key frame.
 */
export type CameraFrameKind = 'jpeg' | 'mp4-init' | 'mp4-fragment';

/** One unit of camera data. `data` is shared by every viewer: treat it as read-only. */
export interface CameraFrame {
  readonly kind: CameraFrameKind;
  readonly data: Buffer;
  /** Increases by one per frame of a session, across reconnects. */
  readonly seq: number;
  /** Arrival time, ms since epoch. */
  readonly receivedAt: number;
}

/** Lifecycle of an upstream camera session. */
export type CameraStatus =
  | { readonly state: 'connecting' }
  /** Frames are flowing (sent on the first frame after each (re)connect). */
  | { readonly state: 'live' }
  /** The session failed and will try again after `retryInMs`. */
  | { readonly state: 'retrying'; readonly error: CameraError; readonly retryInMs: number }
  /** Closed for good: by its owner (no error) or by an error that retrying cannot fix. */
  | { readonly state: 'closed'; readonly error?: CameraError };

/** Receives what one upstream session produces. */
export interface UpstreamListener {
  onFrame(frame: CameraFrame): void;
  onStatus(status: CameraStatus): void;
}

/** A running upstream session (one connection to one printer's camera). */
export interface CameraUpstream {
  /** Stop for good; no callback follows except a final `closed` status. Idempotent. */
  close(): void;
}

/** How TLS to the printer is trusted: the MQTT link's setting (default: Bambu's printer CAs). */
export type CameraTlsTrust = TlsTrust;

/** Exponential reconnect delays (the random source is for tests). */
export type { BackoffOptions } from '../util/backoff.ts';
