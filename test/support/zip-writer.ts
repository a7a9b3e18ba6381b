import { closeSync, openSync, writeSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A minimal ZIP writer for tests (no zip64, no encryption): stored or deflated entries, written
 * straight to a file. Large entries are produced chunk by chunk by a generator, so tests can build
 * archives of hundreds of megabytes without holding them in memory.
 */

export interface ZipEntrySpec {
  name: string;
  /** Whole content, or a generator yielding chunks (always stored, never deflated). */
  data: Buffer | string | (() => Iterable<Buffer>);
  /** Default 'deflate' for in-memory data. */
  method?: 'store' | 'deflate';
  /** Test hook: replace the compressed bytes with garbage of the same length. */
  corrupt?: boolean;
  /** Test hook: the uncompressed size the headers declare (a lie, as zip bombs tell). */
  declaredSize?: number;
}

interface CentralRecord {
  name: Buffer;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

const DOS_TIME = (12 << 11) | (30 << 5); // 12:30:00
const DOS_DATE = ((2025 - 1980) << 9) | (6 << 5) | 17; // 2025-06-17

function localHeader(rec: CentralRecord): Buffer {
  const b = Buffer.alloc(30);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(20, 4);
  b.writeUInt16LE(0x0800, 6); // UTF-8 names
  b.writeUInt16LE(rec.method, 8);
  b.writeUInt16LE(DOS_TIME, 10);
  b.writeUInt16LE(DOS_DATE, 12);
  b.writeUInt32LE(rec.crc >>> 0, 14);
  b.writeUInt32LE(rec.compressed, 18);
  b.writeUInt32LE(rec.size, 22);
  b.writeUInt16LE(rec.name.length, 26);
  b.writeUInt16LE(0, 28);
  return Buffer.concat([b, rec.name]);
}

function centralHeader(rec: CentralRecord): Buffer {
  const b = Buffer.alloc(46);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(20, 4);
  b.writeUInt16LE(20, 6);
  b.writeUInt16LE(0x0800, 8);
  b.writeUInt16LE(rec.method, 10);
  b.writeUInt16LE(DOS_TIME, 12);
  b.writeUInt16LE(DOS_DATE, 14);
  b.writeUInt32LE(rec.crc >>> 0, 16);
  b.writeUInt32LE(rec.compressed, 20);
  b.writeUInt32LE(rec.size, 24);
  b.writeUInt16LE(rec.name.length, 28);
  b.writeUInt32LE(rec.offset, 42);
  return Buffer.concat([b, rec.name]);
}

/** Writes `entries` as a ZIP archive at `path`. Returns the archive size in bytes. */
export function writeZip(path: string, entries: readonly ZipEntrySpec[]): number {
  const fd = openSync(path, 'w');
  let pos = 0;
  const write = (buf: Buffer, at?: number): void => {
    writeSync(fd, buf, 0, buf.length, at ?? pos);
    if (at === undefined) pos += buf.length;
  };
  const records: CentralRecord[] = [];
  try {
    for (const entry of entries) {
      const name = Buffer.from(entry.name, 'utf8');
      const rec: CentralRecord = { name, method: 0, crc: 0, compressed: 0, size: 0, offset: pos };
      if (typeof entry.data === 'function') {
        const header = localHeader(rec);
        write(header);
        let crc = 0;
        for (const chunk of entry.data()) {
          crc = crc32(chunk, crc);
          rec.size += chunk.length;
          write(chunk);
        }
        rec.crc = crc;
        rec.compressed = rec.size;
        write(localHeader(rec), rec.offset); // patch sizes and CRC in place
      } else {
        const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
        const deflate = (entry.method ?? 'deflate') === 'deflate';
        let body = deflate ? deflateRawSync(raw) : raw;
        if (entry.corrupt) body = Buffer.alloc(body.length, 0xff);
        rec.method = deflate ? 8 : 0;
        rec.crc = crc32(raw);
        rec.size = entry.declaredSize ?? raw.length;
        rec.compressed = body.length;
        write(localHeader(rec));
        write(body);
      }
      records.push(rec);
    }
    const cdStart = pos;
    for (const rec of records) write(centralHeader(rec));
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(records.length, 8);
    eocd.writeUInt16LE(records.length, 10);
    eocd.writeUInt32LE(pos - cdStart, 12);
    eocd.writeUInt32LE(cdStart, 16);
    write(eocd);
    return pos;
  } finally {
    closeSync(fd);
  }
}
