import { describe, expect, it } from 'vitest';
import { JpegFrameParser, type JpegParserEvent } from './jpeg-frame-parser.ts';
import { encodeJpegAuthPacket } from './jpeg-protocol.ts';

/** A fake JPEG of `size` bytes: SOI + APP0 marker, filler, EOI. */
function jpeg(size: number, fill = 0x11): Buffer {
  const b = Buffer.alloc(size, fill);
  b[0] = 0xff;
  b[1] = 0xd8;
  b[2] = 0xff;
  b[3] = 0xe0;
  b[size - 2] = 0xff;
  b[size - 1] = 0xd9;
  return b;
}

function header(size: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt32LE(size, 0);
  h.writeUInt32LE(1, 8);
  return h;
}

function framed(payload: Buffer): Buffer {
  return Buffer.concat([header(payload.length), payload]);
}

function frames(events: JpegParserEvent[]): Buffer[] {
  return events.flatMap((e) => (e.type === 'frame' ? [e.jpeg] : []));
}

describe('JpegFrameParser', () => {
  it('parses a frame split across many small chunks', () => {
    const a = jpeg(5000, 0x22);
    const stream = framed(a);
    const parser = new JpegFrameParser();
    const events: JpegParserEvent[] = [];
    for (let i = 0; i < stream.length; i += 7)
      events.push(...parser.push(stream.subarray(i, i + 7)));
    expect(frames(events)).toEqual([a]);
    expect(events).toHaveLength(1);
  });

  it('parses a header split from its payload and a split header', () => {
    const a = jpeg(100);
    const stream = framed(a);
    const parser = new JpegFrameParser();
    expect(parser.push(stream.subarray(0, 5))).toEqual([]);
    expect(parser.push(stream.subarray(5, 16))).toEqual([]);
    expect(frames(parser.push(stream.subarray(16)))).toEqual([a]);
  });

  it('parses several frames in one chunk', () => {
    const list = [jpeg(50, 1), jpeg(60, 2), jpeg(70, 3)];
    const parser = new JpegFrameParser();
    const events = parser.push(Buffer.concat(list.map(framed)));
    expect(frames(events)).toEqual(list);
  });

  it('skips garbage between frames and reports how much', () => {
    const a = jpeg(40, 1);
    const b = jpeg(40, 2);
    const garbage = Buffer.from('garbage that is not a frame header at all \xff\x00\xff', 'latin1');
    const parser = new JpegFrameParser();
    const events = parser.push(Buffer.concat([framed(a), garbage, framed(b)]));
    expect(frames(events)).toEqual([a, b]);
    expect(events).toContainEqual({ type: 'skipped', bytes: garbage.length });
  });

  it('resynchronises when garbage arrives byte by byte', () => {
    const a = jpeg(40, 1);
    const stream = Buffer.concat([Buffer.alloc(1000, 0x55), framed(a)]);
    const parser = new JpegFrameParser();
    const events: JpegParserEvent[] = [];
    for (const byte of stream) events.push(...parser.push(Buffer.from([byte])));
    expect(frames(events)).toEqual([a]);
    const skipped = events.reduce((n, e) => n + (e.type === 'skipped' ? e.bytes : 0), 0);
    expect(skipped).toBe(1000);
  });

  it('reports a size above the cap without allocating it and stops', () => {
    const parser = new JpegFrameParser({ maxFrameBytes: 1024 });
    const lying = Buffer.concat([header(0xffffffff), jpeg(64)]);
    const events = parser.push(lying);
    expect(events).toEqual([{ type: 'too-large', size: 0xffffffff }]);
    expect(parser.stopped).toBe(true);
    expect(parser.push(framed(jpeg(64)))).toEqual([]);
  });

  it('uses all four size bytes (a 16 MiB+ size is not read as a small one)', () => {
    const parser = new JpegFrameParser({ maxFrameBytes: 100 });
    const h = header(0x01000010); // low 3 bytes say 16, the u32 says 16 MiB + 16
    expect(parser.push(Buffer.concat([h, jpeg(16)]))).toEqual([
      { type: 'too-large', size: 0x01000010 },
    ]);
  });

  it('drops a frame whose size header is too small and recovers at the next frame', () => {
    const a = jpeg(200, 1);
    const b = jpeg(80, 2);
    const lying = Buffer.concat([header(120), a]); // ends mid-JPEG: no EOI at byte 120
    const parser = new JpegFrameParser();
    const events = parser.push(Buffer.concat([lying, framed(b)]));
    expect(events[0]).toEqual({ type: 'bad-frame', size: 120 });
    expect(frames(events)).toEqual([b]);
  });

  it('drops a frame whose size header is too large and recovers later', () => {
    const a = jpeg(50, 1);
    const b = jpeg(50, 2);
    const c = jpeg(300, 3);
    const d = jpeg(40, 4);
    // Claims 100 bytes: swallows b's header and part of b; the end is not EOI.
    const stream = Buffer.concat([header(100), a, framed(b), framed(c), framed(d)]);
    const parser = new JpegFrameParser();
    const events = parser.push(stream);
    expect(events[0]).toEqual({ type: 'bad-frame', size: 100 });
    expect(frames(events).at(-1)).toEqual(d);
  });

  it('rejects payloads that do not start with a JPEG SOI', () => {
    const notJpeg = Buffer.alloc(30, 0x41);
    const a = jpeg(30);
    const parser = new JpegFrameParser();
    const events = parser.push(Buffer.concat([framed(notJpeg), framed(a)]));
    expect(frames(events)).toEqual([a]);
    expect(events[0]).toEqual({ type: 'skipped', bytes: 46 });
  });

  it('does not retain the chunk it was given while waiting for a header', () => {
    const parser = new JpegFrameParser();
    const big = Buffer.alloc(1 << 20, 0x00);
    parser.push(big);
    // Internal pending buffer is a small copy, not a view of the 1 MiB chunk.
    const pending = (parser as unknown as { pending: Buffer }).pending;
    expect(pending.length).toBeLessThan(32);
    expect(pending.buffer.byteLength).toBeLessThan(8192 + 32);
  });
});

describe('encodeJpegAuthPacket', () => {
  it('lays out the 80-byte login as the printers expect', () => {
    const p = encodeJpegAuthPacket('12345678');
    expect(p).toHaveLength(80);
    expect([...p.subarray(0, 16)]).toEqual([0x40, 0, 0, 0, 0, 0x30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(p.subarray(16, 48).toString('ascii').replace(/\0+$/, '')).toBe('bblp');
    expect(p.subarray(48, 80).toString('ascii').replace(/\0+$/, '')).toBe('12345678');
    expect(p.subarray(56).every((x) => x === 0)).toBe(true);
  });

  it('refuses an empty or overlong code', () => {
    expect(() => encodeJpegAuthPacket('')).toThrow(RangeError);
    expect(() => encodeJpegAuthPacket('x'.repeat(33))).toThrow(RangeError);
  });
});
