import { createHash, randomBytes } from 'node:crypto';

/** A parsed RTSP request or response head (start line + headers) and its body. */
export interface RtspMessage {
  /** `DESCRIBE rtsp://... RTSP/1.0` or `RTSP/1.0 200 OK`. */
  readonly startLine: string;
  /** Header lines in order, names as received. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

/** Value of the first header named `name` (case-insensitive). */
export function header(msg: RtspMessage, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return msg.headers.find(([k]) => k.toLowerCase() === wanted)?.[1];
}

/** Serialises a message, with `Content-Length` kept consistent with the body. */
export function serialize(msg: RtspMessage): Buffer {
  const lines = [msg.startLine];
  for (const [k, v] of msg.headers)
    if (k.toLowerCase() !== 'content-length') lines.push(`${k}: ${v}`);
  if (msg.body.length > 0) lines.push(`Content-Length: ${msg.body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), msg.body]);
}

/** Largest RTSP head accepted (bytes); real ones are a few hundred. */
const MAX_HEAD_BYTES = 64 * 1024;

/**
 * Splits an RTSP-over-TCP byte stream into text messages and interleaved binary frames
 * (`$`, channel, u16 length, data). Binary frames are passed on as they arrive, without buffering
 * a whole frame, so video flows through with one copy at most.
 */
export class RtspStreamParser {
  private buf: Buffer = Buffer.alloc(0);
  /** Bytes of the current interleaved frame still to pass on. */
  private binaryLeft = 0;

  constructor(
    private readonly onMessage: (msg: RtspMessage) => void,
    private readonly onBinary: (bytes: Buffer) => void,
  ) {}

  push(chunk: Buffer): void {
    let data = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    this.buf = Buffer.alloc(0);
    while (data.length > 0) {
      if (this.binaryLeft > 0) {
        const n = Math.min(this.binaryLeft, data.length);
        this.onBinary(data.subarray(0, n));
        this.binaryLeft -= n;
        data = data.subarray(n);
        continue;
      }
      if (data[0] === 0x24) {
        if (data.length < 4) break;
        this.binaryLeft = data.readUInt16BE(2);
        this.onBinary(data.subarray(0, 4));
        data = data.subarray(4);
        continue;
      }
      const end = data.indexOf('\r\n\r\n');
      if (end === -1) {
        if (data.length > MAX_HEAD_BYTES) throw new RangeError('RTSP message head too large');
        break;
      }
      const lines = data.toString('utf8', 0, end).split('\r\n');
      const headers: [string, string][] = [];
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
      }
      const length = Number(headers.find(([k]) => k.toLowerCase() === 'content-length')?.[1] ?? 0);
      if (!Number.isFinite(length) || length < 0 || length > MAX_HEAD_BYTES) {
        throw new RangeError('RTSP Content-Length out of range');
      }
      if (data.length < end + 4 + length) break;
      const body = Buffer.from(data.subarray(end + 4, end + 4 + length));
      this.onMessage({ startLine: lines[0] ?? '', headers, body });
      data = data.subarray(end + 4 + length);
    }
    if (data.length > 0) this.buf = Buffer.from(data);
  }
}

/** Parses `Digest realm="x", nonce="y"` / `Basic realm="x"` into a scheme and parameters. */
export function parseChallenge(value: string): { scheme: string; params: Record<string, string> } {
  const space = value.indexOf(' ');
  const scheme = (space === -1 ? value : value.slice(0, space)).trim();
  const params: Record<string, string> = {};
  const re = /([a-zA-Z]+)\s*=\s*(?:"([^"]*)"|([^,\s]*))/g;
  for (let m = re.exec(value.slice(space + 1)); m; m = re.exec(value.slice(space + 1))) {
    params[(m[1] ?? '').toLowerCase()] = m[2] ?? m[3] ?? '';
  }
  return { scheme, params };
}

/** What an `Authorization` header is computed from. */
export interface AuthRequest {
  readonly method: string;
  readonly uri: string;
  readonly user: string;
  readonly password: string;
  /** Request counter for `qop=auth` (default 1). */
  readonly nc?: number;
  /** Client nonce for `qop=auth` (default: random). */
  readonly cnonce?: string;
}

/** The `Authorization` value answering `challenge` (Digest MD5 per RFC 2617, or Basic). */
export function authorizationFor(challenge: string, req: AuthRequest): string {
  const { method, uri, user, password } = req;
  const { scheme, params } = parseChallenge(challenge);
  if (scheme.toLowerCase() === 'basic') {
    return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }
  const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
  const realm = params.realm ?? '';
  const nonce = params.nonce ?? '';
  const ha1 = md5(`${user}:${realm}:${password}`);
  const ha2 = md5(`${method}:${uri}`);
  const qop = params.qop
    ?.split(',')
    .map((q) => q.trim())
    .includes('auth')
    ? 'auth'
    : undefined;
  const parts = [`username="${user}"`, `realm="${realm}"`, `nonce="${nonce}"`, `uri="${uri}"`];
  if (qop) {
    const cnonce = req.cnonce ?? randomBytes(8).toString('hex');
    const ncHex = (req.nc ?? 1).toString(16).padStart(8, '0');
    parts.push(`response="${md5(`${ha1}:${nonce}:${ncHex}:${cnonce}:${qop}:${ha2}`)}"`);
    parts.push(`qop=${qop}`, `nc=${ncHex}`, `cnonce="${cnonce}"`);
  } else {
    parts.push(`response="${md5(`${ha1}:${nonce}:${ha2}`)}"`);
  }
  if (params.opaque !== undefined) parts.push(`opaque="${params.opaque}"`);
  parts.push('algorithm=MD5');
  return `Digest ${parts.join(', ')}`;
}
