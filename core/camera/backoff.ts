import type { BackoffOptions } from './camera-types.ts';

/** Exponential backoff with ±20 % jitter, so a farm of cameras does not reconnect in lock-step. */
export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = Math.max(1, options.initialMs ?? 1000);
    this.maxMs = Math.max(this.initialMs, options.maxMs ?? 30_000);
  }

  /** Delay before the next attempt, ms; each call doubles the base up to the maximum. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    const jittered = base * (0.8 + Math.random() * 0.4);
    return Math.round(Math.min(this.maxMs, jittered));
  }

  /** The largest delay (used after errors that retrying soon cannot fix, like a refused login). */
  max(): number {
    this.attempt += 1;
    return this.maxMs;
  }

  /** Back to the first delay (after a successful session). */
  reset(): void {
    this.attempt = 0;
  }
}
