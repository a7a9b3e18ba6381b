import { z } from 'zod';
import { PrinterId } from './farm-schemas.ts';
import { FarmError } from './result.ts';

/** Engine-assigned id of a file staged for printing (uploaded to the host, or read from its path). */
export const StagedFileId = z.string().min(1).max(64);
export type StagedFileId = z.infer<typeof StagedFileId>;

/** Engine-assigned id of one print job (one file, one plate, one or many printers). */
export const PrintJobId = z.string().min(1).max(64);
export type PrintJobId = z.infer<typeof PrintJobId>;

/** One filament a plate uses, as sliced. */
export const PlateFilament = z.object({
  /** 1-based slicer slot: `amsMapping[id - 1]` feeds it. */
  id: z.number().int().min(1),
  /** Material, e.g. `PLA`, `PETG HF`. */
  type: z.string(),
  /** `#RRGGBB`. */
  color: z.string(),
  /** Grams used on this plate. */
  grams: z.number(),
});
export type PlateFilament = z.infer<typeof PlateFilament>;

/** One sliced plate of a staged file, as the print dialog shows it. */
export const PlateSummary = z.object({
  /** 1-based plate number. */
  index: z.number().int().min(1),
  /** Predicted print time, seconds. */
  predictionSeconds: z.number().nullable(),
  weightGrams: z.number().nullable(),
  totalLayers: z.number().nullable(),
  filaments: z.array(PlateFilament),
  /** Model the plate was sliced for (`P1S`), null when the file does not say. */
  slicedFor: z.string().nullable(),
  /**
   * Nozzle diameter the plate was sliced for, mm (`0.4`; the first extruder's on dual-nozzle
   * printers); null or absent when the file does not say (files kept before Farmdeck read it).
   */
  nozzleDiameter: z.number().positive().nullable().optional(),
  /** Plate thumbnail as a `data:image/png;base64,…` URL, null when absent or too large. */
  thumbnail: z.string().nullable(),
});
export type PlateSummary = z.infer<typeof PlateSummary>;

/** A sliced `.gcode.3mf` the engine has read and holds for printing. */
export const StagedFile = z.object({
  fileId: StagedFileId,
  /** File name as dropped, e.g. `bracket.gcode.3mf`. */
  name: z.string(),
  /** Size, bytes. */
  bytes: z.number().int().nonnegative(),
  plates: z.array(PlateSummary),
  /**
   * Why the file was not kept in the file library (library full, disk full, no database); absent or
   * null when it was kept. Printing works either way.
   */
  libraryNote: z.string().nullable().optional(),
});
export type StagedFile = z.infer<typeof StagedFile>;

/** A loaded AMS tray (or external spool) a filament can be mapped to. */
export const TrayOption = z.object({
  /** Global tray id: unit × 4 + slot, the unit id (128+) of an AMS HT, 255/254 external spool. */
  tray: z.number().int(),
  /** `AMS 1 slot 2`. */
  label: z.string(),
  material: z.string(),
  color: z.string(),
});
export type TrayOption = z.infer<typeof TrayOption>;

/** How one filament of the plate is fed on one printer. */
export const FilamentMatchView = z.object({
  filamentId: z.number().int().min(1),
  /** Chosen tray, null when nothing loaded fits. */
  tray: z.number().int().nullable(),
  /** `exact` material, same `family` (PETG HF on PETG), or `none`. */
  quality: z.enum(['exact', 'family', 'none']),
});
export type FilamentMatchView = z.infer<typeof FilamentMatchView>;

/**
 * Whether a printer can take the plate now: `ready`; `busy` (send only is possible);
 * `offline`; `incompatible` (sliced for another model: not offered).
 */
export const TargetReadiness = z.enum(['ready', 'busy', 'offline', 'incompatible']);
export type TargetReadiness = z.infer<typeof TargetReadiness>;

/** One printer of the farm for a plate: readiness with its reason, and the proposed AMS mapping. */
export const PrintTargetPlan = z.object({
  printerId: PrinterId,
  readiness: TargetReadiness,
  /** Why the printer is not ready, in words a person can act on; null when ready. */
  reason: z.string().nullable(),
  trays: z.array(TrayOption),
  /** Proposed `ams_mapping`: tray per slicer slot (index = filament id - 1), -1 unused. Empty: no AMS. */
  mapping: z.array(z.number().int()),
  matches: z.array(FilamentMatchView),
  /** True when every filament found a tray of its material. */
  complete: z.boolean(),
});
export type PrintTargetPlan = z.infer<typeof PrintTargetPlan>;

