import { CameraError, printerLabel } from './camera-error.ts';

/** RTSPS port of X1, H2, P2S and X2D printers. */
export const RTSP_CAMERA_PORT = 322;
/** Path of the live stream on every RTSP model. */
export const RTSP_LIVE_PATH = '/streaming/live/1';

/**
 * The live-view URL for VLC or ffmpeg: `rtsps://bblp:<code>@<host>:322/streaming/live/1`.
 * It carries the access code: print it only when the user asks for it, never log it.
 */
export function rtspUrlWithCredentials(
  host: string,
  accessCode: string,
  port = RTSP_CAMERA_PORT,
): string {
  return `rtsps://bblp:${encodeURIComponent(accessCode)}@${hostForUrl(host)}:${port}${RTSP_LIVE_PATH}`;
}

/** The same URL without credentials (safe for logs). */
export function rtspUrlWithoutCredentials(host: string, port = RTSP_CAMERA_PORT): string {
  return `rtsps://${hostForUrl(host)}:${port}${RTSP_LIVE_PATH}`;
}

/** True when the report's `ipcam.rtsp_url` says LAN live view is switched off. */
export function isLiveviewDisabled(reportedRtspUrl: string | null | undefined): boolean {
  return typeof reportedRtspUrl === 'string' && reportedRtspUrl.trim().toLowerCase() === 'disable';
}

/** The error shown when live view is off, telling the user where to switch it on. */
export function liveviewDisabledError(target: {
  readonly host: string;
  readonly serial?: string;
}): CameraError {
  return new CameraError(
    'liveview-disabled',
    `${printerLabel(target)} has LAN live view switched off: on the printer's screen open Settings > General (or LAN Only) and enable "LAN Mode Liveview", then try again`,
  );
}

function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
