/**
 * Rate limit for `pushall` (Studio's REQUEST_PUSH_MIN_TIME, 3 s) with waiters that resolve on
 * the next full report. A request inside the window is deferred to its end, not dropped.
 */
import { commandTimeout } from './link-error.ts';
import type { LinkError } from './link-error.ts';

export const PUSHALL_MIN_INTERVAL_MS = 3000;

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (e: LinkError) => void;
  readonly timer: NodeJS.Timeout;
}

export class PushallGate {
  private lastSentAt = -Infinity;
  private deferred: NodeJS.Timeout | undefined;
  private readonly waiters = new Set<Waiter>();

  /**
   * @param send publishes one `pushall` (returns false when it could not be sent)
   * @param now clock, ms
   */
  constructor(
    private readonly serial: string,
    private readonly send: () => boolean,
    private readonly now: () => number,
    private readonly minIntervalMs = PUSHALL_MIN_INTERVAL_MS,
  ) {}

  /** Sends a pushall now, or at the end of the rate-limit window; ms until it goes out. */
  request(): number {
    if (this.deferred !== undefined) return this.remaining();
    const wait = this.remaining();
    if (wait <= 0) {
      this.fire();
      return 0;
    }
    this.deferred = setTimeout(() => {
      this.deferred = undefined;
      this.fire();
    }, wait);
    this.deferred.unref();
    return wait;
  }

  /** Requests a pushall and resolves on the next full report, or rejects after `timeoutMs`. */
  waitForFullReport(timeoutMs: number): Promise<void> {
    const delay = this.request();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(commandTimeout(this.serial, 'pushall', timeoutMs));
        }, delay + timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** A full report arrived: every waiter resolves. */
  fullReport(): void {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve();
    }
    this.waiters.clear();
  }

  /** Rejects all waiters and cancels a deferred send (link closed or auth failed). */
  cancel(error: LinkError): void {
    if (this.deferred !== undefined) clearTimeout(this.deferred);
    this.deferred = undefined;
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(error);
    }
    this.waiters.clear();
  }

  private remaining(): number {
    return Math.max(0, this.lastSentAt + this.minIntervalMs - this.now());
  }

  private fire(): void {
    if (this.send()) this.lastSentAt = this.now();
  }
}
