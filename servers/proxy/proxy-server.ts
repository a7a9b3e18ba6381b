/**
 * The cloud API proxy: a team's tools call it with their own custom tokens; it forwards `/v1/*`
 * to the cloud API with the real token. Strict mode forwards only GET; full mode forwards every
 * method. Per-token rate limits, realtime MQTT sessions, admin views, masked answers and logs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FARMDECK_VERSION } from '../../core/cloud/user-agent.ts';
import type { CloudRegion } from '../../core/cloud/endpoints.ts';
import type { TlsTrust } from '../../core/mqtt/printer-link.ts';
import {
  closeServer,
  createJsonServer,
  DEFAULT_MAX_BODY_BYTES,
  HttpError,
  listen,
  methodNotAllowed,
  parseJsonObject,
  readBody,
  requestUrl,
  sendJson,
  serverUrl,
} from '../common/http-kit.ts';
import { maskedLog, maskJson } from '../common/masking.ts';
import type { RateRule } from '../common/rate-limiter.ts';
import { handleAdmin } from './proxy-admin.ts';
import { ProxyGate } from './proxy-gate.ts';
import { DEFAULT_RATE_LIMITS, rateClassOf } from './proxy-limits.ts';
import type { RateClass } from './proxy-limits.ts';
import { healthBody, infoBody, realtimeBody } from './proxy-info.ts';
import { normalizeProxyPath } from './proxy-path.ts';
import { sendUpstream } from './proxy-replies.ts';
import type { TokenSource } from './proxy-tokens.ts';
import { tokenKey } from './realtime-account.ts';
import { RealtimeSessions } from './realtime-sessions.ts';
import type { RealtimeOptions } from './realtime-sessions.ts';
import { DEFAULT_MAX_RESPONSE_BYTES, forwardUpstream } from './upstream.ts';

/** strict: GET only; full: every method. */
export type ProxyMode = 'strict' | 'full';

/** Default ports per mode (the seed's). */
export const PROXY_DEFAULT_PORTS: Readonly<Record<ProxyMode, number>> = {
  strict: 5001,
  full: 5003,
};

export const REALTIME_START_PATH = '/v1/iot-service/api/user/device/realtime/start';
export const REALTIME_PATH = '/v1/iot-service/api/user/device/realtime';

/** Options of {@link startProxyServer}. */
export interface ProxyOptions {
  mode: ProxyMode;
  tokens: TokenSource;
  /** Cloud REST base (default region's, e.g. `https://api.bambulab.com`). */
  apiUrl: string;
  region?: CloudRegion;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default per mode (5001 strict, 5003 full); 0 = any free port. */
  port?: number;
  /** Bearer token of the /admin endpoints; without one they answer 403. Secret. */
  adminToken?: string | undefined;
  limits?: Partial<Record<RateClass, RateRule>>;
  realtime?: Pick<RealtimeOptions, 'durationMs' | 'maxSessions' | 'connectWaitMs' | 'link'> & {
    mqtt?: { host: string; port: number };
    tls?: TlsTrust;
  };
  /** Per upstream request, ms (default 30000). */
  upstreamTimeoutMs?: number;
  maxBodyBytes?: number;
  maxResponseBytes?: number;
  log?: (line: string) => void;
  now?: () => number;
}

/** A running proxy. */
export interface ProxyServer {
  readonly url: string;
  readonly port: number;
  readonly mode: ProxyMode;
  readonly sessions: RealtimeSessions;
  close(): Promise<void>;
}

