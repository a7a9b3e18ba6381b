import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import type { StagedFile } from '../../shared/contract/print-schemas.ts';
import { FarmFailure } from '../../shared/contract/result.ts';
import { readThreeMfInWorker } from '../threemf/read-in-worker.ts';
import type { ThreeMfInfo, ThreeMfReading } from '../threemf/read-threemf.ts';
import { ThreeMfError } from '../threemf/threemf-error.ts';
import { plateSummary } from './plate-summary.ts';

/** Thumbnails larger than this are left out of the dialog (Studio's are 10-60 KB). */
const MAX_THUMBNAIL_BYTES = 512 * 1024;

/** A sliced file the engine holds for printing. */
export interface StagedEntry {
  readonly fileId: string;
  /** Name as dropped (the printer's file name derives from it). */
  readonly name: string;
  /** Where the bytes are: a temporary file (browser upload) or the user's own file (Electron). */
  readonly path: string;
  /** True when the engine made `path` and deletes it when the entry goes. */
  readonly owned: boolean;
  readonly info: ThreeMfInfo;
  readonly summary: StagedFile;
}

/**
 * Files dropped for printing: read once (plates, filaments, thumbnails), kept by id for the print
 * dialog and its jobs. Keeps the latest `limit` files; temporary uploads are deleted when dropped
 * from the list or on close.
 */
export class StagedFiles {
  private readonly entries = new Map<string, StagedEntry>();

  /**
   * @param limit files kept
   * @param inUse true while a job still uploads the file: it is kept even past the limit
   */
  constructor(
    private readonly limit = 20,
    private readonly inUse: (fileId: string) => boolean = () => false,
  ) {}

  /**
   * Reads `path` and holds it as `name`. A file that is not a sliced `.gcode.3mf` (or is corrupt,
   * or past the reader's limits) is refused with FarmFailure `invalid-file` saying why; an owned
   * file is then deleted. The file is read once, in a worker thread; `signal` stops it
   * (FarmFailure `disconnected`).
   */
  async stage(
    path: string,
    name: string,
    owned: boolean,
    signal?: AbortSignal,
  ): Promise<StagedFile> {
    let reading: ThreeMfReading;
    try {
      if (!/\.3mf$/i.test(name)) {
        throw new ThreeMfError(
          'not-zip',
          `${name} is not a .gcode.3mf: slice the model in Bambu Studio or OrcaSlicer and export the plate ("Export plate sliced file")`,
        );
      }
      reading = await readThreeMfInWorker(path, {
        signal,
        thumbnailMaxBytes: MAX_THUMBNAIL_BYTES,
      });
    } catch (err) {
      if (owned) await rm(path, { force: true });
      if (err instanceof ThreeMfError && err.code === 'aborted') {
        throw new FarmFailure('disconnected', `reading ${name} was stopped: the client went away`);
      }
      if (err instanceof ThreeMfError) {
        throw new FarmFailure('invalid-file', err.message.replace(basename(path), name));
      }
      throw err;
    }
    const { info, thumbnails } = reading;
    const plates = info.plates.map((plate, i) => plateSummary(info, plate, thumbnails[i] ?? null));
    const fileId = `f-${randomUUID()}`;
    const summary: StagedFile = { fileId, name, bytes: info.fileBytes, plates };
    this.entries.set(fileId, { fileId, name, path, owned, info, summary });
    await this.trim();
    return summary;
  }

  /** The staged file, or FarmFailure `not-found` saying to drop it again. */
  get(fileId: string): StagedEntry {
    const entry = this.entries.get(fileId);
    if (!entry) {
      throw new FarmFailure(
        'not-found',
        'the dropped file is no longer held by Farmdeck (too many files since, or a restart): drop it again',
      );
    }
    return entry;
  }

  /** Deletes every temporary upload. */
  async close(): Promise<void> {
    const owned = [...this.entries.values()].filter((e) => e.owned);
    this.entries.clear();
    await Promise.all(owned.map((e) => rm(e.path, { force: true })));
  }

  private async trim(): Promise<void> {
    let excess = this.entries.size - this.limit;
    for (const entry of [...this.entries.values()]) {
      if (excess <= 0) return;
      if (this.inUse(entry.fileId)) continue;
      this.entries.delete(entry.fileId);
      excess--;
      if (entry.owned) await rm(entry.path, { force: true });
    }
  }
}
