import type { CameraFrame, CameraStatus } from './camera-types.ts';

/** Someone watching a camera through the hub. */
export interface CameraViewer {
  /**
   * Called with each frame. Return a promise to say "busy until it settles": frames arriving
   * meanwhile are not queued; only the newest one is kept and delivered next (latest-frame-wins).
   * A rejected promise or a throw detaches the viewer.
   */
  onFrame(frame: CameraFrame): void | Promise<void>;
  /** Upstream lifecycle, for a "connecting…"/"camera offline" overlay. */
  onStatus?(status: CameraStatus): void;
  /** Called once when the hub detaches the viewer because its `onFrame` failed. */
  onDetached?(reason: unknown): void;
}

/** Counters of one viewer. */
export interface ViewerStats {
  /** Frames handed to `onFrame`. */
  readonly delivered: number;
  /** Frames replaced by a newer one while the viewer was busy. */
  readonly skipped: number;
  /** Bytes held for this viewer and not yet delivered (at most one init plus one frame). */
  readonly pendingBytes: number;
}

/**
 * Per-viewer mailbox with one slot ("1 running, 1 queued"): memory per viewer is bounded by one
 * frame whatever the viewer's speed. An `mp4-init` is never skipped (a decoder needs it), and it
 * discards fragments queued before it (they belong to the previous stream).
 */
export class ViewerSlot {
  private busy = false;
  private pendingInit: CameraFrame | null = null;
  private pending: CameraFrame | null = null;
  private delivered = 0;
  private skipped = 0;
  private detached = false;

  constructor(
    readonly viewer: CameraViewer,
    private readonly onFail: (slot: ViewerSlot, reason: unknown) => void,
  ) {}

  offer(frame: CameraFrame): void {
    if (this.detached) return;
    if (frame.kind === 'mp4-init') {
      if (this.pending) this.skipped += 1;
      this.pending = null;
      this.pendingInit = frame;
    } else {
      if (this.pending) this.skipped += 1;
      this.pending = frame;
    }
    this.pump();
  }

  status(status: CameraStatus): void {
    if (this.detached) return;
    try {
      this.viewer.onStatus?.(status);
    } catch (err) {
      this.fail(err);
    }
  }

  detach(): void {
    this.detached = true;
    this.pending = null;
    this.pendingInit = null;
  }

  stats(): ViewerStats {
    return {
      delivered: this.delivered,
      skipped: this.skipped,
      pendingBytes: (this.pending?.data.length ?? 0) + (this.pendingInit?.data.length ?? 0),
    };
  }

  private pump(): void {
    while (!this.busy && !this.detached) {
      const frame = this.pendingInit ?? this.pending;
      if (!frame) return;
      if (frame === this.pendingInit) this.pendingInit = null;
      else this.pending = null;
      this.delivered += 1;
      let result: void | Promise<void>;
      try {
        result = this.viewer.onFrame(frame);
      } catch (err) {
        this.fail(err);
        return;
      }
      if (result && typeof result.then === 'function') {
        this.busy = true;
        result.then(
          () => {
            this.busy = false;
            this.pump();
          },
          (err: unknown) => this.fail(err),
        );
      }
    }
  }

  private fail(reason: unknown): void {
    if (this.detached) return;
    this.detach();
    this.onFail(this, reason);
  }
}
