/**
 * The proxy's rate limits per token, the seed project's numbers (a quarter of what it assumed
 * the cloud allows): devices 30/min, user endpoints 15/min, admin 10/min, health 60/min.
 */
import type { RateRule } from '../common/rate-limiter.ts';

/** Which limit a request counts against. */
export type RateClass = 'default' | 'user' | 'admin' | 'health';

const MINUTE = 60_000;

export const DEFAULT_RATE_LIMITS: Readonly<Record<RateClass, RateRule>> = {
  default: { limit: 30, windowMs: MINUTE },
  user: { limit: 15, windowMs: MINUTE },
  admin: { limit: 10, windowMs: MINUTE },
  health: { limit: 60, windowMs: MINUTE },
};

/** Failed token checks allowed per client address per minute before it gets 429s. */
export const AUTH_FAILURE_RULE: RateRule = { limit: 20, windowMs: MINUTE };

/** The class of a `/v1/...` path: account endpoints are limited harder than device ones. */
export function rateClassOf(path: string): RateClass {
  return path.startsWith('/v1/user-service/') || path.startsWith('/v1/design-user-service/')
    ? 'user'
    : 'default';
}

/** Human form of the limits, for `/` and `/health`. */
export function describeLimits(limits: Readonly<Record<RateClass, RateRule>>) {
  const per = (r: RateRule) =>
    r.windowMs === MINUTE ? `${r.limit} per minute` : `${r.limit} per ${r.windowMs / 1000} s`;
  return {
    device_queries: per(limits.default),
    user_endpoints: per(limits.user),
    admin_endpoints: per(limits.admin),
    health_check: per(limits.health),
  };
}
