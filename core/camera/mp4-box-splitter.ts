/** A unit of fragmented MP4: the init segment (ftyp+moov) or one fragment (moof+mdat and friends). */
export interface Mp4Segment {
  readonly kind: 'init' | 'fragment';
  readonly data: Buffer;
}

/** Largest box accepted (bytes); ffmpeg's fragments are one GOP, far below this. */
export const MAX_MP4_BOX_BYTES = 64 * 1024 * 1024;

/**
 * Splits ffmpeg's fragmented MP4 output (`-movflags empty_moov+frag_keyframe`) into the init segment
 * and fragments, by box boundaries, without looking inside boxes. Throws a RangeError on a box size
 * that is not plausible (corrupt output), so a caller restarts ffmpeg rather than buffering forever.
 */
export class Mp4BoxSplitter {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Boxes collected for the current segment. */
  private parts: Buffer[] = [];
  private sawMoov = false;

  /** Feed stdout bytes; returns completed segments in order. */
  push(chunk: Buffer): Mp4Segment[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const out: Mp4Segment[] = [];
    for (;;) {
      if (this.buffered < 8) break;
      const head = this.peek(16);
      let size = head.readUInt32BE(0);
      const type = head.toString('latin1', 4, 8);
      if (size === 1) {
        if (head.length < 16) break;
        const big = head.readBigUInt64BE(8);
        if (big > BigInt(MAX_MP4_BOX_BYTES)) throw new RangeError(`mp4 box ${type} too large`);
        size = Number(big);
      }
      if (size < 8 || size > MAX_MP4_BOX_BYTES)
        throw new RangeError(`implausible mp4 box ${type} of ${size} bytes`);
      if (this.buffered < size) break;
      const box = this.take(size);
      this.onBox(type, box, out);
    }
    return out;
  }

  private onBox(type: string, box: Buffer, out: Mp4Segment[]): void {
    if (type === 'moof' && this.parts.length > 0) this.flush(out);
    this.parts.push(box);
    if (type === 'moov') {
      this.sawMoov = true;
      this.flush(out, 'init');
    } else if (type === 'mdat') {
      this.flush(out);
    }
  }

  private flush(out: Mp4Segment[], kind?: 'init'): void {
    if (this.parts.length === 0) return;
    const data = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts);
    this.parts = [];
    // Boxes before the moov (ftyp) belong to the init segment; anything else is a fragment.
    out.push({ kind: kind ?? (this.sawMoov ? 'fragment' : 'init'), data });
  }

  private peek(n: number): Buffer {
    const first = this.chunks[0] as Buffer;
    if (first.length >= n || this.chunks.length === 1) return first.subarray(0, n);
    return Buffer.concat(this.chunks).subarray(0, n);
  }

  private take(n: number): Buffer {
    const first = this.chunks[0] as Buffer;
    if (first.length >= n) {
      const box = Buffer.from(first.subarray(0, n));
      const rest = first.subarray(n);
      if (rest.length === 0) this.chunks.shift();
      else this.chunks[0] = rest;
      this.buffered -= n;
      return box;
    }
    const all = Buffer.concat(this.chunks);
    const box = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [Buffer.from(rest)] : [];
    this.buffered -= n;
    return Buffer.from(box);
  }
}
