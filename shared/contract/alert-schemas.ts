import { z } from 'zod';
import { NotifyKind } from './notify-schemas.ts';

/** Where alerts go beyond the desktop: a JSON webhook, or an ntfy-style push topic. */
export const AlertChannelName = z.enum(['webhook', 'ntfy']);
export type AlertChannelName = z.infer<typeof AlertChannelName>;

/** The kinds a channel sends (no duplicates). */
export const AlertKinds = z
  .array(NotifyKind)
  .max(NotifyKind.options.length)
  .refine((kinds) => new Set(kinds).size === kinds.length, 'each kind at most once');

/** How the last send of a channel went. */
export const AlertResult = z.object({
  ok: z.boolean(),
  /** HTTP status of the last answer; null when none came (unreachable, timeout). */
  status: z.number().int().nullable(),
  /** What happened, in words a person can act on ("the webhook answered 404: check the URL"). */
  message: z.string(),
  /** ms since epoch. */
  at: z.number(),
});
export type AlertResult = z.infer<typeof AlertResult>;

/** What every channel reports besides its settings. */
const ChannelStatus = {
  enabled: z.boolean(),
  kinds: AlertKinds,
  last: AlertResult.nullable(),
  /** Alerts dropped because the endpoint could not keep up (oldest first), since the engine started. */
  dropped: z.number().int().nonnegative(),
};

/** The webhook as the renderer sees it: the URL (a secret: it may embed a token) only as scheme+host. */
export const WebhookView = z.object({
  ...ChannelStatus,
  /** e.g. `https://hooks.example.com/…`; null when none is saved. */
  urlHint: z.string().nullable(),
  hasSecret: z.boolean(),
});
export type WebhookView = z.infer<typeof WebhookView>;

/** The ntfy channel as the renderer sees it: server and topic, never the token. */
export const NtfyView = z.object({
  ...ChannelStatus,
  server: z.string(),
  topic: z.string(),
  hasSecret: z.boolean(),
});
export type NtfyView = z.infer<typeof NtfyView>;

export const AlertsView = z.object({ webhook: WebhookView, ntfy: NtfyView });
export type AlertsView = z.infer<typeof AlertsView>;

/** A secret field of `alerts:set`: absent = keep the saved one, empty string = delete it. */
const SecretField = z.string().max(2048).optional();

/** `alerts:set`: the settings of both channels. */
export const AlertsInput = z.object({
  webhook: z.object({
    enabled: z.boolean(),
    kinds: AlertKinds,
    /** The whole URL (http or https); absent = keep, '' = delete. */
    url: SecretField,
  }),
  ntfy: z.object({
    enabled: z.boolean(),
    kinds: AlertKinds,
    /** e.g. `https://ntfy.sh`; '' = none. */
    server: z.string().max(512),
    topic: z
      .string()
      .max(64)
      .regex(/^[A-Za-z0-9_-]*$/, 'a topic has only letters, digits, - and _'),
    /** Access token (sent as `Authorization: Bearer`); absent = keep, '' = delete. */
    token: SecretField,
  }),
});
export type AlertsInput = z.input<typeof AlertsInput>;

export const alertRequestSchemas = {
  'alerts:get': { input: z.tuple([]), output: AlertsView },
  'alerts:set': { input: z.tuple([AlertsInput]), output: AlertsView },
  'alerts:test': { input: z.tuple([AlertChannelName]), output: AlertResult },
};

export interface AlertRequestValues {
  'alerts:get': AlertsView;
  'alerts:set': AlertsView;
  'alerts:test': AlertResult;
}
