/**
 * Channel names of alerts beyond the desktop (webhook, ntfy): the channels' settings without their
 * secrets, saving them, and a test alert (no zod: the preload imports these).
 */
export const ALERT_REQUEST_CHANNELS = ['alerts:get', 'alerts:set', 'alerts:test'] as const;
