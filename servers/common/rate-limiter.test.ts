import { describe, expect, it } from 'vitest';
import { RateLimiter, rateLimitHeaders } from './rate-limiter.ts';

describe('RateLimiter', () => {
  it('allows `limit` requests per window, then refuses until the window ends', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(() => now);
    const rule = { limit: 3, windowMs: 60_000 };
    expect([1, 2, 3].map(() => limiter.take('k', rule).remaining)).toEqual([2, 1, 0]);
    const refused = limiter.take('k', rule);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, resetAt: 1_060_000 });
    expect(limiter.peek('k', rule)).toBe(true);
    expect(limiter.take('other', rule).allowed).toBe(true);
    now += 60_000;
    expect(limiter.peek('k', rule)).toBe(false);
    expect(limiter.take('k', rule)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('keeps at most maxKeys windows', () => {
    const limiter = new RateLimiter(() => 0, 100);
    for (let i = 0; i < 1000; i++) limiter.take(`k${i}`, { limit: 1, windowMs: 1000 });
    expect(limiter.size).toBeLessThanOrEqual(100);
  });

  it('builds X-RateLimit headers and Retry-After when refused', () => {
    const h = rateLimitHeaders({ allowed: false, limit: 15, remaining: 0, resetAt: 61_500 }, 1_000);
    expect(h).toEqual({
      'x-ratelimit-limit': '15',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '62',
      'retry-after': '61',
    });
    expect(
      rateLimitHeaders({ allowed: true, limit: 2, remaining: 1, resetAt: 0 }, 0),
    ).not.toHaveProperty('retry-after');
  });
});
