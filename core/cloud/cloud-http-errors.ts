/**
 * Turning failed cloud answers into {@link CloudError}s: HTTP status + body (Bambu's error
 * object, Cloudflare pages, empty bodies) and transport failures. Messages never hold secrets.
 */
import { CloudError } from './cloud-errors.ts';
import { parseRetryAfter } from './retry-after.ts';

/** Turns a fetch rejection into a timeout or network error without leaking request details. */
export function transportError(err: unknown, what: string, timeoutMs: number, host: string) {
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new CloudError(
      'timeout',
      `${what}: no answer from ${host} within ${Math.round(timeoutMs / 1000)} s; check the connection and try again`,
    );
  }
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  return new CloudError(
    'network',
    `${what}: could not reach ${host}${code === '' ? '' : ` (${code})`}; check the internet connection or the cloud address`,
    { cause: code === '' ? undefined : code },
  );
}

export function looksLikeHtml(text: string, res: Response): boolean {
  const type = res.headers.get('content-type') ?? '';
  return type.includes('text/html') || /^\s*</.test(text);
}

export function htmlError(status: number, text: string, what: string): CloudError {
  if (/cloudflare|just a moment|cf-chl/i.test(text)) {
    return new CloudError(
      'cloudflare',
      `${what}: blocked by Cloudflare (HTTP ${status}, browser challenge page); wait a few minutes and try again`,
      { status },
    );
  }
  return new CloudError(
    'bad-response',
    `${what}: the cloud answered with an HTML page instead of JSON (HTTP ${status}); check the cloud address`,
    { status },
  );
}

/** Fields of Bambu's error object (envelope C). */
export function errorFields(json: unknown): { code?: number; text?: string } {
  if (typeof json !== 'object' || json === null) return {};
  const o = json as Record<string, unknown>;
  const out: { code?: number; text?: string } = {};
  if (typeof o['code'] === 'number') out.code = o['code'];
  const text = [o['error'], o['message'], o['reason']].find(
    (v): v is string => typeof v === 'string' && v.trim() !== '' && v !== 'success',
  );
  if (text !== undefined) out.text = text.slice(0, 200);
  return out;
}

export function httpError(res: Response, text: string, what: string): CloudError {
  const status = res.status;
  if (looksLikeHtml(text, res)) {
    const err = htmlError(status, text, what);
    if (err.code === 'cloudflare' || status < 500) return err;
  }
  const json = safeJson(text);
  const { code, text: said } = errorFields(json);
  const base = { status, ...(code === undefined ? {} : { apiCode: code }) };
  const saidPart = said === undefined ? '' : ` ("${said}")`;
  if (status === 401 && code === 4) {
    return new CloudError('token-expired', 'token expired or revoked: log in again', base);
  }
  if (status === 401) {
    return new CloudError(
      'unauthorized',
      `${what}: the cloud refused the token (HTTP 401${saidPart}); if this persists, log in again`,
      base,
    );
  }
  if (status === 403) {
    if (json === null || /csrf|internal blocking/i.test(said ?? '')) {
      return new CloudError(
        'client-rejected',
        `${what}: the cloud only accepts this from Bambu's own apps (HTTP 403${saidPart}); use Bambu Studio/Handy for it, or the LAN path`,
        base,
      );
    }
    return new CloudError(
      'forbidden',
      `${what}: forbidden (HTTP 403${saidPart}); this account may not have access to it`,
      base,
    );
  }
  if (status === 404) return new CloudError('not-found', `${what}: not found (HTTP 404)`, base);
  if (status === 405) {
    return new CloudError(
      'method-not-allowed',
      `${what}: the cloud does not allow this method (HTTP 405)`,
      base,
    );
  }
  if (status === 429) {
    const wait = parseRetryAfter(res.headers.get('retry-after'));
    return new CloudError(
      'rate-limited',
      `${what}: rate limited by the Bambu cloud (HTTP 429); wait ${wait === null ? 'a minute' : `${Math.ceil(wait / 1000)} s`} and try again`,
      { ...base, ...(wait === null ? {} : { retryAfterMs: wait }) },
    );
  }
  if (status >= 500) {
    return new CloudError(
      'server-error',
      `${what}: the Bambu cloud failed (HTTP ${status}${saidPart}); try again later`,
      base,
    );
  }
  if (status === 400 && json === null) {
    return new CloudError(
      'client-rejected',
      `${what}: the cloud rejected the request with an empty HTTP 400 (it does this for clients other than Bambu's own)`,
      base,
    );
  }
  return new CloudError('http-error', `${what}: HTTP ${status}${saidPart}`, base);
}

function safeJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
