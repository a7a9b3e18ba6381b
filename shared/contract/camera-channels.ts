/**
 * Names and wire format of camera streams. Camera frames never travel through the JSON contract or the
 * state store: the browser host serves them on their own WebSocket endpoint, Electron on one MessagePort
 * per tile. No zod here: the sandboxed preload imports this file.
 */

/** WebSocket endpoint of the browser host: `/camera?printer=<id>&mode=live|snapshot[&token=…]`. */
export const CAMERA_WS_PATH = '/camera';

/** Electron: renderer -> main `send` asking for a MessagePort (the reply carries a port, so it cannot be an invoke). */
export const CAMERA_OPEN_CHANNEL = 'camera:open-port';
/** Electron: main -> preload reply carrying the port; the preload forwards it to the page. */
export const CAMERA_PORT_CHANNEL = 'camera:port';
/** `window.postMessage` type the preload uses to hand a camera port to the page. */
export const CAMERA_PORT_MESSAGE = 'farmdeck:camera-port';

/**
 * `live`: every frame as it comes (latest frame wins for a slow viewer);
 * `snapshot`: one JPEG of the camera now, then the stream ends (tiles refresh it slowly).
 */
export type CameraMode = 'live' | 'snapshot';
export const CAMERA_MODES: readonly CameraMode[] = ['live', 'snapshot'];

/**
 * What a binary camera message holds: one JPEG image, or fragmented MP4 (H.264 passed through):
 * the `mp4-init` segment a decoder needs first, then `mp4-fragment`s that each start at a key frame.
 */
export type CameraFrameKind = 'jpeg' | 'mp4-init' | 'mp4-fragment';

/** First byte of a binary camera message: the frame kind. The payload follows unchanged. */
export const CAMERA_FRAME_CODES: Readonly<Record<CameraFrameKind, number>> = {
  jpeg: 1,
  'mp4-init': 2,
  'mp4-fragment': 3,
};

/** Upstream state as a viewer shows it ("connecting…", "camera offline: …"). Sent as JSON text. */
export interface CameraStatusMessage {
  readonly type: 'status';
  readonly state: 'connecting' | 'live' | 'retrying' | 'closed';
  /** What happened and what to do (never a secret); absent when all is well. */
  readonly message?: string;
  /** Camera error code (`auth-failed`, `unreachable`, `liveview-disabled`, `ffmpeg-missing`, …). */
  readonly code?: string;
}

/** Electron: an opened camera port's first message tells which request it answers. */
export interface CameraPortHello {
  readonly type: typeof CAMERA_PORT_MESSAGE;
  readonly requestId: string;
}

/** The camera part of the Electron preload (`window.farmCamera`). */
export interface CameraPortBridge {
  /**
   * Asks the engine for a camera stream; the port arrives as a window `message` whose data is a
   * {@link CameraPortHello} with the same `requestId`, and `ports[0]` the stream. Closing the port
   * stops the stream.
   */
  open(printerId: string, mode: CameraMode, requestId: string): void;
}

/** Prefixes `data` with its kind code: the binary message format of both transports. */
export function encodeCameraFrame(kind: CameraFrameKind, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + 1);
  out[0] = CAMERA_FRAME_CODES[kind];
  out.set(data, 1);
  return out;
}

/** Splits a binary camera message; null when the kind code is unknown or there is no payload. */
export function decodeCameraFrame(
  message: Uint8Array,
): { kind: CameraFrameKind; data: Uint8Array } | null {
  if (message.length < 2) return null;
  const code = message[0];
  const kind = (Object.keys(CAMERA_FRAME_CODES) as CameraFrameKind[]).find(
    (k) => CAMERA_FRAME_CODES[k] === code,
  );
  return kind ? { kind, data: message.subarray(1) } : null;
}

/** Parses the status JSON of a camera stream; null for anything else. */
export function parseCameraStatus(text: string): CameraStatusMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const states = ['connecting', 'live', 'retrying', 'closed'];
  if (v['type'] !== 'status' || typeof v['state'] !== 'string' || !states.includes(v['state']))
    return null;
  return {
    type: 'status',
    state: v['state'] as CameraStatusMessage['state'],
    ...(typeof v['message'] === 'string' ? { message: v['message'] } : {}),
    ...(typeof v['code'] === 'string' ? { code: v['code'] } : {}),
  };
}
