/**
 * Typed errors of the Bambu cloud client. Every message says what happened and what to do;
 * none of them ever contains a token, password or code.
 */

/** What went wrong, in a form a program can branch on. */
export type CloudErrorCode =
  /** Login refused: wrong account or password. */
  | 'wrong-credentials'
  /** The account needs an emailed/SMS code (or a TOTP code) before it gets a token. */
  | 'code-required'
  /** The verification code (email or TOTP) is wrong. */
  | 'code-wrong'
  /** The email code expired: request a new one. */
  | 'code-expired'
  /** Any other login failure the cloud explained in its own words. */
  | 'login-failed'
  /** The token expired or was revoked (HTTP 401 code 4): log in again. */
  | 'token-expired'
  /** Another 401: the cloud refused the token for this request (possibly transient). */
  | 'unauthorized'
  /** 403 with a JSON body (e.g. code 8 "Resource forbidden"). */
  | 'forbidden'
  /** The cloud wants Bambu's own client (CSRF/identity checks, "internal blocking", empty 400). */
  | 'client-rejected'
  /** Cloudflare answered with an HTML challenge instead of the API. */
  | 'cloudflare'
  /** 429 that persisted after the bounded retries. */
  | 'rate-limited'
  | 'not-found'
  | 'method-not-allowed'
  /** 5xx from the cloud. */
  | 'server-error'
  /** The body was not the JSON we expected (malformed JSON, HTML, wrong shape). */
  | 'bad-response'
  /** Any other HTTP error (400 with an application code, 409, ...). */
  | 'http-error'
  /** The host could not be reached (DNS, refused, reset). */
  | 'network'
  /** No answer within the timeout. */
  | 'timeout'
  /** The signed-URL upload target refused the bytes. */
  | 'upload-failed'
  /** The saved token file is missing, unreadable or malformed. */
  | 'token-file';

/** Extra facts an error may carry. */
export interface CloudErrorDetails {
  /** HTTP status, when there was a response. */
  readonly status?: number;
  /** The cloud's numeric application `code`, when the body had one. */
  readonly apiCode?: number;
  /** How long the cloud asked us to wait, ms (from Retry-After). */
  readonly retryAfterMs?: number;
  /** The underlying error (never holds secrets: built from network errors only). */
  readonly cause?: unknown;
}

/** An error from the Bambu cloud client. `code` is stable; `message` is for people. */
export class CloudError extends Error {
  readonly code: CloudErrorCode;
  readonly status: number | undefined;
  readonly apiCode: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: CloudErrorCode, message: string, details: CloudErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'CloudError';
    this.code = code;
    this.status = details.status;
    this.apiCode = details.apiCode;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** True when `err` is a {@link CloudError}, optionally with one of `codes`. */
export function isCloudError(err: unknown, ...codes: CloudErrorCode[]): err is CloudError {
  return err instanceof CloudError && (codes.length === 0 || codes.includes(err.code));
}
