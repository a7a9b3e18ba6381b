/**
 * The proxy's door: custom-token checks (constant time, with a lockout for addresses that keep
 * guessing) and the per-token rate limits with their X-RateLimit headers.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../common/http-kit.ts';
import { RateLimiter, rateLimitHeaders } from '../common/rate-limiter.ts';
import type { RateRule } from '../common/rate-limiter.ts';
import { bearerToken } from '../common/token-table.ts';
import { AUTH_FAILURE_RULE } from './proxy-limits.ts';
import type { RateClass } from './proxy-limits.ts';
import type { TokenSource } from './proxy-tokens.ts';

/** A caller that presented a known custom token. */
export interface Caller {
  /** The cloud token it maps to. Secret. */
  real: string;
  /** The token it presented. Secret. */
  custom: string;
}

/** Token checks and rate limits of one proxy. */
export class ProxyGate {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly tokens: TokenSource,
    readonly limits: Readonly<Record<RateClass, RateRule>>,
    private readonly now: () => number,
  ) {
    this.limiter = new RateLimiter(now);
  }

  /** Counts one request of `key` in `cls`; throws 429 when over, else returns the headers. */
  limit(cls: RateClass, key: string): Record<string, string> {
    const rule = this.limits[cls];
    const decision = this.limiter.take(`${cls}:${key}`, rule);
    const headers = rateLimitHeaders(decision, this.now());
    if (!decision.allowed) {
      throw new HttpError(
        429,
        'rate-limited',
        `rate limit of ${decision.limit} requests per ${rule.windowMs / 1000} s reached: ` +
          `wait ${headers['retry-after']} s`,
        headers,
        { retry_after: Number(headers['retry-after']) },
      );
    }
    return headers;
  }

  /** The caller behind the request's Bearer token; 401, or 429 for an address that keeps failing. */
  async authenticate(req: IncomingMessage, ip: string): Promise<Caller> {
    const failKey = `auth-fail:${ip}`;
    if (this.limiter.peek(failKey, AUTH_FAILURE_RULE)) {
      throw new HttpError(429, 'too-many-failures', 'too many failed token checks: wait a minute', {
        'retry-after': String(AUTH_FAILURE_RULE.windowMs / 1000),
      });
    }
    await this.tokens.refresh();
    const custom = bearerToken(req.headers.authorization);
    const real = custom === null ? null : this.tokens.resolve(custom);
    if (custom !== null && real !== null) return { real, custom };
    this.limiter.take(failKey, AUTH_FAILURE_RULE);
    const challenge = { 'www-authenticate': 'Bearer' };
    throw custom === null
      ? new HttpError(
          401,
          'missing-token',
          'send Authorization: Bearer <your proxy token>',
          challenge,
        )
      : new HttpError(
          401,
          'invalid-token',
          'unknown proxy token: ask the proxy admin for one',
          challenge,
        );
  }
}
