/**
 * Small HTTP helpers for the virtual cloud: routes, JSON bodies, and the cloud's envelopes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimAccount } from './cloud-accounts.ts';

/** One request as a route sees it. */
export interface Req {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  /** Raw body bytes. */
  readonly raw: Buffer;
  /** Parsed JSON body ({} when empty or not JSON). */
  readonly body: Record<string, unknown>;
  /** Regex groups of the matched route. */
  readonly params: string[];
  /** The bearer's account on authenticated routes. */
  readonly account: SimAccount;
}

export type Handler = (req: Req, res: ServerResponse) => void | Promise<void>;

export interface Route {
  readonly method: string;
  readonly path: RegExp;
  /** Needs `Authorization: Bearer <live token>` (default true). */
  readonly auth?: boolean;
  readonly handler: Handler;
}

/** Sends `body` as JSON with `status`. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Bambu's error object (envelope C). */
export function sendError(res: ServerResponse, status: number, code: number, error: string): void {
  sendJson(res, status, { code, error, message: error });
}

/** The code-4 401 that means "log in again". */
export function sendLoginAgain(res: ServerResponse): void {
  sendJson(res, 401, { code: 4, error: 'Please login.', message: '' });
}

/** Builds the iot-service answer: payload beside `message/code/error`, or wrapped in `data`. */
export function iotEnvelope(payload: Record<string, unknown>, dataEnvelope: boolean): unknown {
  return dataEnvelope
    ? { code: 0, message: 'Success', data: payload }
    : { message: 'success', code: null, error: null, ...payload };
}

/** Reads the whole request body (bounded at 64 MB: the fake S3 takes real files). */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 64 * 1024 * 1024) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses a JSON object body; {} for anything else. */
export function parseBody(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  try {
    const v: unknown = JSON.parse(raw.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** Reads one cookie from the request. */
export function cookie(headers: IncomingMessage['headers'], name: string): string | null {
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** A string field of a JSON body, or ''. */
export function str(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  return typeof v === 'string' ? v : '';
}
