import type { AlertResult } from '../../shared/contract/alert-schemas.ts';
import type { AlertEvent } from './alert-payload.ts';
import type { SendOutcome } from './alert-sender.ts';

export interface OutboxOptions {
  /** Alerts waiting at most; a new one beyond drops the oldest (counted). */
  maxPending: number;
  /** Waits before each retry, ms: its length is the number of retries. */
  retryDelaysMs: readonly number[];
  now: () => number;
  /** Each alert's final outcome (after its retries). */
  onResult: (result: AlertResult) => void;
}

/**
 * One channel's queue: alerts go out one at a time, in order, each with a few retries; a dead or slow
 * endpoint only holds up its own channel, and never more than `maxPending` alerts are kept.
 */
export class AlertOutbox {
  private readonly pending: AlertEvent[] = [];
  private readonly abort = new AbortController();
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Alerts dropped since start because the queue was full. */
  dropped = 0;

  constructor(
    private readonly send: (alert: AlertEvent, signal: AbortSignal) => Promise<SendOutcome>,
    private readonly options: OutboxOptions,
  ) {}

  get size(): number {
    return this.pending.length;
  }

  push(alert: AlertEvent): void {
    if (this.abort.signal.aborted) return;
    this.pending.push(alert);
    while (this.pending.length > this.options.maxPending) {
      this.pending.shift();
      this.dropped += 1;
    }
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Resolves once every queued alert has been tried (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops: in-flight requests are aborted, waiting alerts are dropped. */
  async close(): Promise<void> {
    this.abort.abort();
    this.pending.length = 0;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.idle();
  }

  private async drain(): Promise<void> {
    for (let alert = this.pending.shift(); alert; alert = this.pending.shift()) {
      let outcome = await this.send(alert, this.abort.signal);
      for (const delay of this.options.retryDelaysMs) {
        if (outcome.result.ok || !outcome.retry || this.abort.signal.aborted) break;
        await this.sleep(delay);
        if (this.abort.signal.aborted) break;
        outcome = await this.send(alert, this.abort.signal);
      }
      if (this.abort.signal.aborted) return;
      this.options.onResult({ ...outcome.result, at: this.options.now() });
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }
}
