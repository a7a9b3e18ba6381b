import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  CAMERA_WS_PATH,
  encodeCameraFrame,
  type CameraMode,
} from '../../shared/contract/camera-channels.ts';
import { CameraOpenRequest } from '../../shared/contract/camera-schemas.ts';
import type { CameraSink, CameraStream } from '../../core/farm/camera-farm.ts';
import { tokenMatches } from './ws-transport.ts';
import { sameOrigin } from '../common/request-gate.ts';
import { rejectUpgrade } from './request-origin.ts';

/** What the endpoint needs from the engine. */
export interface CameraFace {
  openCamera(id: string, mode: CameraMode, sink: CameraSink): CameraStream;
}

/**
 * Bytes a client may have queued before frames are dropped for it: about two 720p JPEGs. Latest frame
 * wins: a slow browser sees fewer frames, never older ones, and the host's memory stays flat.
 */
export const CAMERA_MAX_BUFFERED = 512 * 1024;

/**
 * Frames a client may have sent to it and not yet acknowledged (it sends the text `ack` per binary
 * message). Beyond that the host waits, and the hub keeps only the newest frame meanwhile: kernel
 * socket buffers never fill with old frames, so a slow browser sees fewer frames, not late ones.
 */
export const CAMERA_ACK_WINDOW = 2;
/** A frame not acknowledged within this time is treated as delivered (a stuck tile must not stall). */
const ACK_TIMEOUT_MS = 5_000;

/** Counters of the endpoint (tests and benchmarks read them). */
export interface CameraEndpointStats {
  readonly clients: number;
  readonly framesSent: number;
  /** Frames dropped because a client had more than {@link CAMERA_MAX_BUFFERED} bytes queued. */
  readonly framesDropped: number;
}

export interface CameraEndpointOptions {
  engine: CameraFace;
  /** When set, clients must present it as `?token=`. */
  token: string | null;
}

/**
 * Camera streams of the browser host, one WebSocket per tile on {@link CAMERA_WS_PATH}: binary
 * messages (kind byte + JPEG or fMP4 bytes as the printer sent them) and JSON status texts. Same
 * origin and token rules as the contract socket. Closing the socket stops the stream.
 */
export function createCameraEndpoint(options: CameraEndpointOptions) {
  // Clients send nothing but `ack`s: keep their messages tiny.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  let framesSent = 0;
  let framesDropped = 0;

  const serve = (ws: WebSocket, printerId: string, mode: CameraMode) => {
    let unacked = 0;
    let release: (() => void) | null = null;
    const acked = () => {
      unacked = Math.max(0, unacked - 1);
      const done = release;
      release = null;
      done?.();
    };
    // The hub holds the newest frame while this promise is pending (1 running, 1 queued).
    const sink: CameraSink = {
      frame: (kind, data) => {
        if (ws.readyState !== ws.OPEN) return;
        // An init segment is never dropped: fragments after it are useless without it.
        if (kind !== 'mp4-init' && ws.bufferedAmount > CAMERA_MAX_BUFFERED) {
          framesDropped += 1;
          return;
        }
        framesSent += 1;
        unacked += 1;
        return new Promise<void>((resolve) => {
          ws.send(encodeCameraFrame(kind, data), { binary: true }, () => {
            if (unacked < CAMERA_ACK_WINDOW) return resolve();
            const timer = setTimeout(acked, ACK_TIMEOUT_MS);
            release = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        });
      },
      status: (status) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(status));
      },
      end: () => {
        if (ws.readyState === ws.OPEN) ws.close(1000, 'stream ended');
      },
    };
    const stream = options.engine.openCamera(printerId, mode, sink);
    ws.on('close', () => {
      stream.close();
      release?.();
    });
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      if (!isBinary && Buffer.isBuffer(data) && data.toString('utf8') === 'ack') acked();
      else ws.close(1003, 'camera streams take only acks');
    });
  };

  return {
    /** True when the upgrade is for the camera endpoint. */
    handles(req: IncomingMessage): boolean {
      return new URL(req.url ?? '/', 'http://x').pathname === CAMERA_WS_PATH;
    },
    /** Handles an upgrade to {@link CAMERA_WS_PATH}; answers 400/401/403 itself. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      const url = new URL(req.url ?? '/', 'http://x');
      if (!sameOrigin(req)) return rejectUpgrade(socket, 403, 'Forbidden');
      if (options.token !== null && !tokenMatches(options.token, url.searchParams.get('token'))) {
        return rejectUpgrade(socket, 401, 'Unauthorized');
      }
      const parsed = CameraOpenRequest.safeParse({
        printerId: url.searchParams.get('printer') ?? '',
        mode: url.searchParams.get('mode') ?? 'live',
      });
      if (!parsed.success) return rejectUpgrade(socket, 400, 'Bad Request');
      const { printerId, mode } = parsed.data;
      wss.handleUpgrade(req, socket, head, (ws) => serve(ws, printerId, mode));
    },
    stats(): CameraEndpointStats {
      return { clients: wss.clients.size, framesSent, framesDropped };
    },
    close(): void {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

/** The camera endpoint of a host. */
export type CameraEndpoint = ReturnType<typeof createCameraEndpoint>;
