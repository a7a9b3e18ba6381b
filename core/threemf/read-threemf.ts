import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { parseGcodeHeader } from './gcode-header.ts';
import {
  MAX_PLATES,
  parseModelMetadata,
  parseSliceInfo,
  type SliceInfoPlate,
} from './slice-info.ts';
import { ThreeMfError } from './threemf-error.ts';
import { openZipArchive, throwIfAborted, type ZipArchive } from './zip-archive.ts';

export type { SlicedFilament, SlicedObject } from './slice-info.ts';

/** One sliced plate of a `.gcode.3mf`. */
export interface ThreeMfPlate extends SliceInfoPlate {
  /** Entry of the plate G-code, e.g. `Metadata/plate_3.gcode`: the `param` of `project_file`. */
  readonly gcodeEntry: string;
  /** Uncompressed G-code size, bytes. */
  readonly gcodeBytes: number;
  /** Entry of the plate thumbnail PNG, null when absent. */
  readonly thumbnailEntry: string | null;
  /** From the G-code header; null when absent. */
  readonly totalLayers: number | null;
  /** Bed type from `Metadata/plate_N.json` (`textured_plate`, …), null when absent. */
  readonly bedType: string | null;
  /** Slicer named by the G-code header (`OrcaSlicer 2.3.2`), null when absent. */
  readonly slicer: string | null;
}

/** What a sliced `.gcode.3mf` holds, without its G-code. */
export interface ThreeMfInfo {
  readonly path: string;
  /** Archive size on disk, bytes. */
  readonly fileBytes: number;
  /** Slicer that wrote it, e.g. `BambuStudio-02.01.01.52`. */
  readonly application: string | null;
  readonly title: string | null;
  /** `printer_model` of project_settings.config, e.g. `Bambu Lab P1S`. */
  readonly printerModelName: string | null;
  /** Sliced plates, by index. */
  readonly plates: readonly ThreeMfPlate[];
}

const GCODE_RE = /^Metadata\/plate_(\d+)\.gcode$/;
/** Enough to cover the header block even with long comments. */
const HEADER_BYTES = 16 * 1024;

async function readText(zip: ZipArchive, name: string, max?: number): Promise<string | null> {
  if (!zip.has(name)) return null;
  return (await zip.read(name, max)).toString('utf8');
}

function fallbackPlate(index: number): SliceInfoPlate {
  return {
    index,
    printerModelId: null,
    nozzleDiameters: [],
    predictionSeconds: null,
    weightGrams: null,
    labelObjects: false,
    filaments: [],
    objects: [],
  };
}

export interface ReadThreeMfOptions {
  /** Stops the reading (ThreeMfError `aborted`), e.g. when the client that asked went away. */
  signal?: AbortSignal | undefined;
}

export interface ReadThreeMfWithThumbnailsOptions extends ReadThreeMfOptions {
  /** Thumbnails larger than this are left out (null). */
  thumbnailMaxBytes: number;
}

/** A file's description plus each plate's thumbnail PNG, read in one pass over the archive. */
export interface ThreeMfReading {
  readonly info: ThreeMfInfo;
  /** By position in `info.plates`; null when absent, damaged or too large. */
  readonly thumbnails: readonly (Uint8Array | null)[];
}

async function plateDetails(zip: ZipArchive, meta: SliceInfoPlate): Promise<ThreeMfPlate> {
  const gcodeEntry = `Metadata/plate_${meta.index}.gcode`;
  const header = parseGcodeHeader((await zip.readHead(gcodeEntry, HEADER_BYTES)).toString('utf8'));
  let bedType: string | null = null;
  const layout = await readText(zip, `Metadata/plate_${meta.index}.json`, 1024 * 1024);
  if (layout) {
    try {
      const parsed = JSON.parse(layout) as { bed_type?: unknown };
      if (typeof parsed.bed_type === 'string' && parsed.bed_type) bedType = parsed.bed_type;
    } catch {
      // A broken layout file only loses the bed type; the printer never reads it.
    }
  }
  const png = `Metadata/plate_${meta.index}.png`;
  return {
    ...meta,
    predictionSeconds: meta.predictionSeconds ?? header.estimatedSeconds,
    gcodeEntry,
    gcodeBytes: zip.size(gcodeEntry) ?? 0,
    thumbnailEntry: zip.has(png) ? png : null,
    totalLayers: header.totalLayers,
    bedType,
    slicer: header.slicer,
  };
}

/**
 * Reads the plates, filaments and objects of a sliced `.gcode.3mf` at `path`, streaming only
 * the small metadata entries and the first KB of each plate's G-code.
 * Throws ThreeMfError: `not-found`, `not-zip`, `not-sliced`, `corrupt`, `over-limit`, `aborted`.
 * Untrusted files are better read with `readThreeMfInWorker` (off the event loop).
 */
export async function readThreeMf(
  path: string,
  options: ReadThreeMfOptions = {},
): Promise<ThreeMfInfo> {
  const zip = await openZipArchive(path, options);
  try {
    return await describe(zip, path, options.signal);
  } finally {
    zip.close();
  }
}

