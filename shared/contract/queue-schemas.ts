import { z } from 'zod';
import { PrinterId } from './farm-schemas.ts';
import { PrintOptions, StagedFileId } from './print-schemas.ts';
import { LibraryFileId } from './records-schemas.ts';
import { GroupName, PrinterQueueInfo } from './printer-queue-schema.ts';

/** Id of one queued job (a UUID). */
export const QueueJobId = z.string().min(1).max(64);
export type QueueJobId = z.infer<typeof QueueJobId>;

/** Id of one copy of a queued job (a UUID). */
export const QueueCopyId = z.string().min(1).max(64);
export type QueueCopyId = z.infer<typeof QueueCopyId>;

/**
 * How loaded filament must match the plate's:
 * - `exact-color`: same material and a colour close to the sliced one;
 * - `same-material`: same material (PETG HF only on PETG HF), any colour;
 * - `ignore-color`: same material family (PETG HF may run on PETG), any colour.
 */
export const FilamentRule = z.enum(['exact-color', 'same-material', 'ignore-color']);
export type FilamentRule = z.infer<typeof FilamentRule>;

/**
 * Where a job may print: `any` compatible printer, the printers of a `group`, or named `printers`
 * (by serial: the same printer has another id in each Farmdeck instance).
 */
export const QueueTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('any') }),
  z.object({ kind: z.literal('group'), group: GroupName }),
  z.object({
    kind: z.literal('printers'),
    serials: z.array(z.string().min(1).max(64)).min(1, 'choose at least one printer').max(500),
  }),
]);
export type QueueTarget = z.infer<typeof QueueTarget>;

/** What happens to a copy whose print failed: back to the queue, or `hold` until a person requeues it. */
export const OnFailure = z.enum(['requeue', 'hold']);
export type OnFailure = z.infer<typeof OnFailure>;

/** The file of a new job: from the library, or a file just dropped (staged; the library keeps it). */
export const QueueFileSource = z.discriminatedUnion('from', [
  z.object({ from: z.literal('library'), libraryFileId: LibraryFileId }),
  z.object({ from: z.literal('staged'), stagedFileId: StagedFileId }),
]);
export type QueueFileSource = z.infer<typeof QueueFileSource>;

/** `queue:add`: N copies of one plate. */
export const QueueJobInput = z.object({
  file: QueueFileSource,
  plate: z.number().int().min(1).max(64),
  copies: z.number().int().min(1, 'at least one copy').max(1000, 'at most 1,000 copies per job'),
  target: QueueTarget,
  filamentRule: FilamentRule,
  /** Higher first; equal priorities keep the queue's order. */
  priority: z.number().int().min(-100).max(100),
  /** ms since epoch: no copy starts before; null = now. */
  notBefore: z.number().int().nonnegative().nullable(),
  onFailure: OnFailure,
  options: PrintOptions,
});
export type QueueJobInput = z.infer<typeof QueueJobInput>;

/**
 * Where one copy is: `queued`; `dispatched` (claimed for a printer: uploading or starting);
 * `printing` (the printer's state shows it); `done`; `failed` (and not requeued: the job says
 * `hold`); `held` (waits for a person to requeue it); `cancelled`.
 */
export const COPY_STATES = [
  'queued',
  'dispatched',
  'printing',
  'done',
  'failed',
  'held',
  'cancelled',
] as const;
export const CopyState = z.enum(COPY_STATES);
export type CopyState = z.infer<typeof CopyState>;

export const QueueCopyView = z.object({
  copyId: QueueCopyId,
  /** 1-based copy number within its job. */
  index: z.number().int().min(1),
  state: CopyState,
  /** Printer it went to (serial), null while queued. */
  printerSerial: z.string().nullable(),
  /** That printer's name in this instance, null when unknown here. */
  printerName: z.string().nullable(),
  /** Its history record once the printer reported the job. */
  historyId: z.string().nullable(),
  /** Dispatches so far (a failed print that was requeued counts). */
  attempts: z.number().int().nonnegative(),
  /** Why it failed, is held, or was requeued; null otherwise. */
  reason: z.string().nullable(),
  /** ms since epoch. */
  updatedAt: z.number(),
});
export type QueueCopyView = z.infer<typeof QueueCopyView>;

