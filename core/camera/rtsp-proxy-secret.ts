import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The per-run secret of the local RTSP proxy: a random path segment that only the ffmpeg child the
 * proxy was made for is given (`rtsp://127.0.0.1:<port>/<secret>/streaming/live/1`). A new one is
 * issued for every ffmpeg run; it admits exactly one connection and is spent by it.
 */
export class ProxySecret {
  private current: Buffer | null = null;

  /** A fresh secret (revoking any unspent one), as the path segment to put in ffmpeg's URL. */
  issue(): string {
    const secret = randomBytes(24).toString('base64url');
    this.current = Buffer.from(secret, 'utf8');
    return secret;
  }

  /**
   * The secret, once, for a request URL whose first path segment is the unspent secret (spending
   * it). Any other URL (a foreign local client, a replay, a second connection) gets null.
   */
  admit(requestUrl: string): string | null {
    const expected = this.current;
    const segment = firstPathSegment(requestUrl) ?? '';
    const given = Buffer.from(segment, 'utf8');
    if (!expected || given.length !== expected.length || !timingSafeEqual(given, expected))
      return null;
    this.current = null;
    return segment;
  }
}

/** `/abc/streaming/live/1` of `rtsp://host:port/abc/streaming/live/1` → `abc`. */
function firstPathSegment(url: string): string | undefined {
  const m = /^rtsps?:\/\/[^/]*\/([^/?#]+)/i.exec(url);
  return m?.[1];
}

/** Removes a leading `/<secret>` from a request path, so the printer sees its own path. */
export function stripSecret(path: string, secret: string | null): string {
  if (secret === null) return path;
  const prefix = `/${secret}`;
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
}
