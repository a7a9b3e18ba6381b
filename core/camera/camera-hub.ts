import { CameraError } from './camera-error.ts';
import type { CameraUpstream, UpstreamListener } from './camera-types.ts';
import { HubCamera } from './hub-camera.ts';
import type { CameraViewer, ViewerStats } from './viewer-slot.ts';

/** How the hub reaches one printer's camera. */
export interface CameraSource {
  /** Opens one upstream session (JPEG client or RTSP/ffmpeg session). */
  open(listener: UpstreamListener): CameraUpstream;
  /**
   * Simultaneous sessions the printer serves (model table `cameraStreamBudget`). The hub never has
   * more than this many sessions open or still closing for the printer; it uses one at a time.
   */
  readonly streamBudget: number;
  /**
   * Turns an fMP4 init segment plus one fragment into a JPEG (RTSP cameras; decodes one key frame
   * on demand). Absent for JPEG cameras, whose frames already are snapshots.
   */
  toJpeg?(init: Buffer, fragment: Buffer): Promise<Buffer>;
}

/** Options of {@link CameraHub}. */
export interface CameraHubOptions {
  /** Keep the upstream open this long after the last viewer leaves, ms (default 10000). */
  readonly lingerMs?: number;
  /** Default snapshot timeout, ms (default 15000). */
  readonly snapshotTimeoutMs?: number;
}

/** A viewer's handle: `close()` to stop watching. */
export interface CameraWatch {
  close(): void;
  stats(): ViewerStats;
}

/** Counters of one camera in the hub. */
export interface CameraHubStats {
  readonly viewers: number;
  /** Upstream sessions opened since the camera was added. */
  readonly sessionsOpened: number;
  /** Sessions open or still closing right now. */
  readonly sessionsActive: number;
  readonly framesIn: number;
  readonly live: boolean;
}

/**
 * One upstream session per printer shared by every viewer: frames fan out to each viewer through a
 * one-frame mailbox (a slow viewer skips frames, memory stays flat); the session closes `lingerMs`
 * after the last viewer leaves; snapshots come from the last frame while the stream is live.
 */
export class CameraHub {
  private readonly cameras = new Map<string, HubCamera>();
  private readonly lingerMs: number;
  private readonly snapshotTimeoutMs: number;

  constructor(options: CameraHubOptions = {}) {
    this.lingerMs = options.lingerMs ?? 10_000;
    this.snapshotTimeoutMs = options.snapshotTimeoutMs ?? 15_000;
  }

  /** Registers a printer's camera under `id` (replacing and closing a previous one). */
  addCamera(id: string, source: CameraSource): void {
    this.cameras.get(id)?.shutdown();
    this.cameras.set(id, new HubCamera(source, this.lingerMs));
  }

  /** Closes the camera's session and detaches its viewers (they get a `closed` status). */
  removeCamera(id: string): void {
    this.cameras.get(id)?.shutdown();
    this.cameras.delete(id);
  }

  /** Start watching; opens the upstream if needed. Throws for an unknown id. */
  watch(id: string, viewer: CameraViewer): CameraWatch {
    return this.camera(id).watch(viewer);
  }

  /**
   * A JPEG of the camera now: the last frame when live, else the first frame of a session opened for
   * it (which then lingers like any other). Rejects with a CameraError on timeout or failure.
   */
  snapshot(id: string, timeoutMs = this.snapshotTimeoutMs): Promise<Buffer> {
    return this.camera(id).snapshot(timeoutMs);
  }

  stats(id: string): CameraHubStats {
    return this.camera(id).stats();
  }

  /** Closes every session. */
  close(): void {
    for (const camera of this.cameras.values()) camera.shutdown();
    this.cameras.clear();
  }

  private camera(id: string): HubCamera {
    const camera = this.cameras.get(id);
    if (!camera) throw new CameraError('closed', `no camera registered for printer ${id}`);
    return camera;
  }
}