/** Copies of a job by state. */
export const CopyCounts = z.object(
  Object.fromEntries(COPY_STATES.map((s) => [s, z.number().int().nonnegative()])) as Record<
    CopyState,
    z.ZodNumber
  >,
);
export type CopyCounts = Record<CopyState, number>;

export const QueueJobView = z.object({
  jobId: QueueJobId,
  libraryFileId: LibraryFileId,
  fileName: z.string(),
  plate: z.number().int().min(1),
  target: QueueTarget,
  filamentRule: FilamentRule,
  priority: z.number().int(),
  notBefore: z.number().nullable(),
  onFailure: OnFailure,
  options: PrintOptions,
  /** ms since epoch. */
  createdAt: z.number(),
  counts: CopyCounts,
  copies: z.array(QueueCopyView),
  /**
   * Why no printer takes its next copy now ("no printer has PETG (black) loaded", "not before
   * 14:00", "queue paused"); null when a copy is moving or none is left.
   */
  waiting: z.string().nullable(),
});
export type QueueJobView = z.infer<typeof QueueJobView>;

/** The whole queue in order (the order a free printer looks at it, priority first). */
export const QueueView = z.object({
  /** False when there is no farm database (the queue lives in it); `reason` says why. */
  available: z.boolean(),
  reason: z.string().nullable(),
  paused: z.boolean(),
  jobs: z.array(QueueJobView),
  /** Printers whose control (dispatch) this instance holds now, of the farm's printers. */
  controlled: z.number().int().nonnegative(),
});
export type QueueView = z.infer<typeof QueueView>;

/** `queue:set-printer`: groups and the bed-check waiver of one printer. */
export const PrinterQueueSettings = z.object({
  tags: z.array(GroupName).max(20, 'at most 20 groups per printer').optional(),
  waiveBedCheck: z.boolean().optional(),
});
export type PrinterQueueSettings = z.infer<typeof PrinterQueueSettings>;

export const QueueChanged = z.object({ revision: z.number().int() });
export type QueueChanged = z.infer<typeof QueueChanged>;

/** Request schemas of the queue channels (spread into the contract). */
export const queueRequestSchemas = {
  'queue:get': { input: z.tuple([]), output: QueueView },
  'queue:add': { input: z.tuple([QueueJobInput]), output: QueueJobView },
  /** Moves a job before another (null: to the end). */
  'queue:move': { input: z.tuple([QueueJobId, QueueJobId.nullable()]), output: z.null() },
  /** Cancels the copies not started yet; a printing copy is left to finish (stop it on the printer). */
  'queue:cancel': { input: z.tuple([QueueJobId]), output: QueueJobView },
  /** Puts failed and held copies back in the queue. */
  'queue:requeue': { input: z.tuple([QueueJobId]), output: QueueJobView },
  /** Removes a job with no copy dispatched or printing. */
  'queue:remove': { input: z.tuple([QueueJobId]), output: z.null() },
  'queue:set-paused': { input: z.tuple([z.boolean()]), output: z.null() },
  /** A person says the printer's bed is clear: the next job may start on it. */
  'queue:confirm-bed': { input: z.tuple([PrinterId]), output: PrinterQueueInfo },
  'queue:set-printer': {
    input: z.tuple([PrinterId, PrinterQueueSettings]),
    output: PrinterQueueInfo,
  },
};

export interface QueueRequestValues {
  'queue:get': QueueView;
  'queue:add': QueueJobView;
  'queue:move': null;
  'queue:cancel': QueueJobView;
  'queue:requeue': QueueJobView;
  'queue:remove': null;
  'queue:set-paused': null;
  'queue:confirm-bed': PrinterQueueInfo;
  'queue:set-printer': PrinterQueueInfo;
}

export const queueEventSchemas = { 'queue:changed': QueueChanged };

export interface QueueEventValues {
  'queue:changed': QueueChanged;
}
