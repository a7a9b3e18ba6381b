/** Channel names of notifications and of the cloud account (no zod: the preload imports these). */
export const NOTIFY_REQUEST_CHANNELS = ['notify:get-prefs', 'notify:set-prefs'] as const;

/** `notify:raised`: something a person should know; `notify:open-printer`: a notification was clicked. */
export const NOTIFY_EVENT_CHANNELS = ['notify:raised', 'notify:open-printer'] as const;

export const CLOUD_REQUEST_CHANNELS = [
  'cloud:get-account',
  'cloud:request-code',
  'cloud:login-password',
  'cloud:submit-code',
  'cloud:logout',
  'cloud:add-printer',
] as const;

export const CLOUD_EVENT_CHANNELS = ['cloud:changed'] as const;

/** Notices about the app itself (damaged store, unprotected codes) and the access codes' storage. */
export const APP_REQUEST_CHANNELS = [
  'app:list-notices',
  'app:dismiss-notice',
  'app:set-code-storage',
] as const;

export const APP_EVENT_CHANNELS = ['app:notices-changed'] as const;