/** `readThreeMf` plus every plate's thumbnail, opening the archive once. */
export async function readThreeMfWithThumbnails(
  path: string,
  options: ReadThreeMfWithThumbnailsOptions,
): Promise<ThreeMfReading> {
  const zip = await openZipArchive(path, options);
  try {
    const info = await describe(zip, path, options.signal);
    const thumbnails: (Uint8Array | null)[] = [];
    for (const plate of info.plates) {
      throwIfAborted(options.signal);
      const entry = plate.thumbnailEntry;
      const size = entry === null ? null : zip.size(entry);
      if (entry === null || size === null || size > options.thumbnailMaxBytes) {
        thumbnails.push(null);
        continue;
      }
      thumbnails.push(
        await zip.read(entry, options.thumbnailMaxBytes).catch((err: unknown) => {
          if (err instanceof ThreeMfError && err.code === 'aborted') throw err;
          return null;
        }),
      );
    }
    return { info, thumbnails };
  } finally {
    zip.close();
  }
}

async function describe(
  zip: ZipArchive,
  path: string,
  signal: AbortSignal | undefined,
): Promise<ThreeMfInfo> {
  const gcodeIndexes = zip.names
    .map((n) => GCODE_RE.exec(n)?.[1])
    .filter((s): s is string => s !== undefined)
    .map(Number);
  if (gcodeIndexes.length === 0) {
    throw new ThreeMfError(
      'not-sliced',
      `${basename(path)} contains no sliced G-code: open it in Bambu Studio or OrcaSlicer, slice it and export the plate ("Export plate sliced file" gives a .gcode.3mf)`,
    );
  }
  if (gcodeIndexes.length > MAX_PLATES) {
    throw new ThreeMfError(
      'over-limit',
      `${basename(path)} is not a sliced file Farmdeck can read: it has ${gcodeIndexes.length} plates, more than the ${MAX_PLATES} any slicer makes`,
    );
  }
  const sliceXml = await readText(zip, 'Metadata/slice_info.config');
  const described = sliceXml ? unreadable(path, () => parseSliceInfo(sliceXml)) : [];
  const byIndex = new Map(described.map((p) => [p.index, p]));
  const metas = gcodeIndexes.sort((a, b) => a - b).map((i) => byIndex.get(i) ?? fallbackPlate(i));
  const plates: ThreeMfPlate[] = [];
  for (const meta of metas) {
    throwIfAborted(signal);
    plates.push(await plateDetails(zip, meta));
  }

  throwIfAborted(signal);
  const modelXml = await readText(zip, '3D/3dmodel.model', 4 * 1024 * 1024).catch(() => null);
  const modelMeta = modelXml
    ? unreadable(path, () => parseModelMetadata(modelXml))
    : new Map<string, string>();
  let printerModelName: string | null = null;
  const settings = await readText(zip, 'Metadata/project_settings.config');
  if (settings) {
    try {
      const s = JSON.parse(settings) as { printer_model?: unknown };
      if (typeof s.printer_model === 'string' && s.printer_model)
        printerModelName = s.printer_model;
    } catch {
      // Only the model name is lost; slice_info still carries the model code.
    }
  }
  return {
    path,
    fileBytes: (await stat(path)).size,
    application: modelMeta.get('Application') || null,
    title: modelMeta.get('Title') || null,
    printerModelName,
    plates,
  };
}

/** Runs an XML parse, saying which file could not be read when it throws. */
function unreadable<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof ThreeMfError)) throw err;
    throw new ThreeMfError(
      err.code,
      `${basename(path)} is not a sliced file Farmdeck can read: ${err.message}; export the plate again from Bambu Studio or OrcaSlicer`,
      { cause: err },
    );
  }
}

/** Finds plate `index` (1-based) of `info`, or the only plate when `index` is undefined. */
export function pickPlate(info: ThreeMfInfo, index?: number): ThreeMfPlate {
  const available = info.plates.map((p) => p.index).join(', ');
  if (index === undefined) {
    const first = info.plates[0];
    if (info.plates.length === 1 && first) return first;
    throw new ThreeMfError(
      'no-plate',
      `${basename(info.path)} has plates ${available}: choose one (--plate N)`,
    );
  }
  const plate = info.plates.find((p) => p.index === index);
  if (!plate) {
    throw new ThreeMfError(
      'no-plate',
      `${basename(info.path)} has no plate ${index}; it contains plate${info.plates.length > 1 ? 's' : ''} ${available}`,
    );
  }
  return plate;
}

/** Streams one entry (e.g. a plate's G-code or thumbnail); the archive closes when the stream ends. */
export async function openThreeMfEntry(path: string, entry: string): Promise<Readable> {
  const zip = await openZipArchive(path);
  try {
    const stream = await zip.stream(entry);
    stream.once('close', () => zip.close());
    return stream;
  } catch (err) {
    zip.close();
    throw err;
  }
}

/** The plate's thumbnail PNG bytes (checked), or null when the file has none. */
export async function readPlateThumbnail(
  path: string,
  plate: ThreeMfPlate,
): Promise<Buffer | null> {
  if (!plate.thumbnailEntry) return null;
  const zip = await openZipArchive(path);
  try {
    return await zip.read(plate.thumbnailEntry, 8 * 1024 * 1024);
  } finally {
    zip.close();
  }
}
