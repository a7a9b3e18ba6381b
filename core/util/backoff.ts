/** Capped exponential backoff with jitter, for reconnecting to a printer (MQTT, cameras). */

export interface BackoffOptions {
  /** First delay before jitter, ms (default 1000). */
  initialMs?: number;
  /** Largest delay before jitter, ms (default 30000). */
  maxMs?: number;
  /** Random source in [0, 1) (default Math.random); tests inject their own. */
  random?: () => number;
}

/**
 * Delay n (0-based) is `min(maxMs, initialMs * 2^n)`, then jittered into its upper half
 * (`[d/2, d]`) so that many printers dropped together do not reconnect in lock step.
 */
export class Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  private readonly random: () => number;
  private attempt = 0;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = Math.max(1, options.initialMs ?? 1000);
    this.maxMs = Math.max(this.initialMs, options.maxMs ?? 30_000);
    this.random = options.random ?? Math.random;
  }

  /** Number of delays handed out since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The next delay, ms; each call doubles the base up to `maxMs`. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    const r = Math.min(Math.max(this.random(), 0), 1);
    return Math.round(base / 2 + (r * base) / 2);
  }

  /** The largest delay, without jitter (after errors that retrying soon cannot fix, like a refused login). */
  max(): number {
    this.attempt += 1;
    return this.maxMs;
  }

  /** Back to the first delay (after a successful connection). */
  reset(): void {
    this.attempt = 0;
  }
}
