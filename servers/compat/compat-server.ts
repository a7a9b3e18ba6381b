/**
 * The compatibility server: the old local REST API (Home Assistant REST sensors, OctoPrint-style
 * tools, scripts) served from live MQTT data, LAN or cloud, for several printers. Read-only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FARMDECK_VERSION } from '../../core/cloud/user-agent.ts';
import {
  closeServer,
  createJsonServer,
  HttpError,
  listen,
  methodNotAllowed,
  requestUrl,
  sendJson,
  serverUrl,
} from '../common/http-kit.ts';
import { maskedLog, maskJson } from '../common/masking.ts';
import type { CompatConfig } from './compat-config.ts';
import { deviceView, freshness, printView, statusView } from './compat-views.ts';
import { PrinterFeed } from './printer-feed.ts';
import type { FeedLinkOptions } from './printer-feed.ts';

/** Default port, as the seed project's compatibility layer. */
export const COMPAT_DEFAULT_PORT = 8080;

/** Options of {@link startCompatServer}. */
export interface CompatServerOptions {
  config: CompatConfig;
  /** Address to bind (default 127.0.0.1: only this machine). */
  host?: string;
  /** Port (default 8080; 0 = any free port). */
  port?: number;
  /** Log sink; lines are masked before they reach it (default: none). */
  log?: (line: string) => void;
  /** Link tuning (timeouts, reconnect delays). */
  link?: FeedLinkOptions;
  /** Data older than this is flagged `stale`, ms (default 60000). */
  staleAfterMs?: number;
  now?: () => number;
}

/** A running compatibility server. */
export interface CompatServer {
  readonly url: string;
  readonly port: number;
  readonly feeds: ReadonlyMap<string, PrinterFeed>;
  close(): Promise<void>;
}

const ENDPOINTS = {
  info: '/',
  version: '/api/version',
  status: '/api/v1/status?device_id=SERIAL',
  print: '/api/v1/print?device_id=SERIAL',
  devices: '/api/v1/devices',
  health: '/health',
};

/** Starts the printer links and the HTTP server. */
export async function startCompatServer(opts: CompatServerOptions): Promise<CompatServer> {
  const now = opts.now ?? Date.now;
  const staleAfterMs = opts.staleAfterMs ?? 60_000;
  const secrets = opts.config.secrets;
  const log = maskedLog(opts.log ?? (() => undefined), () => secrets);
  const startedAt = now();
  const feeds = new Map<string, PrinterFeed>();
  for (const device of opts.config.devices) {
    const feed = new PrinterFeed(device, opts.link ?? {}, now);
    feed.link.on('status', (status, error) => {
      log(
        `printer ${device.serial} (${device.connection}): ${status}${error ? `: ${error.message}` : ''}`,
      );
    });
    feeds.set(device.serial, feed);
  }

  const reply = (res: ServerResponse, status: number, body: unknown, headers = {}) =>
    sendJson(res, status, maskJson(body, secrets), headers);

  function feedFor(url: URL): PrinterFeed {
    const id = (url.searchParams.get('device_id') ?? url.searchParams.get('serial') ?? '').trim();
    if (id === '') {
      if (feeds.size === 1) return [...feeds.values()][0] as PrinterFeed;
      throw new HttpError(
        400,
        'missing-device-id',
        'say which printer: add ?device_id=SERIAL (see /api/v1/devices for the serials)',
      );
    }
    const feed = feeds.get(id.toUpperCase());
    if (feed === undefined) {
      throw new HttpError(
        404,
        'unknown-device',
        `no printer with serial ${id.slice(0, 64)} is configured: see /api/v1/devices, or add it to the configuration file`,
        {},
        { device_id: id.slice(0, 64) },
      );
    }
    return feed;
  }

  function notYet(feed: PrinterFeed): HttpError {
    const s = feed.snapshot();
    const why = s.problem === null ? `status ${s.status}` : s.problem;
    return new HttpError(
      503,
      'no-data-yet',
      `printer ${s.serial} has not reported yet (${why}): try again in a few seconds`,
      { 'retry-after': '5' },
      { device_id: s.serial, status: s.status },
    );
  }

  const routes: Record<string, (url: URL, res: ServerResponse) => void> = {
    '/': (_url, res) =>
      reply(res, 200, {
        name: 'Farmdeck compatibility server',
        version: FARMDECK_VERSION,
        description:
          'The legacy local REST API for Home Assistant, OctoPrint-style tools and scripts, ' +
          'served from live printer data (LAN or cloud MQTT). Read-only.',
        endpoints: ENDPOINTS,
        devices: feeds.size,
      }),
    '/api/version': (_url, res) =>
      reply(res, 200, {
        api: '1.0',
        server: FARMDECK_VERSION,
        text: `Farmdeck compatibility server ${FARMDECK_VERSION}`,
      }),
    '/api/v1/status': (url, res) => {
      const feed = feedFor(url);
      const s = feed.snapshot();
      if (s.print === null) throw notYet(feed);
      reply(res, 200, statusView(s, freshness(s, now(), staleAfterMs)));
    },
    '/api/v1/print': (url, res) => {
      const feed = feedFor(url);
      const s = feed.snapshot();
      if (s.state === null) throw notYet(feed);
      reply(res, 200, printView(s, s.state, freshness(s, now(), staleAfterMs)));
    },
    '/api/v1/devices': (_url, res) => {
      const devices = [...feeds.values()].map((f) => {
        const s = f.snapshot();
        return deviceView(s, freshness(s, now(), staleAfterMs));
      });
      reply(res, 200, { count: devices.length, devices });
    },
    '/health': (_url, res) => {
      const snaps = [...feeds.values()].map((f) => f.snapshot());
      const online = snaps.filter((s) => s.online).length;
      reply(res, 200, {
        status: online === snaps.length ? 'ok' : 'degraded',
        version: FARMDECK_VERSION,
        uptime_seconds: Math.round((now() - startedAt) / 1000),
        devices: { total: snaps.length, online },
        printers: snaps.map((s) => ({
          device_id: s.serial,
          status: s.status,
          age_seconds: freshness(s, now(), staleAfterMs).age_seconds,
        })),
      });
    },
  };

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = requestUrl(req);
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const route = routes[path];
    if (route === undefined) {
      throw new HttpError(
        404,
        'not-found',
        `no endpoint ${path.slice(0, 200)}: see / for the list`,
        {},
        { endpoints: ENDPOINTS },
      );
    }
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      req.resume();
      throw methodNotAllowed(method, ['GET', 'HEAD']);
    }
    req.resume();
    route(url, res);
  }

  const server = createJsonServer(handle, { log, bindHost: opts.host ?? '127.0.0.1' });
  for (const feed of feeds.values()) feed.start();
  let address;
  try {
    address = await listen(server, opts.port ?? COMPAT_DEFAULT_PORT, opts.host ?? '127.0.0.1');
  } catch (err) {
    await Promise.all([...feeds.values()].map((f) => f.close()));
    throw err;
  }
  const url = serverUrl(address);
  log(`compatibility server listening on ${url} for ${feeds.size} printer(s)`);
  return {
    url,
    port: address.port,
    feeds,
    async close() {
      await closeServer(server);
      await Promise.all([...feeds.values()].map((f) => f.close()));
    },
  };
}
