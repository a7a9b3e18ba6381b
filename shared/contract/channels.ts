/**
 * Names of every channel between the engine and a face of it (Electron IPC or the host's WebSocket).
 * No zod here: the sandboxed Electron preload imports only this file and rejects any other name.
 * Requests are `domain:verb-object` (renderer -> engine, with a Result reply); events are past tense.
 */
export const REQUEST_CHANNELS = [
  'farm:get-snapshot',
  'printer:add',
  'printer:update',
  'printer:remove',
  'printer:test-connection',
  'printer:send-command',
  'printer:get-history',
] as const;

export const EVENT_CHANNELS = ['printers:patched'] as const;

export type RequestChannel = (typeof REQUEST_CHANNELS)[number];
export type EventChannel = (typeof EVENT_CHANNELS)[number];

/** True when `name` is a request channel of the contract. */
export function isRequestChannel(name: unknown): name is RequestChannel {
  return typeof name === 'string' && (REQUEST_CHANNELS as readonly string[]).includes(name);
}

/** True when `name` is an event channel of the contract. */
export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && (EVENT_CHANNELS as readonly string[]).includes(name);
}
