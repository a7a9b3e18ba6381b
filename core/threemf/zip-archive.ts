import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import { ThreeMfError } from './threemf-error.ts';

/**
 * Random access to the entries of a ZIP file on disk (yauzl reads the central directory only).
 * Entry contents are streamed on demand: a 500 MB archive is never loaded whole.
 */
export interface ZipArchive {
  /** Entry names in archive order. */
  readonly names: readonly string[];
  has(name: string): boolean;
  /** Uncompressed size in bytes, or null when the entry is absent. */
  size(name: string): number | null;
  /** Reads a small entry fully, checking its CRC; throws `corrupt` past `maxBytes`. */
  read(name: string, maxBytes?: number): Promise<Buffer>;
  /** Reads at most the first `maxBytes` of an entry (no CRC check: the entry is not read to the end). */
  readHead(name: string, maxBytes: number): Promise<Buffer>;
  /** A stream of the entry's uncompressed bytes. */
  stream(name: string): Promise<Readable>;
  close(): void;
}

const DEFAULT_MAX = 16 * 1024 * 1024;
/** Entries one archive may hold: a sliced file has a few per plate, 256 plates at most. */
export const MAX_ENTRIES = 4096;

export interface ZipOpenOptions {
  /** Stops reading: pending and later reads throw ThreeMfError `aborted`. */
  signal?: AbortSignal | undefined;
}

/** ThreeMfError `aborted` when `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new ThreeMfError('aborted', 'reading the file was stopped: its requester went away');
  }
}

function corrupt(file: string, entry: string, cause: unknown): ThreeMfError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new ThreeMfError(
    'corrupt',
    `${basename(file)}: entry ${entry} is damaged (${why}); export the plate again from the slicer`,
    { cause },
  );
}

/** Opens `path` as a ZIP archive; throws ThreeMfError `not-found` or `not-zip`. */
export async function openZipArchive(
  path: string,
  options: ZipOpenOptions = {},
): Promise<ZipArchive> {
  const { signal } = options;
  throwIfAborted(signal);
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, {
      lazyEntries: true,
      autoClose: false,
      strictFileNames: false,
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      throw new ThreeMfError('not-found', `cannot read ${path} (${code}): check the file path`, {
        cause: err,
      });
    }
    throw new ThreeMfError(
      'not-zip',
      `${basename(path)} is not a 3MF file (not a ZIP archive): choose a .gcode.3mf exported by Bambu Studio or OrcaSlicer`,
      { cause: err },
    );
  }
  const entries = new Map<string, yauzl.Entry>();
  try {
    if (zip.entryCount > MAX_ENTRIES) {
      throw new ThreeMfError(
        'over-limit',
        `${basename(path)} holds ${zip.entryCount} entries, more than a sliced file has (limit ${MAX_ENTRIES})`,
      );
    }
    for await (const entry of zip.eachEntry()) {
      throwIfAborted(signal);
      entries.set(entry.fileName, entry);
    }
  } catch (err) {
    zip.close();
    if (err instanceof ThreeMfError) throw err;
    throw new ThreeMfError(
      'corrupt',
      `${basename(path)} has a damaged ZIP directory (${(err as Error).message}): export it again from the slicer`,
      { cause: err },
    );
  }

  const get = (name: string): yauzl.Entry => {
    const e = entries.get(name);
    if (!e) throw new ThreeMfError('corrupt', `${basename(path)} has no entry ${name}`);
    return e;
  };
  const open = async (name: string): Promise<Readable> => {
    const entry = get(name);
    try {
      return await zip.openReadStreamPromise(entry);
    } catch (err) {
      throw corrupt(path, name, err);
    }
  };
  const collect = async (name: string, max: number, head: boolean): Promise<Buffer> => {
    throwIfAborted(signal);
    const declared = get(name).uncompressedSize;
    if (!head && declared >= max) {
      throw new ThreeMfError(
        'over-limit',
        `${basename(path)}: entry ${name} unpacks to ${declared} bytes, more than the ${max - 1} Farmdeck reads`,
      );
    }
    const stream = await open(name);
    const stop = () => stream.destroy();
    signal?.addEventListener('abort', stop, { once: true });
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        chunks.push(chunk);
        total += chunk.length;
        if (total >= max) {
          if (head) break;
          throw new Error(`larger than ${max} bytes`);
        }
      }
    } catch (err) {
      throwIfAborted(signal);
      throw corrupt(path, name, err);
    } finally {
      signal?.removeEventListener('abort', stop);
      stream.destroy();
    }
    throwIfAborted(signal);
    const buf = Buffer.concat(chunks);
    return head ? buf.subarray(0, max) : buf;
  };

  return {
    names: [...entries.keys()],
    has: (name) => entries.has(name),
    size: (name) => entries.get(name)?.uncompressedSize ?? null,
    async read(name, maxBytes = DEFAULT_MAX) {
      const buf = await collect(name, maxBytes + 1, false);
      if (crc32(buf) >>> 0 !== get(name).crc32 >>> 0) {
        throw corrupt(path, name, new Error('checksum mismatch'));
      }
      return buf;
    },
    readHead: (name, maxBytes) => collect(name, maxBytes, true),
    stream: open,
    close: () => zip.close(),
  };
}