/** Every printer of the farm, for one plate of a staged file. */
export const PrintPlan = z.object({
  fileId: StagedFileId,
  plate: z.number().int().min(1),
  targets: z.array(PrintTargetPlan),
});
export type PrintPlan = z.infer<typeof PrintPlan>;

/** Start options of `project_file` (Bambu Studio's defaults: all on but timelapse). */
export const PrintOptions = z.object({
  bedLeveling: z.boolean(),
  flowCalibration: z.boolean(),
  vibrationCalibration: z.boolean(),
  timelapse: z.boolean(),
});
export type PrintOptions = z.infer<typeof PrintOptions>;

/** Tray per slicer slot (-1 unused); null prints from the external spool (no AMS). */
const AmsMapping = z.array(z.number().int().min(-1).max(255)).max(32).nullable();

/** What the print dialog sends: one plate of a staged file to one or many printers. */
export const PrintJobInput = z.object({
  fileId: StagedFileId,
  plate: z.number().int().min(1).max(64),
  targets: z
    .array(z.object({ printerId: PrinterId, amsMapping: AmsMapping }))
    .min(1, 'choose at least one printer')
    .max(500),
  options: PrintOptions,
  /** Upload only; start later from the printer's files. */
  sendOnly: z.boolean(),
});
export type PrintJobInput = z.infer<typeof PrintJobInput>;

/**
 * Where one printer of a job is: `queued`, `uploading` (with percent and rate), `starting` (the
 * printer was asked to start), `unconfirmed` (it did not answer the start and its state does not
 * show the job yet: not a failure, it may still come), `printing` (it reports the job), `sent`
 * (send only: on its storage), `failed` (with the reason).
 */
export const TargetPhase = z.enum([
  'queued',
  'uploading',
  'starting',
  'unconfirmed',
  'printing',
  'sent',
  'failed',
]);
export type TargetPhase = z.infer<typeof TargetPhase>;

export const PrintTargetProgress = z.object({
  printerId: PrinterId,
  phase: TargetPhase,
  /** Upload percent 0-100; null before the upload. */
  percent: z.number().nullable(),
  /** Recent upload rate, bytes per second; null when not uploading. */
  bytesPerSecond: z.number().nullable(),
  /** Seconds left of the upload at the recent rate; null when unknown. */
  etaSeconds: z.number().nullable(),
  error: FarmError.nullable(),
});
export type PrintTargetProgress = z.infer<typeof PrintTargetProgress>;

/** One print job and where each of its printers is. */
export const PrintJobView = z.object({
  jobId: PrintJobId,
  fileName: z.string(),
  plate: z.number().int(),
  sendOnly: z.boolean(),
  /** ms since epoch. */
  createdAt: z.number(),
  targets: z.array(PrintTargetProgress),
});
export type PrintJobView = z.infer<typeof PrintJobView>;

/** A path on a printer's storage, e.g. `/bracket.gcode.3mf`. */
export const PrinterFilePath = z
  .string()
  .min(2)
  .max(512)
  .regex(/^\/[^\0]*$/, 'a printer path starts with /')
  .refine((p) => !p.split('/').includes('..'), 'a printer path may not contain ..');

/** One file on a printer's storage. */
export const PrinterFile = z.object({
  path: z.string(),
  name: z.string(),
  /** Bytes. */
  size: z.number(),
  /** As the printer printed it (`Jun 17 12:12`): printer clocks are unreliable. */
  modified: z.string(),
  /** True for sliced files that can be printed again. */
  printable: z.boolean(),
});
export type PrinterFile = z.infer<typeof PrinterFile>;

export const PrinterFileList = z.object({ id: PrinterId, files: z.array(PrinterFile) });
export type PrinterFileList = z.infer<typeof PrinterFileList>;

/** "Print again": a file already on the printer. */
export const ReprintInput = z.object({
  path: PrinterFilePath,
  plate: z.number().int().min(1).max(64),
  options: PrintOptions,
  /** Print with the AMS (its current trays, as Bambu Studio maps them) or from the external spool. */
  useAms: z.boolean(),
});
export type ReprintInput = z.infer<typeof ReprintInput>;
