/** An RTSP request as the virtual camera sees it; header names are lower-cased. */
export interface SimRtspRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Reads RTSP requests from a client byte stream, skipping interleaved RTCP packets (`$` frames)
 * that clients send after PLAY. `push` returns false on input that is not RTSP (the caller closes).
 */
export class RtspRequestReader {
  private buf: Buffer = Buffer.alloc(0);

  constructor(private readonly onRequest: (req: SimRtspRequest) => void) {}

  push(chunk: Buffer): boolean {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    for (;;) {
      if (this.buf.length === 0) return true;
      if (this.buf[0] === 0x24) {
        if (this.buf.length < 4) return true;
        const total = 4 + this.buf.readUInt16BE(2);
        if (this.buf.length < total) return true;
        this.buf = this.buf.subarray(total);
        continue;
      }
      const end = this.buf.indexOf('\r\n\r\n');
      if (end === -1) return this.buf.length < 16 * 1024;
      const lines = this.buf.toString('utf8', 0, end).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0)
          headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers['content-length'] ?? 0);
      if (!Number.isFinite(length) || length < 0 || length > 16 * 1024) return false;
      if (this.buf.length < end + 4 + length) return true;
      this.buf = Buffer.from(this.buf.subarray(end + 4 + length));
      const [method = '', url = ''] = (lines[0] ?? '').split(' ');
      if (!/^[A-Z_]+$/.test(method) || !/^rtsps?:\/\//i.test(url)) return false;
      this.onRequest({ method, url, headers });
    }
  }
}
