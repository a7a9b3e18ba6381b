import { z } from 'zod';
import { PrinterId } from './farm-schemas.ts';

/** Notices about the app itself (damaged stores, unprotected codes); channel names are in notify-channels.ts. */
export const NOTICE_KINDS = [
  /** A settings or secrets file could not be read: it was moved aside and the app started without it. */
  'store-damaged',
  /** Settings written by an older Farmdeck were upgraded (the old file is kept beside it). */
  'store-migrated',
  /** No keyring protects the saved access codes (Linux `basic_text`): the user may keep them in memory only. */
  'codes-unprotected',
  /** Access codes are kept in memory only: they are asked for again at each start. */
  'codes-in-memory',
  /** A saved access code could not be decrypted (keyring locked or changed): that printer needs it again. */
  'code-unreadable',
] as const;
export const NoticeKind = z.enum(NOTICE_KINDS);
export type NoticeKind = z.infer<typeof NoticeKind>;

/** Something about the app itself (not a printer event) that the user should know, shown as a banner. */
export const AppNotice = z.object({
  /** Stable per engine run: dismissing uses it. */
  id: z.string(),
  kind: NoticeKind,
  /** What happened and what to do (paths included, never a secret). */
  message: z.string(),
  /** The printer concerned, when there is one. */
  printerId: PrinterId.optional(),
  /** What the banner offers besides dismissing: switch where access codes live. */
  action: z.enum(['keep-codes-in-memory', 'save-codes-on-disk']).optional(),
});
export type AppNotice = z.infer<typeof AppNotice>;

/** Where access codes live: on disk (keyring-encrypted where there is one) or in memory only. */
export const CodeStorage = z.enum(['disk', 'memory']);
export type CodeStorage = z.infer<typeof CodeStorage>;

export const appRequestSchemas = {
  'app:list-notices': { input: z.tuple([]), output: z.array(AppNotice) },
  'app:dismiss-notice': { input: z.tuple([z.string().max(200)]), output: z.null() },
  'app:set-code-storage': { input: z.tuple([CodeStorage]), output: z.null() },
};

export interface AppRequestValues {
  'app:list-notices': AppNotice[];
  'app:dismiss-notice': null;
  'app:set-code-storage': null;
}

export const appEventSchemas = {
  'app:notices-changed': z.array(AppNotice),
};

export interface AppEventValues {
  'app:notices-changed': AppNotice[];
}
