/**
 * Forwarding one request to the cloud API with the real token, under Farmdeck's own honest
 * identity (no Bambu client headers are sent, and none from the caller are passed on).
 */
import { FARMDECK_USER_AGENT } from '../../core/cloud/user-agent.ts';
import { HttpError } from '../common/http-kit.ts';

/** Default largest upstream response accepted, bytes. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** One request to forward. */
export interface UpstreamRequest {
  /** API base, e.g. `https://api.bambulab.com` (no trailing slash). */
  apiUrl: string;
  method: string;
  /** Path and query as received, e.g. `/v1/iot-service/api/user/bind?x=1`. */
  pathAndQuery: string;
  /** The real cloud token. Secret. */
  realToken: string;
  /** Caller's Content-Type and Accept, passed on. */
  contentType?: string | undefined;
  accept?: string | undefined;
  /** Body for methods that carry one. */
  body?: Buffer | undefined;
  timeoutMs: number;
  maxResponseBytes: number;
}

/** The upstream answer. */
export interface UpstreamResponse {
  status: number;
  contentType: string | null;
  body: Buffer;
}

/** Sends the request; network failures become 502, timeouts 504, huge bodies 502. */
export async function forwardUpstream(req: UpstreamRequest): Promise<UpstreamResponse> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${req.realToken}`,
    'user-agent': `${FARMDECK_USER_AGENT} (api proxy)`,
    accept: req.accept ?? 'application/json',
  };
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.body !== undefined;
  if (hasBody) headers['content-type'] = req.contentType ?? 'application/json';
  let res: Response;
  try {
    res = await fetch(req.apiUrl + req.pathAndQuery, {
      method: req.method,
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(req.timeoutMs),
      ...(hasBody && req.body !== undefined ? { body: req.body } : {}),
    });
  } catch (err) {
    throw upstreamFailure(err, req.timeoutMs);
  }
  let body: Buffer;
  try {
    body = await readLimited(res, req.maxResponseBytes);
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw upstreamFailure(err, req.timeoutMs);
  }
  return { status: res.status, contentType: res.headers.get('content-type'), body };
}

async function readLimited(res: Response, max: number): Promise<Buffer> {
  if (res.body === null) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop early cancels the stream.
  for await (const value of res.body as AsyncIterable<Uint8Array>) {
    size += value.byteLength;
    if (size > max) {
      throw new HttpError(
        502,
        'upstream-too-large',
        `the cloud API answered with more than ${max} bytes: ask for a smaller page (limit=...)`,
      );
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

function upstreamFailure(err: unknown, timeoutMs: number): HttpError {
  const name = (err as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new HttpError(
      504,
      'upstream-timeout',
      `the cloud API did not answer within ${timeoutMs / 1000} s: try again later`,
    );
  }
  return new HttpError(
    502,
    'upstream-unreachable',
    'the cloud API could not be reached: check the proxy machine’s network and --api-url',
  );
}
