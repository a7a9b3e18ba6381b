/**
 * The one place the cloud client talks HTTP: timeouts, honest headers, bounded retries on 429/5xx,
 * and turning every failure into a {@link CloudError}. Tokens go in the Authorization header only
 * and are never put in a message.
 */
import { CloudError } from './cloud-errors.ts';
import { htmlError, httpError, looksLikeHtml, transportError } from './cloud-http-errors.ts';
import { backoffDelay, parseRetryAfter } from './retry-after.ts';
import { FARMDECK_USER_AGENT } from './user-agent.ts';

export { errorFields, transportError } from './cloud-http-errors.ts';

/** Transport settings shared by the auth and REST clients. */
export interface CloudHttpOptions {
  /** Per-attempt timeout, ms (default 15000). */
  timeoutMs?: number;
  /** Retries after a 429 or a 502/503/504 (default 2; 0 disables). */
  maxRetries?: number;
  /** First backoff step without Retry-After, ms (default 500). */
  retryBaseMs?: number;
  /** Longest single wait we accept; a longer Retry-After fails at once (default 30000 ms). */
  maxRetryDelayMs?: number;
  /** Replaces the User-Agent (still our own identity, e.g. an app embedding the library). */
  userAgent?: string;
}

/** One request. `url` is absolute; `query` values that are undefined are left out. */
export interface CloudRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /** Bearer token; never logged. */
  token?: string;
  /** Extra headers (cookies, CSRF). */
  headers?: Record<string, string>;
  /**
   * Status codes the caller interprets itself (e.g. 400 on login): they come back as a
   * response instead of an error.
   */
  passStatuses?: readonly number[];
}

/** A successful (or passed-through) response. */
export interface CloudResponse {
  status: number;
  /** Parsed JSON body; null when the body was empty. */
  json: unknown;
  /** `Set-Cookie` header values. */
  setCookies: string[];
}

const RETRYABLE_5XX = new Set([502, 503, 504]);

/** Sends `req` and returns the parsed answer, or throws a {@link CloudError}. */
export async function cloudFetch(
  req: CloudRequest,
  opts: CloudHttpOptions = {},
): Promise<CloudResponse> {
  const maxRetries = opts.maxRetries ?? 2;
  const what = describe(req);
  for (let attempt = 0; ; attempt++) {
    const res = await sendOnce(req, opts, what);
    const text = await readBody(res, what);
    if (
      req.passStatuses?.includes(res.status) === true ||
      (res.status >= 200 && res.status < 300)
    ) {
      return {
        status: res.status,
        json: parseJson(text, res, what),
        setCookies: res.headers.getSetCookie(),
      };
    }
    const retryable = res.status === 429 || (RETRYABLE_5XX.has(res.status) && req.method === 'GET');
    if (retryable && attempt < maxRetries && !looksLikeHtml(text, res)) {
      const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
      const maxDelay = opts.maxRetryDelayMs ?? 30_000;
      if (retryAfter === null || retryAfter <= maxDelay) {
        await sleep(backoffDelay(attempt, retryAfter, opts.retryBaseMs ?? 500, maxDelay));
        continue;
      }
    }
    throw httpError(res, text, what);
  }
}

async function sendOnce(req: CloudRequest, opts: CloudHttpOptions, what: string) {
  const url = new URL(req.url);
  for (const [k, v] of Object.entries(req.query ?? {})) {
    if (v !== undefined) url.searchParams.set(k, String(v));
  }
  const headers: Record<string, string> = {
    'user-agent': opts.userAgent ?? FARMDECK_USER_AGENT,
    accept: 'application/json',
    ...req.headers,
  };
  if (req.token !== undefined) headers['authorization'] = `Bearer ${req.token}`;
  let body: string | undefined;
  if (req.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(req.body);
  }
  const timeoutMs = opts.timeoutMs ?? 15_000;
  try {
    return await fetch(url, {
      method: req.method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
  } catch (err) {
    throw transportError(err, what, timeoutMs, url.host);
  }
}

async function readBody(res: Response, what: string): Promise<string> {
  try {
    return await res.text();
  } catch (err) {
    throw transportError(err, what, 0, new URL(res.url || 'http://unknown').host);
  }
}

function parseJson(text: string, res: Response, what: string): unknown {
  if (text.trim() === '') return null;
  if (looksLikeHtml(text, res)) throw htmlError(res.status, text, what);
  try {
    return JSON.parse(text);
  } catch {
    throw new CloudError(
      'bad-response',
      `${what}: the cloud answered with malformed JSON (HTTP ${res.status}); try again later`,
      { status: res.status },
    );
  }
}

/** `GET /v1/...` style label: method and path only (queries may hold names, never secrets). */
function describe(req: CloudRequest): string {
  let path = req.url;
  try {
    path = new URL(req.url).pathname;
  } catch {
    // keep the raw string
  }
  return `${req.method} ${path}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
