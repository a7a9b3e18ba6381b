/** JSON bodies of the proxy's own endpoints: `/`, `/health` and the realtime read. */
import { FARMDECK_VERSION } from '../../core/cloud/user-agent.ts';
import type { RateRule } from '../common/rate-limiter.ts';
import { describeLimits } from './proxy-limits.ts';
import type { RateClass } from './proxy-limits.ts';
import type { ReadResult, RealtimeSessions } from './realtime-sessions.ts';

/** What the info and health bodies show. */
export interface InfoContext {
  mode: 'strict' | 'full';
  apiUrl: string;
  limits: Readonly<Record<RateClass, RateRule>>;
  tokens: number;
  sessions: RealtimeSessions;
}

const DESCRIPTIONS = {
  strict: 'Read-only: only GET requests are forwarded; every other method is refused with 405.',
  full: 'Complete proxy: every request is forwarded to the cloud API, writes included.',
};

/** `GET /`. */
export function infoBody(ctx: InfoContext): Record<string, unknown> {
  return {
    name: 'Farmdeck cloud API proxy',
    version: FARMDECK_VERSION,
    mode: ctx.mode,
    description: DESCRIPTIONS[ctx.mode],
    endpoints: {
      health: '/health',
      api_base: '/v1/',
      realtime_start: 'POST /v1/iot-service/api/user/device/realtime/start {"device_id": SERIAL}',
      realtime: 'GET /v1/iot-service/api/user/device/realtime?device_id=SERIAL',
      admin_tokens: '/admin/tokens',
      admin_mqtt: '/admin/mqtt',
    },
    rate_limits: describeLimits(ctx.limits),
    ...(ctx.mode === 'full'
      ? { warning: 'This proxy forwards writes: callers can change your printers and account.' }
      : {}),
  };
}

/** `GET /health`. */
export function healthBody(ctx: InfoContext): Record<string, unknown> {
  return {
    status: 'healthy',
    mode: ctx.mode,
    backend: ctx.apiUrl,
    tokens_configured: ctx.tokens,
    mqtt_active_sessions: ctx.sessions.count,
    mqtt_session_duration: `${ctx.sessions.durationMs / 1000} seconds`,
    rate_limits: describeLimits(ctx.limits),
  };
}

const START_HINT = `start one with POST /v1/iot-service/api/user/device/realtime/start and {"device_id": "SERIAL"}`;

/** Status and body of `GET .../device/realtime?device_id=`. */
export function realtimeBody(
  r: ReadResult,
  deviceId: string,
  now: number,
): { status: number; body: Record<string, unknown> } {
  switch (r.kind) {
    case 'none':
      return {
        status: 404,
        body: {
          error: 'no-session',
          message: `no realtime session for ${deviceId}: ${START_HINT}`,
          device_id: deviceId,
        },
      };
    case 'expired':
      return {
        status: 410,
        body: {
          error: 'session-expired',
          message: `the realtime session for ${deviceId} expired: ${START_HINT}`,
          device_id: deviceId,
        },
      };
    case 'waiting':
      return {
        status: 202,
        body: {
          status: 'waiting',
          message: 'waiting for the first report from the printer',
          device_id: deviceId,
          connection: r.status,
          session_age: r.sessionAgeMs / 1000,
          expires_in: r.expiresInMs / 1000,
        },
      };
    case 'data':
      return {
        status: 200,
        body: {
          device_id: deviceId,
          data: { print: r.print },
          timestamp: r.updatedAt / 1000,
          age_seconds: Math.max(0, now - r.updatedAt) / 1000,
          expires_in: r.expiresInMs / 1000,
          message_count: r.messageCount,
          connection: r.status,
        },
      };
  }
}
