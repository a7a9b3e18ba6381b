/**
 * `Retry-After` parsing and the bounded backoff used on 429 and 5xx answers.
 */

/** Milliseconds to wait from a `Retry-After` header (seconds or HTTP date); null when absent/invalid. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Delay before retry number `attempt` (0-based): the server's wish when given, else exponential
 * from `baseMs`, always capped at `maxMs`.
 */
export function backoffDelay(
  attempt: number,
  retryAfterMs: number | null,
  baseMs: number,
  maxMs: number,
): number {
  const wanted = retryAfterMs ?? baseMs * 2 ** attempt;
  return Math.min(Math.max(0, wanted), maxMs);
}
