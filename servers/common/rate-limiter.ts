/**
 * Fixed-window rate limits per key (a token, or an address for anonymous calls), with the
 * numbers the X-RateLimit-* headers carry. Memory stays bounded: at most `maxKeys` windows.
 */

/** Outcome of one {@link RateLimiter.take}. */
export interface RateDecision {
  readonly allowed: boolean;
  /** Requests allowed per window. */
  readonly limit: number;
  /** Requests left in this window after this one. */
  readonly remaining: number;
  /** When the window ends, ms since epoch. */
  readonly resetAt: number;
}

/** A limit: `limit` requests per `windowMs`. */
export interface RateRule {
  readonly limit: number;
  readonly windowMs: number;
}

interface Window {
  start: number;
  count: number;
  windowMs: number;
}

/** Counts requests per key in fixed windows. */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** Counts one request for `key` under `rule` and says whether it may go ahead. */
  take(key: string, rule: RateRule): RateDecision {
    const now = this.now();
    let w = this.windows.get(key);
    if (w === undefined || now >= w.start + w.windowMs) {
      this.windows.delete(key);
      this.prune(now);
      w = { start: now, count: 0, windowMs: rule.windowMs };
      this.windows.set(key, w);
    }
    const resetAt = w.start + w.windowMs;
    if (w.count >= rule.limit) {
      return { allowed: false, limit: rule.limit, remaining: 0, resetAt };
    }
    w.count += 1;
    return { allowed: true, limit: rule.limit, remaining: rule.limit - w.count, resetAt };
  }

  /** True when `key` has used up `rule` in its current window (counts nothing). */
  peek(key: string, rule: RateRule): boolean {
    const w = this.windows.get(key);
    return w !== undefined && this.now() < w.start + w.windowMs && w.count >= rule.limit;
  }

  /** Number of keys tracked (for tests and /health). */
  get size(): number {
    return this.windows.size;
  }

  private prune(now: number): void {
    if (this.windows.size < this.maxKeys) return;
    for (const [key, w] of this.windows) {
      if (now >= w.start + w.windowMs) this.windows.delete(key);
    }
    // Still full: drop the oldest windows (Map keeps insertion order).
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(key);
    }
  }
}

/** The X-RateLimit-* headers (Reset in epoch seconds) and, when refused, Retry-After. */
export function rateLimitHeaders(d: RateDecision, now: number): Record<string, string> {
  const headers: Record<string, string> = {
    'x-ratelimit-limit': String(d.limit),
    'x-ratelimit-remaining': String(d.remaining),
    'x-ratelimit-reset': String(Math.ceil(d.resetAt / 1000)),
  };
  if (!d.allowed) headers['retry-after'] = String(Math.max(1, Math.ceil((d.resetAt - now) / 1000)));
  return headers;
}