/** Starts the proxy. */
export async function startProxyServer(opts: ProxyOptions): Promise<ProxyServer> {
  const now = opts.now ?? Date.now;
  const limits = { ...DEFAULT_RATE_LIMITS, ...opts.limits };
  const gate = new ProxyGate(opts.tokens, limits, now);
  const apiUrl = opts.apiUrl.replace(/\/+$/, '');
  const secrets = () =>
    opts.adminToken ? [...opts.tokens.secrets(), opts.adminToken] : opts.tokens.secrets();
  const log = maskedLog(opts.log ?? (() => undefined), secrets);
  const sessions = new RealtimeSessions({
    ...opts.realtime,
    apiUrl,
    region: opts.region ?? 'global',
    now,
    log,
  });

  async function realtime(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    path: string,
    ip: string,
  ): Promise<void> {
    const start = path === REALTIME_START_PATH;
    const method = req.method ?? 'GET';
    if (start ? method !== 'POST' : method !== 'GET' && method !== 'HEAD') {
      req.resume();
      throw methodNotAllowed(method, start ? ['POST'] : ['GET']);
    }
    const { real, custom } = await gate.authenticate(req, ip);
    const headers = gate.limit('default', tokenKey(custom));
    if (start) {
      const body = parseJsonObject(await readBody(req, 16 * 1024));
      const deviceId = deviceIdOf(body['device_id']);
      sendJson(res, 200, await sessions.start(real, deviceId), headers);
      return;
    }
    req.resume();
    const deviceId = deviceIdOf(url.searchParams.get('device_id'));
    const { status, body } = realtimeBody(sessions.read(real, deviceId), deviceId, now());
    sendJson(res, status, maskJson(body, secrets()), headers);
  }

  async function forward(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    search: string,
    ip: string,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    if (opts.mode === 'strict' && method !== 'GET') {
      req.resume();
      throw new HttpError(
        405,
        'method-not-allowed',
        `this proxy runs in strict mode and forwards only GET requests; ${method.slice(0, 16)} was not sent to the cloud`,
        // The refused body is not read: close the connection instead of draining it.
        { allow: 'GET', connection: 'close' },
        { allowed_methods: ['GET'] },
      );
    }
    const { real, custom } = await gate.authenticate(req, ip);
    const headers = gate.limit(rateClassOf(path), tokenKey(custom));
    const body =
      method === 'GET' || method === 'HEAD'
        ? undefined
        : await readBody(req, opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    if (body === undefined) req.resume();
    const up = await forwardUpstream({
      apiUrl,
      method,
      pathAndQuery: path + search,
      realToken: real,
      contentType: req.headers['content-type'],
      accept: req.headers.accept,
      body,
      timeoutMs: opts.upstreamTimeoutMs ?? 30_000,
      maxResponseBytes: opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    });
    sendUpstream(res, up, [...secrets(), real, custom], headers);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = now();
    const url = requestUrl(req);
    // Classified, routed and forwarded under one spelling (see normalizeProxyPath).
    const path = normalizeProxyPath(url.pathname);
    const method = req.method ?? 'GET';
    const ip = req.socket.remoteAddress ?? 'unknown';
    res.on('finish', () =>
      log(
        `${method.slice(0, 16)} ${path.slice(0, 200)} → ${res.statusCode} (${now() - started} ms)`,
      ),
    );
    if (path === '/' || path === '/health') {
      req.resume();
      if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method, ['GET']);
      const headers = gate.limit('health', `ip:${ip}`);
      const ctx = { mode: opts.mode, apiUrl, limits, tokens: opts.tokens.size, sessions };
      sendJson(res, 200, path === '/' ? infoBody(ctx) : healthBody(ctx), headers);
      return;
    }
    if (path === '/admin' || path.startsWith('/admin/')) {
      const ctx = { gate, adminToken: opts.adminToken, tokens: opts.tokens, sessions, secrets };
      return handleAdmin(req, res, path, ip, ctx);
    }
    if (path === REALTIME_START_PATH || path === REALTIME_PATH)
      return realtime(req, res, url, path, ip);
    if (path.startsWith('/v1/')) return forward(req, res, path, url.search, ip);
    req.resume();
    throw new HttpError(
      404,
      'not-found',
      `no endpoint ${path.slice(0, 200)}: the proxy serves /v1/*, /health and /`,
    );
  }

  const server = createJsonServer(handle, { log, bindHost: opts.host ?? '127.0.0.1' });
  const address = await listen(
    server,
    opts.port ?? PROXY_DEFAULT_PORTS[opts.mode],
    opts.host ?? '127.0.0.1',
  );
  const url = serverUrl(address);
  log(
    `cloud API proxy (${opts.mode} mode, Farmdeck ${FARMDECK_VERSION}) listening on ${url}, forwarding to ${apiUrl}`,
  );
  return {
    url,
    port: address.port,
    mode: opts.mode,
    sessions,
    async close() {
      await closeServer(server);
      await sessions.close();
    },
  };
}

function deviceIdOf(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new HttpError(400, 'missing-device-id', 'device_id is required: the printer serial');
  }
  const id = value.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(id)) {
    throw new HttpError(
      400,
      'invalid-device-id',
      'device_id must be a printer serial (letters and digits)',
    );
  }
  return id;
}
