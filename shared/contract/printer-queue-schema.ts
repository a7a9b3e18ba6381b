import { z } from 'zod';

/** A printer group ("Rack A", "PETG printers"): a tag on printers. */
export const GroupName = z
  .string()
  .trim()
  .min(1, 'a group needs a name')
  .max(40, 'a group name has at most 40 characters');
export type GroupName = z.infer<typeof GroupName>;

/**
 * A printer's bed for the queue: `clear` (a person confirmed it, or the waiver applies);
 * `needs-clearing` (a print ended on it); `unknown` (never confirmed since Farmdeck knows it);
 * `in-use` (a job was sent to it or it prints).
 */
export const BedState = z.enum(['clear', 'needs-clearing', 'unknown', 'in-use']);
export type BedState = z.infer<typeof BedState>;

/** Who dispatches to a printer: this instance, another one sharing the database, or nobody yet. */
export const QueueController = z.enum(['this', 'other', 'none']);
export type QueueController = z.infer<typeof QueueController>;

/** What the queue knows of one printer (part of PrinterView as `queue`). */
export const PrinterQueueInfo = z.object({
  bed: BedState,
  /** ms since epoch of the last bed change; null when never. */
  bedChangedAt: z.number().nullable(),
  /**
   * The bed check is waived (a printer with an automatic plate changer): the next job starts on
   * whatever is on the plate.
   */
  waiveBedCheck: z.boolean(),
  tags: z.array(GroupName),
  /** Why the dispatcher skips this printer now, in words a person can act on; null otherwise. */
  exclusion: z.string().nullable(),
  controller: QueueController,
});
export type PrinterQueueInfo = z.infer<typeof PrinterQueueInfo>;
