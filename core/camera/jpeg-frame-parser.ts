import { DEFAULT_MAX_FRAME_BYTES, FRAME_HEADER_BYTES } from './jpeg-protocol.ts';

/** What the parser reports besides frames; the client decides whether to reconnect. */
export type JpegParserEvent =
  /** A complete frame whose payload starts with SOI (FF D8 FF) and ends with EOI (FF D9). */
  | { readonly type: 'frame'; readonly jpeg: Buffer }
  /** A header announced `size` bytes, above the cap: the stream cannot be trusted any more. */
  | { readonly type: 'too-large'; readonly size: number }
  /** A frame of the announced size did not end with EOI; it was dropped. */
  | { readonly type: 'bad-frame'; readonly size: number }
  /** Bytes that are not a frame header were skipped while looking for the next frame. */
  | { readonly type: 'skipped'; readonly bytes: number };

/** Options of {@link JpegFrameParser}. */
export interface JpegFrameParserOptions {
  /** Largest accepted payload, bytes (default 8 MiB). */
  readonly maxFrameBytes?: number;
}

// Header + FF D8 FF: enough to tell a frame header from garbage before allocating anything.
const PROBE_BYTES = FRAME_HEADER_BYTES + 3;
const MIN_JPEG_BYTES = 4;

/**
 * Incremental parser for the port-6000 stream: 16-byte header (u32 LE payload size N, then 12 bytes)
 * followed by N bytes of JPEG. Accepts the byte stream in chunks of any size.
 *
 * Bounds: a header is believed only when its payload starts with a JPEG SOI; its size must be at most
 * `maxFrameBytes` (else a `too-large` event and the parser stops: the caller should reconnect). The
 * frame buffer is allocated once the size is validated, so memory is bounded by the cap. Anything
 * else is garbage: the parser scans for the next `header + FF D8 FF` and reports what it skipped.
 */
export class JpegFrameParser {
  private readonly maxFrameBytes: number;
  /** Bytes waiting for a header decision (never more than one chunk plus PROBE_BYTES). */
  private pending: Buffer = Buffer.alloc(0);
  /** Payload being filled, once a header was accepted. */
  private frame: Buffer | null = null;
  private filled = 0;
  private failed = false;

  constructor(options: JpegFrameParserOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  }

  /** True after a `too-large` event: further input is ignored. */
  get stopped(): boolean {
    return this.failed;
  }

  /** Feed one chunk; returns the events it completed, in stream order. */
  push(chunk: Buffer): JpegParserEvent[] {
    const events: JpegParserEvent[] = [];
    let input = chunk;
    while (input.length > 0 && !this.failed) {
      if (this.frame) {
        input = this.fill(input, events);
      } else {
        this.pending = this.pending.length === 0 ? input : Buffer.concat([this.pending, input]);
        input = this.findHeader(events);
      }
    }
    return events;
  }

  /** Copy payload bytes into the current frame; returns what is left of `input`. */
  private fill(input: Buffer, events: JpegParserEvent[]): Buffer {
    const frame = this.frame as Buffer;
    const n = Math.min(frame.length - this.filled, input.length);
    input.copy(frame, this.filled, 0, n);
    this.filled += n;
    if (this.filled === frame.length) {
      this.frame = null;
      const size = frame.length;
      if (frame[size - 2] === 0xff && frame[size - 1] === 0xd9) {
        events.push({ type: 'frame', jpeg: frame });
      } else {
        events.push({ type: 'bad-frame', size });
      }
    }
    return input.subarray(n);
  }

  /**
   * Look for a frame header at the start of `pending`, skipping garbage. Returns the bytes after an
   * accepted header (to be copied into the new frame), or an empty buffer when more input is needed.
   */
  private findHeader(events: JpegParserEvent[]): Buffer {
    let skipped = 0;
    let p = this.pending;
    while (p.length >= PROBE_BYTES) {
      if (isSoi(p, FRAME_HEADER_BYTES)) {
        const size = p.readUInt32LE(0);
        if (size > this.maxFrameBytes) {
          if (skipped > 0) events.push({ type: 'skipped', bytes: skipped });
          events.push({ type: 'too-large', size });
          this.failed = true;
          this.pending = Buffer.alloc(0);
          return this.pending;
        }
        if (size >= MIN_JPEG_BYTES) {
          if (skipped > 0) events.push({ type: 'skipped', bytes: skipped });
          this.frame = Buffer.allocUnsafe(size);
          this.filled = 0;
          this.pending = Buffer.alloc(0);
          return p.subarray(FRAME_HEADER_BYTES);
        }
      }
      // Not a header here: jump to the next possible SOI so garbage costs one scan, not one pass per byte.
      const next = p.indexOf(0xff, FRAME_HEADER_BYTES + 1);
      const cut = next === -1 ? p.length - (PROBE_BYTES - 1) : next - FRAME_HEADER_BYTES;
      const step = Math.max(1, cut);
      skipped += step;
      p = p.subarray(step);
    }
    if (skipped > 0) events.push({ type: 'skipped', bytes: skipped });
    // Keep a copy of the short tail: `p` may be a view into a large chunk we do not want to retain.
    this.pending = Buffer.from(p);
    return Buffer.alloc(0);
  }
}

function isSoi(b: Buffer, at: number): boolean {
  return b[at] === 0xff && b[at + 1] === 0xd8 && b[at + 2] === 0xff;
}
