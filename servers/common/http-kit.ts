/**
 * Small HTTP helpers shared by the compatibility server and the cloud API proxy: JSON replies,
 * bounded body reading, errors a person can act on, and a server wrapper that never lets a
 * request crash the process.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gateRequest } from './request-gate.ts';

/** A request that failed in a way the client should hear about: status + code + message. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    /** HTTP status, 4xx or 5xx. */
    readonly status: number,
    /** Short machine-readable code, e.g. `not-found`, `body-too-large`. */
    readonly code: string,
    message: string,
    /** Extra response headers (Allow, Retry-After...). */
    readonly headers: Record<string, string> = {},
    /** Extra fields merged into the JSON error body. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Default largest request body accepted, bytes. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

const BASE_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

/** Sends `body` as JSON with `status` (no body on HEAD). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body, null, 2) + '\n';
  res.writeHead(status, {
    ...BASE_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

/** Sends the JSON error body `{error, message, ...extra}` of an HttpError. */
export function sendError(res: ServerResponse, err: HttpError): void {
  sendJson(res, err.status, { error: err.code, message: err.message, ...err.extra }, err.headers);
}

/**
 * Reads the request body, at most `maxBytes` (413 beyond, announced or not). Resolves with an
 * empty buffer when there is none.
 */
export async function readBody(
  req: IncomingMessage,
  maxBytes: number = DEFAULT_MAX_BODY_BYTES,
): Promise<Buffer> {
  const tooLarge = () =>
    new HttpError(
      413,
      'body-too-large',
      `request body over the ${maxBytes}-byte limit: send a smaller body`,
      { connection: 'close' },
    );
  const announced = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(announced) && announced > maxBytes) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      req.resume();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON object body; 400 with a clear message when it is not one. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) {
    throw new HttpError(400, 'invalid-json', 'request body is empty: send a JSON object');
  }
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid-json', 'request body is not valid JSON: send a JSON object');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'invalid-json', 'request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** The request's path and query, parsed; 400 when the target is not a valid path. */
export function requestUrl(req: IncomingMessage): URL {
  const target = req.url ?? '/';
  if (!target.startsWith('/') || target.startsWith('//')) {
    throw new HttpError(400, 'bad-request', 'request target must be a path starting with /');
  }
  try {
    return new URL(target, 'http://localhost');
  } catch {
    throw new HttpError(400, 'bad-request', 'request target is not a valid path');
  }
}

/** 405 for a method a route does not take. */
export function methodNotAllowed(method: string, allowed: readonly string[]): HttpError {
  return new HttpError(
    405,
    'method-not-allowed',
    `${method} is not allowed here: use ${allowed.join(' or ')}`,
    { allow: allowed.join(', ') },
    { allowed_methods: allowed },
  );
}

/** A request handler; throw (or reject with) HttpError for client errors. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** Options of {@link createJsonServer}. */
export interface JsonServerOptions {
  /** Receives one line per unexpected failure (already free of secrets). */
  log: (line: string) => void;
  /** Whole-request timeout, ms (default 60000). */
  requestTimeoutMs?: number;
  /** The address the server will listen on: loopback binds get the exact Host rule of `gateRequest`. */
  bindHost: string;
}

/**
 * An HTTP server whose handler errors become JSON replies: HttpError → its status, anything
 * else → 500 (logged, details not sent). Malformed HTTP gets a 400 and the socket is closed.
 * Every request passes the shared Host/Origin gate first (421 or 403 as JSON).
 */
export function createJsonServer(handler: Handler, opts: JsonServerOptions): Server {
  const gated: Handler = (req, res) => {
    const port = (server.address() as AddressInfo | null)?.port ?? 0;
    const refusal = gateRequest(req, { bindHost: opts.bindHost, port });
    if (refusal) {
      req.resume();
      const code = refusal.status === 421 ? 'misdirected-request' : 'foreign-origin';
      throw new HttpError(refusal.status, code, refusal.message, { connection: 'close' });
    }
    return handler(req, res);
  };
  const server = createServer({ maxHeaderSize: 16 * 1024 }, (req, res) => {
    // A handler that throws synchronously is caught here too.
    new Promise<void>((resolve) => resolve(gated(req, res))).catch((err: unknown) => {
      if (err instanceof HttpError) {
        if (!res.headersSent) sendError(res, err);
        else res.destroy();
        return;
      }
      opts.log(`internal error on ${req.method ?? '?'}: ${String(err)}`);
      if (!res.headersSent) {
        sendError(res, new HttpError(500, 'internal-error', 'internal error: see the server log'));
      } else {
        res.destroy();
      }
    });
  });
  server.requestTimeout = opts.requestTimeoutMs ?? 60_000;
  server.headersTimeout = Math.min(server.requestTimeout, 20_000);
  server.on('clientError', (_err, socket) => {
    if (socket.writable) {
      const body = JSON.stringify({ error: 'bad-request', message: 'malformed HTTP request' });
      socket.end(
        'HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nconnection: close\r\n' +
          `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    } else {
      socket.destroy();
    }
  });
  return server;
}

/**
 * Listens on `host:port` (port 0 = any free one) and resolves with the bound address. Turns the
 * usual failures into messages that say what to do.
 */
export async function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  server.listen(port, host);
  try {
    await once(server, 'listening');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(
        `port ${port} on ${host} is already in use: stop the other program or pass --port`,
        { cause: err },
      );
    }
    if (code === 'EACCES') {
      throw new Error(`not allowed to listen on port ${port}: use a port above 1023 (--port)`, {
        cause: err,
      });
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new Error(`cannot bind to ${host}: it is not an address of this machine (--host)`, {
        cause: err,
      });
    }
    throw err;
  }
  return server.address() as AddressInfo;
}

/** Closes the server and every open connection. */
export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = once(server, 'close');
  server.close();
  server.closeAllConnections();
  await closed;
}

/** `http://host:port` for a bound address (IPv6 in brackets). */
export function serverUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
