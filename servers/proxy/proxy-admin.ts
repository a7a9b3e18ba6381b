/**
 * The proxy's admin endpoints: `/admin/tokens` (custom tokens, masked) and `/admin/mqtt`
 * (realtime sessions). They need the admin token; without one configured they are off.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, methodNotAllowed, sendJson } from '../common/http-kit.ts';
import { maskJson } from '../common/masking.ts';
import { bearerToken, tokensEqual } from '../common/token-table.ts';
import type { ProxyGate } from './proxy-gate.ts';
import type { TokenSource } from './proxy-tokens.ts';
import type { RealtimeSessions } from './realtime-sessions.ts';

/** What the admin endpoints read. */
export interface AdminContext {
  gate: ProxyGate;
  adminToken: string | undefined;
  tokens: TokenSource;
  sessions: RealtimeSessions;
  secrets: () => readonly string[];
}

/** Answers one `/admin/...` request. */
export function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  ip: string,
  ctx: AdminContext,
): void {
  req.resume();
  const headers = ctx.gate.limit('admin', `ip:${ip}`);
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method, ['GET']);
  if (!ctx.adminToken) {
    throw new HttpError(
      403,
      'admin-disabled',
      'admin endpoints are off: start the proxy with an admin token (BAMBU_PROXY_ADMIN_TOKEN)',
    );
  }
  const presented = bearerToken(req.headers.authorization) ?? '';
  if (!tokensEqual(presented, ctx.adminToken)) {
    throw new HttpError(401, 'invalid-admin-token', 'send Authorization: Bearer <admin token>', {
      'www-authenticate': 'Bearer',
    });
  }
  if (path === '/admin/tokens') {
    const tokens = ctx.tokens.customs().map((c) => ({ custom_token: c, has_real_token: true }));
    sendJson(res, 200, maskJson({ count: tokens.length, tokens }, ctx.secrets()), headers);
  } else if (path === '/admin/mqtt') {
    const body = {
      active_sessions: ctx.sessions.count,
      session_duration: ctx.sessions.durationMs / 1000,
      sessions: ctx.sessions.list(),
    };
    sendJson(res, 200, body, headers);
  } else {
    throw new HttpError(
      404,
      'not-found',
      `no admin endpoint ${path.slice(0, 100)}: use /admin/tokens or /admin/mqtt`,
    );
  }
}
