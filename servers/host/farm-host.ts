import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorMapper } from '../../shared/contract/dispatch.ts';
import { defaultErrorMapper } from '../../shared/contract/dispatch.ts';
import { createCameraEndpoint, type CameraFace } from './camera-endpoint.ts';
import { createStaticHandler } from './static-files.ts';
import { createUploadRoute, type UploadFace } from './upload-route.ts';
import { createWsTransport, type EngineFace } from './ws-transport.ts';
import { gateRequest, isLoopback } from '../common/request-gate.ts';
import { rejectUpgrade } from './request-origin.ts';

export { isLoopback };

export interface FarmHostOptions {
  /** The engine; with `openCamera` the host also serves camera streams on `/camera`. */
  engine: EngineFace & Partial<CameraFace> & Partial<UploadFace>;
  /** Folder of the built renderer (index.html + assets/). */
  staticDir: string;
  /** Address to bind; default 127.0.0.1. Any other address requires `token`. */
  host?: string;
  /** TCP port; 0 picks a free one. Default 0. */
  port?: number;
  /** Access token clients must present (`?token=` on the page URL); required off loopback. */
  token?: string;
  /** Maps engine errors to error values (default: FarmFailure codes, else internal). */
  mapError?: ErrorMapper;
  /** An upload that sends nothing for this long is cut (default 30 s); see upload-route.ts. */
  uploadIdleTimeoutMs?: number;
}

export interface FarmHost {
  /** URL to open in a browser (carries the token when one is set). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Throws, saying what to do, when `host` is reachable from the network and no good token is set. */
export function assertBindAllowed(host: string, token: string | null | undefined): void {
  if (!isLoopback(host) && (!token || token.length < 16)) {
    throw new Error(
      `binding ${host} exposes printer control to the network: pass an access token of at least 16 characters (--token-file or FARMDECK_TOKEN)`,
    );
  }
}

/**
 * Serves the renderer and the contract over WebSocket. Every request and upgrade passes the shared Host
 * and Origin gate first (see `gateRequest`: on loopback, Host must be exactly 127.0.0.1, localhost or
 * [::1] with our port, which defeats DNS rebinding); on any other address a token is required.
 */
export async function startFarmHost(options: FarmHostOptions): Promise<FarmHost> {
  const bindHost = options.host ?? '127.0.0.1';
  const token = options.token ?? null;
  assertBindAllowed(bindHost, token);
  const serveStatic = createStaticHandler(options.staticDir);
  const transport = createWsTransport({
    engine: options.engine,
    mapError: options.mapError ?? defaultErrorMapper,
    token,
  });
  const openCamera = options.engine.openCamera?.bind(options.engine);
  const cameras = openCamera ? createCameraEndpoint({ engine: { openCamera }, token }) : null;
  const print = options.engine.print;
  const uploads = print
    ? createUploadRoute({
        engine: { print },
        token,
        mapError: options.mapError ?? defaultErrorMapper,
        ...(options.uploadIdleTimeoutMs !== undefined
          ? { idleTimeoutMs: options.uploadIdleTimeoutMs }
          : {}),
      })
    : null;
  const binding = { bindHost, port: 0 };

  const server = createServer((req, res) => {
    const refusal = gateRequest(req, binding);
    if (refusal) {
      req.resume();
      res
        .writeHead(refusal.status, { 'Content-Type': 'text/plain', Connection: 'close' })
        .end(refusal.message + '\n');
      return;
    }
    if (uploads?.handles(req)) {
      uploads.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
      return;
    }
    serveStatic(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  // Node's requestTimeout (5 min) would cut a slow upload's body; uploads have an idle timeout
  // instead, and headersTimeout still bounds the requests' headers.
  server.requestTimeout = 0;
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const refusal = gateRequest(req, binding);
    if (refusal) {
      rejectUpgrade(
        socket,
        refusal.status,
        refusal.status === 421 ? 'Misdirected Request' : 'Forbidden',
      );
      return;
    }
    if (cameras?.handles(req)) cameras.handleUpgrade(req, socket, head);
    else transport.handleUpgrade(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  binding.port = port;
  const shownHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  const url =
    `http://${shownHost}:${port}/` + (token === null ? '' : `?token=${encodeURIComponent(token)}`);
  return {
    url,
    port,
    close: async () => {
      transport.close();
      cameras?.close();
      await uploads?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
