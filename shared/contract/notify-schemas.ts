import { z } from 'zod';
import { PrinterId } from './farm-schemas.ts';

/** Kinds of notification a person can switch on or off. */
export const NOTIFY_KINDS = [
  'print-finished',
  'print-failed',
  'hms-error',
  'printer-offline',
  'queue-empty',
  'bed-waiting',
] as const;
export const NotifyKind = z.enum(NOTIFY_KINDS);
export type NotifyKind = z.infer<typeof NotifyKind>;

/**
 * Per-kind switches (true = notify). Persisted by the engine; a kind missing from a saved set (one saved
 * before the kind existed) loads as on.
 */
export const NotifyPrefs = z.object({
  'print-finished': z.boolean(),
  'print-failed': z.boolean(),
  'hms-error': z.boolean(),
  'printer-offline': z.boolean(),
  'queue-empty': z.boolean(),
  'bed-waiting': z.boolean(),
});
export type NotifyPrefs = z.infer<typeof NotifyPrefs>;

/** Every kind on: what a new installation starts with. */
export const defaultNotifyPrefs = (): NotifyPrefs => ({
  'print-finished': true,
  'print-failed': true,
  'hms-error': true,
  'printer-offline': true,
  'queue-empty': true,
  'bed-waiting': true,
});

/** One notification: names the printer, if any (not `queue-empty`); clicking it opens `printerId`. */
export const FarmNotification = z.object({
  /** Unique per engine run. */
  id: z.string(),
  kind: NotifyKind,
  /** null: about the farm, not one printer (the queue ran empty). */
  printerId: PrinterId.nullable(),
  printerName: z.string().nullable(),
  /** Short line, e.g. "Print failed on Rack A". */
  title: z.string(),
  /** What happened and, where useful, what to do. */
  body: z.string(),
  /** ms since epoch. */
  at: z.number(),
});
export type FarmNotification = z.infer<typeof FarmNotification>;

/** Payload of `notify:open-printer` (Electron: a native notification was clicked). */
export const OpenPrinter = z.object({ printerId: PrinterId });
export type OpenPrinter = z.infer<typeof OpenPrinter>;

/** Request schemas of the notification channels (spread into the contract). */
export const notifyRequestSchemas = {
  'notify:get-prefs': { input: z.tuple([]), output: NotifyPrefs },
  'notify:set-prefs': { input: z.tuple([NotifyPrefs]), output: NotifyPrefs },
};

export interface NotifyRequestValues {
  'notify:get-prefs': NotifyPrefs;
  'notify:set-prefs': NotifyPrefs;
}

export const notifyEventSchemas = {
  'notify:raised': FarmNotification,
  'notify:open-printer': OpenPrinter,
};

export interface NotifyEventValues {
  'notify:raised': FarmNotification;
  'notify:open-printer': OpenPrinter;
}
