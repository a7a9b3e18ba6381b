import { useEffect, useState, type RefObject } from 'react';
import type { CameraMode, CameraStatusMessage } from '../../../shared/contract/camera-channels.ts';
import { openCameraStream } from './camera-connection.ts';
import { createJpegPainter, type JpegPainter } from './jpeg-painter.ts';
import { createMsePlayer, type MsePlayer } from './mse-player.ts';

/** Refresh interval of snapshot tiles, ms. */
export const SNAPSHOT_REFRESH_MS = 30_000;

export interface CameraStreamState {
  /** Last status of the stream; null before the first. */
  status: CameraStatusMessage | null;
  /** What the tile shows: JPEG on the canvas, video in the `<video>`, or nothing yet. */
  media: 'jpeg' | 'video' | null;
  /** Why live video fell back to stills (the browser cannot play it), else null. */
  fallback: string | null;
}

export interface CameraStreamTargets {
  container: RefObject<HTMLElement | null>;
  canvas: RefObject<HTMLCanvasElement | null>;
  video: RefObject<HTMLVideoElement | null>;
}

/** Failures worth retrying rarely (a setting on the printer or this machine must change first). */
const SLOW_RETRY_CODES = new Set([
  'auth-failed',
  'liveview-disabled',
  'ffmpeg-missing',
  'not-found',
]);

/**
 * Runs a printer's camera stream into a tile while `mode` is not `off`: live (every frame, JPEG on
 * the canvas, fMP4 through Media Source Extensions) or snapshot (one still every 30 s). Reopens after
 * the stream ends. Frames never touch React state: the container's `data-frames` counts them.
 */
export function useCameraStream(
  printerId: string,
  mode: CameraMode | 'off',
  targets: CameraStreamTargets,
): CameraStreamState {
  const [status, setStatus] = useState<CameraStatusMessage | null>(null);
  const [media, setMedia] = useState<CameraStreamState['media']>(null);
  const [fallback, setFallback] = useState<string | null>(null);
  const effective: CameraMode | 'off' = mode === 'live' && fallback ? 'snapshot' : mode;

  const { container, canvas, video } = targets;
  useEffect(() => {
    if (effective === 'off' || !canvas.current || !video.current) return;
    const canvasEl = canvas.current;
    const videoEl = video.current;
    let frames = 0;
    const drawn = () => {
      frames += 1;
      if (container.current) container.current.dataset['frames'] = String(frames);
    };
    let painter: JpegPainter | null = null;
    let player: MsePlayer | null = null;
    let stop: (() => void) | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastStatus: CameraStatusMessage | null = null;
    let disposed = false;
    let failures = 0;

    const connect = () => {
      timer = null;
      stop = openCameraStream(printerId, effective, {
        onFrame: (kind, data) => {
          failures = 0;
          if (kind === 'jpeg') {
            painter ??= createJpegPainter(canvasEl, drawn);
            setMedia('jpeg');
            painter.push(data);
          } else {
            player ??= createMsePlayer(videoEl, drawn, (reason) => setFallback(reason));
            setMedia('video');
            player.push(kind, data);
          }
        },
        onStatus: (s) => {
          lastStatus = s;
          setStatus(s);
        },
        onEnd: () => {
          stop = null;
          if (disposed) return;
          failures += 1;
          const slow = lastStatus?.code !== undefined && SLOW_RETRY_CODES.has(lastStatus.code);
          const delay =
            effective === 'snapshot' || slow
              ? SNAPSHOT_REFRESH_MS
              : Math.min(1_000 * 2 ** Math.min(failures, 4), 15_000);
          timer = setTimeout(connect, delay);
        },
      });
    };
    connect();
    return () => {
      disposed = true;
      if (timer) clearTimeout(timer);
      stop?.();
      painter?.dispose();
      player?.dispose();
    };
  }, [printerId, effective, container, canvas, video]);

  return { status, media, fallback };
}
