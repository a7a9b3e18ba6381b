import { Duplex } from 'node:stream';

/** What the guard did so far (for the printer's detail and for tests). */
export interface PacketGuardStats {
  /** PUBLISH packets skipped for being over the cap. */
  skippedPackets: number;
  /** Their bytes, read and thrown away without being kept. */
  skippedBytes: number;
  /** Largest packet passed on to the MQTT parser, bytes (never more than the cap + 5). */
  largestForwarded: number;
}

export interface PacketGuardOptions {
  /** Largest packet (remaining length) passed on, bytes. */
  maxPacketBytes: number;
  /** Called once per skipped PUBLISH with its remaining length. */
  onSkip?: (bytes: number) => void;
}

const PUBLISH = 3;

/**
 * Sits between the TLS socket and mqtt.js and reads each MQTT packet's fixed header (type and
 * remaining-length varint) as bytes arrive. A PUBLISH longer than `maxPacketBytes` is skipped
 * byte by byte as it streams in, so it is never buffered: mqtt.js would otherwise collect the
 * whole packet before our size check could see it. Any other packet over the cap, or a
 * malformed length, ends the connection with an error.
 */
export class PacketGuard extends Duplex {
  readonly stats: PacketGuardStats = { skippedPackets: 0, skippedBytes: 0, largestForwarded: 0 };
  /** Bytes of the current fixed header collected so far (at most 5). */
  private header: number[] = [];
  /** Bytes of the current packet body still to pass on (forwarding) or drop (skipping). */
  private left = 0;
  private skipping = false;

  constructor(
    private readonly socket: Duplex,
    private readonly options: PacketGuardOptions,
  ) {
    super();
    socket.on('data', (chunk: Buffer) => {
      let out: Buffer;
      try {
        out = this.passWithinCap(chunk);
      } catch (err) {
        this.destroy(err as Error);
        return;
      }
      if (out.length > 0 && !this.push(out)) socket.pause();
    });
    socket.once('end', () => this.push(null));
    socket.on('error', (err: Error) => this.destroy(err));
    socket.once('close', () => this.destroy());
    // mqtt.js listens for these on its stream (TLS handshake done, socket timeouts).
    for (const event of ['secureConnect', 'connect', 'timeout']) {
      socket.on(event, (...args: unknown[]) => this.emit(event, ...args));
    }
  }

  /** The bytes of `chunk` that belong to packets within the cap, in order. */
  private passWithinCap(chunk: Buffer): Buffer {
    const keep: Buffer[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.left > 0) {
        const n = Math.min(this.left, chunk.length - i);
        if (this.skipping) this.stats.skippedBytes += n;
        else keep.push(chunk.subarray(i, i + n));
        this.left -= n;
        i += n;
        continue;
      }
      const byte = chunk[i] as number;
      i++;
      this.header.push(byte);
      if (this.header.length === 1) continue;
      if ((byte & 0x80) !== 0) {
        if (this.header.length === 5) throw new Error('malformed MQTT packet length from printer');
        continue;
      }
      this.startPacket(keep);
    }
    return keep.length === 1 ? (keep[0] as Buffer) : Buffer.concat(keep);
  }

  /** The fixed header is complete: decide whether its body passes or is skipped. */
  private startPacket(keep: Buffer[]): void {
    const header = this.header;
    this.header = [];
    let length = 0;
    for (let k = header.length - 1; k >= 1; k--)
      length = length * 128 + ((header[k] as number) & 0x7f);
    const type = (header[0] as number) >> 4;
    this.left = length;
    this.skipping = length > this.options.maxPacketBytes;
    if (!this.skipping) {
      keep.push(Buffer.from(header));
      this.stats.largestForwarded = Math.max(this.stats.largestForwarded, length + header.length);
      return;
    }
    if (type !== PUBLISH) {
      throw new Error(
        `printer sent a ${length}-byte MQTT packet (type ${type}), over the ${this.options.maxPacketBytes}-byte limit`,
      );
    }
    this.stats.skippedPackets++;
    this.stats.skippedBytes += header.length;
    this.options.onSkip?.(length);
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(
    chunk: Buffer,
    encoding: BufferEncoding,
    done: (err?: Error | null) => void,
  ): void {
    this.socket.write(chunk, encoding, done);
  }

  override _final(done: (err?: Error | null) => void): void {
    this.socket.end(done);
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    this.socket.destroy();
    done(err);
  }
}
