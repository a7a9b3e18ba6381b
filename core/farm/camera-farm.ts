import { CameraError } from '../camera/camera-error.ts';
import { CameraHub, type CameraHubOptions } from '../camera/camera-hub.ts';
import { cameraSourceFor, type CameraTarget } from '../camera/camera-source.ts';
import type { CameraStatus } from '../camera/camera-types.ts';
import type {
  CameraFrameKind,
  CameraMode,
  CameraStatusMessage,
} from '../../shared/contract/camera-channels.ts';
import { cameraTargetKey } from './camera-target.ts';

/** Where one viewer's frames go (a WebSocket, an Electron MessagePort, a test). */
export interface CameraSink {
  /**
   * One frame. Return a promise to say "busy until it settles": newer frames replace the one waiting
   * (latest frame wins), so a slow viewer costs at most one frame of memory. `data` is shared: read only.
   */
  frame(kind: CameraFrameKind, data: Buffer): void | Promise<void>;
  status(status: CameraStatusMessage): void;
  /** The stream is over (snapshot sent, printer removed, or a failure retrying cannot fix). */
  end(): void;
}

/** An open stream; `close()` stops it (the upstream lingers briefly for the next viewer). */
export interface CameraStream {
  close(): void;
}

/** Finds what the hub needs to reach a printer's camera; null for an unknown printer. */
export type CameraTargetLookup = (printerId: string) => Promise<CameraTarget | null>;

export interface FarmCamerasOptions extends CameraHubOptions {
  /** ffmpeg for RTSP cameras (default: on PATH). */
  ffmpegPath?: string;
}

/** A person-readable status from the hub's. */
export function statusMessageOf(status: CameraStatus): CameraStatusMessage {
  switch (status.state) {
    case 'connecting':
    case 'live':
      return { type: 'status', state: status.state };
    case 'retrying':
      return {
        type: 'status',
        state: 'retrying',
        message: status.error.message,
        code: status.error.code,
      };
    case 'closed':
      return status.error
        ? {
            type: 'status',
            state: 'closed',
            message: status.error.message,
            code: status.error.code,
          }
        : { type: 'status', state: 'closed' };
  }
}

/**
 * The engine's cameras: one {@link CameraHub} (one upstream per printer, shared by every viewer,
 * inside the model's stream budget), registered lazily per printer and re-registered when what
 * reaches the camera changes (host, port, trust, model, reported RTSP URL).
 */
export class FarmCameras {
  private readonly hub: CameraHub;
  private readonly keys = new Map<string, string>();
  private closed = false;

  constructor(
    private readonly lookup: CameraTargetLookup,
    private readonly options: FarmCamerasOptions = {},
  ) {
    this.hub = new CameraHub(options);
  }

  /** Starts a stream of printer `printerId` to `sink`; failures arrive as a `closed` status. */
  open(printerId: string, mode: CameraMode, sink: CameraSink): CameraStream {
    let stopped = false;
    let inner: CameraStream | null = null;
    const finish = (message?: CameraStatusMessage) => {
      if (stopped) return;
      stopped = true;
      inner?.close();
      if (message) sink.status(message);
      sink.end();
    };
    sink.status({ type: 'status', state: 'connecting' });
    this.register(printerId)
      .then((ok) => {
        if (stopped) return;
        if (!ok) {
          finish({
            type: 'status',
            state: 'closed',
            code: 'not-found',
            message: `no printer with id ${printerId}: it may have been removed`,
          });
          return;
        }
        const started =
          mode === 'live'
            ? this.live(printerId, sink, finish)
            : this.still(printerId, sink, finish);
        // The hub may report a final status while `watch` runs: close what started after the fact.
        if (stopped) started.close();
        else inner = started;
      })
      // Reached by a failed lookup and by a throw in the success path (a sink that throws, a hub
      // that refuses): the viewer hears it, and nothing becomes an unhandled rejection.
      .catch((err: unknown) => {
        endQuietly(() =>
          finish({
            type: 'status',
            state: 'closed',
            code: err instanceof CameraError ? err.code : 'internal',
            message: `camera of printer ${printerId} could not start: ${(err as Error).message}`,
          }),
        );
      });
    return {
      close: () => {
        if (stopped) return;
        stopped = true;
        inner?.close();
      },
    };
  }

  /** One JPEG of printer `printerId` (the history's end snapshot); null without a camera or on failure. */
  async snapshot(printerId: string): Promise<Buffer | null> {
    try {
      return (await this.register(printerId)) ? await this.hub.snapshot(printerId) : null;
    } catch {
      return null;
    }
  }

  /** Forgets a printer's camera (removed, or its address or code changed); its viewers get `closed`. */
  remove(printerId: string): void {
    this.keys.delete(printerId);
    this.hub.removeCamera(printerId);
  }

  /** Closes every upstream session. */
  close(): void {
    this.closed = true;
    this.keys.clear();
    this.hub.close();
  }

  private async register(printerId: string): Promise<boolean> {
    const target = await this.lookup(printerId);
    if (!target || this.closed) return false;
    const key = cameraTargetKey(target);
    if (this.keys.get(printerId) !== key) {
      this.keys.set(printerId, key);
      const ffmpeg = this.options.ffmpegPath ? { ffmpegPath: this.options.ffmpegPath } : {};
      this.hub.addCamera(printerId, cameraSourceFor({ ...target, ...ffmpeg }));
    }
    return true;
  }

  private live(
    printerId: string,
    sink: CameraSink,
    finish: (message?: CameraStatusMessage) => void,
  ): CameraStream {
    const watch = this.hub.watch(printerId, {
      onFrame: (frame) => sink.frame(frame.kind, frame.data),
      onStatus: (status) => {
        // A fresh camera starts as `closed` without an error: only a closed-with-error is the end.
        if (status.state === 'closed') {
          if (status.error) finish(statusMessageOf(status));
          return;
        }
        sink.status(statusMessageOf(status));
      },
      onDetached: () => finish(),
    });
    return watch;
  }

  private still(
    printerId: string,
    sink: CameraSink,
    finish: (message?: CameraStatusMessage) => void,
  ): CameraStream {
    let cancelled = false;
    this.hub
      .snapshot(printerId)
      .then(async (jpeg) => {
        if (cancelled) return;
        await sink.frame('jpeg', jpeg);
        finish();
      })
      // A failed snapshot, or a sink that threw while taking it.
      .catch((err: unknown) => {
        if (cancelled) return;
        const error =
          err instanceof CameraError ? err : new CameraError('protocol', (err as Error).message);
        endQuietly(() => finish(statusMessageOf({ state: 'closed', error })));
      });
    return { close: () => (cancelled = true) };
  }
}

/** Runs a sink's last calls; a sink that throws even then has gone away, and nothing is left to tell. */
function endQuietly(end: () => void): void {
  try {
    end();
  } catch {
    // The viewer is gone.
  }
}
