/** Timer functions, injectable so tests can drive time. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** What one flush carries: ids changed and ids removed since the previous flush, and the batch number. */
export interface CoalescedBatch {
  readonly seq: number;
  readonly changed: ReadonlySet<string>;
  readonly removed: ReadonlySet<string>;
}

/**
 * Collects "printer X changed" marks and flushes them at most once per `intervalMs` (the first mark starts
 * the window; later marks join it). Each flush gets the next sequence number, so a receiver that sees a gap
 * knows it missed a batch. The payload is built at flush time from the latest state, so ten reports from one
 * printer within a window cost one entry.
 */
export class PatchCoalescer {
  private readonly changed = new Set<string>();
  private readonly removed = new Set<string>();
  private timer: unknown = null;
  private seqValue = 0;
  private closed = false;

  constructor(
    private readonly onFlush: (batch: CoalescedBatch) => void,
    private readonly intervalMs = 120,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Sequence number of the last flushed batch (0 before the first). */
  get seq(): number {
    return this.seqValue;
  }

  markChanged(id: string): void {
    this.removed.delete(id);
    this.changed.add(id);
    this.schedule();
  }

  markRemoved(id: string): void {
    this.changed.delete(id);
    this.removed.add(id);
    this.schedule();
  }

  /** Flushes now if anything is pending (used on close, and by tests). */
  flush(): void {
    if (this.timer !== null) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.changed.size === 0 && this.removed.size === 0) return;
    this.seqValue += 1;
    const batch: CoalescedBatch = {
      seq: this.seqValue,
      changed: new Set(this.changed),
      removed: new Set(this.removed),
    };
    this.changed.clear();
    this.removed.clear();
    this.onFlush(batch);
  }

  /** Stops the timer; pending marks are dropped. */
  close(): void {
    this.closed = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer !== null || this.closed) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.intervalMs);
  }
}
