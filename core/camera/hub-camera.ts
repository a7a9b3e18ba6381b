import { CameraError } from './camera-error.ts';
import type { CameraHubStats, CameraSource, CameraWatch } from './camera-hub.ts';
import type {
  CameraFrame,
  CameraStatus,
  CameraUpstream,
  UpstreamListener,
} from './camera-types.ts';
import { type CameraViewer, ViewerSlot } from './viewer-slot.ts';

/** One printer's camera inside the hub: its upstream session, viewers, last frame and linger. */
export class HubCamera {
  private readonly slots = new Set<ViewerSlot>();
  private upstream: CameraUpstream | null = null;
  private closing = 0;
  private opened = 0;
  private framesIn = 0;
  private live = false;
  private status: CameraStatus = { state: 'closed' };
  private init: CameraFrame | null = null;
  private last: CameraFrame | null = null;
  private linger: NodeJS.Timeout | null = null;
  private budgetWait: NodeJS.Timeout | null = null;
  private down = false;

  constructor(
    private readonly source: CameraSource,
    private readonly lingerMs: number,
  ) {}

  watch(viewer: CameraViewer): CameraWatch {
    if (this.down) throw new CameraError('closed', 'camera was removed');
    const slot = new ViewerSlot(viewer, (s, reason) => {
      this.leave(s);
      viewer.onDetached?.(reason);
    });
    this.slots.add(slot);
    this.cancelLinger();
    slot.status(this.status);
    // A new viewer sees the picture at once: the last frame (and the init segment it needs).
    if (this.live) {
      if (this.init) slot.offer(this.init);
      if (this.last) slot.offer(this.last);
    }
    this.ensureOpen();
    return { close: () => this.leave(slot), stats: () => slot.stats() };
  }

  snapshot(timeoutMs: number): Promise<Buffer> {
    if (this.live && this.last) return this.toJpeg(this.last);
    return new Promise<Buffer>((resolve, reject) => {
      let settled = false;
      let lastError: CameraError | null = null;
      let handle: CameraWatch | null = null;
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        handle?.close();
        fn();
      };
      const timer = setTimeout(() => {
        const why = lastError ? `: ${lastError.message}` : '';
        finish(() =>
          reject(
            lastError && lastError.code !== 'timeout'
              ? lastError
              : new CameraError(
                  'timeout',
                  `no camera frame within ${Math.round(timeoutMs / 1000)} s${why}`,
                ),
          ),
        );
      }, timeoutMs);
      handle = this.watch({
        onFrame: (frame) => {
          if (frame.kind === 'mp4-init') return;
          const jpeg = this.toJpeg(frame);
          finish(() => void jpeg.then(resolve, reject));
        },
        onStatus: (status) => {
          if (status.state === 'retrying') lastError = status.error;
          if (status.state === 'closed' && status.error) {
            const error = status.error;
            finish(() => reject(error));
          }
        },
      });
      if (settled) handle.close();
    });
  }

  stats(): CameraHubStats {
    return {
      viewers: this.slots.size,
      sessionsOpened: this.opened,
      sessionsActive: (this.upstream ? 1 : 0) + this.closing,
      framesIn: this.framesIn,
      live: this.live,
    };
  }

  shutdown(): void {
    this.down = true;
    this.cancelLinger();
    if (this.budgetWait) clearTimeout(this.budgetWait);
    this.closeUpstream();
    this.broadcastStatus({
      state: 'closed',
      error: new CameraError('closed', 'camera was removed'),
    });
    for (const slot of this.slots) slot.detach();
    this.slots.clear();
  }

  private toJpeg(frame: CameraFrame): Promise<Buffer> {
    if (frame.kind === 'jpeg') return Promise.resolve(frame.data);
    if (!this.init || !this.source.toJpeg) {
      return Promise.reject(new CameraError('protocol', 'no decodable video frame yet'));
    }
    return this.source.toJpeg(this.init.data, frame.data);
  }

  private ensureOpen(): void {
    if (this.upstream || this.down || this.slots.size === 0 || this.budgetWait) return;
    if (this.closing >= this.source.streamBudget) {
      // The previous session is still closing and the printer allows no more: wait for it.
      this.broadcastStatus({
        state: 'retrying',
        error: new CameraError(
          'budget-exhausted',
          'waiting for the previous camera stream to close',
        ),
        retryInMs: 200,
      });
      this.budgetWait = setTimeout(() => {
        this.budgetWait = null;
        this.ensureOpen();
      }, 200);
      return;
    }
    this.opened += 1;
    let current: CameraUpstream | null = null;
    let finished = false;
    const listener: UpstreamListener = {
      onFrame: (frame) => {
        if (current !== this.upstream) return;
        this.framesIn += 1;
        if (frame.kind === 'mp4-init') this.init = frame;
        else this.last = frame;
        for (const slot of this.slots) slot.offer(frame);
      },
      onStatus: (status) => {
        if (status.state === 'closed') {
          if (!finished && current !== null && current !== this.upstream) {
            this.closing -= 1;
            this.ensureOpen();
          }
          finished = true;
        }
        if (current !== null && current !== this.upstream) return;
        this.live = status.state === 'live';
        if (!this.live) this.last = null;
        this.broadcastStatus(status);
        if (status.state === 'closed' && current === this.upstream) this.upstream = null;
      },
    };
    current = this.source.open(listener);
    if (!finished) this.upstream = current;
  }

  private closeUpstream(): void {
    const upstream = this.upstream;
    if (!upstream) return;
    this.upstream = null;
    this.live = false;
    this.last = null;
    this.init = null;
    this.status = { state: 'closed' };
    this.closing += 1;
    upstream.close();
  }

  private leave(slot: ViewerSlot): void {
    if (!this.slots.delete(slot)) return;
    slot.detach();
    if (this.slots.size === 0 && this.upstream && !this.linger) {
      this.linger = setTimeout(() => {
        this.linger = null;
        if (this.slots.size === 0) this.closeUpstream();
      }, this.lingerMs);
    }
  }

  private cancelLinger(): void {
    if (this.linger) clearTimeout(this.linger);
    this.linger = null;
  }

  private broadcastStatus(status: CameraStatus): void {
    this.status = status;
    for (const slot of this.slots) slot.status(status);
  }
}
