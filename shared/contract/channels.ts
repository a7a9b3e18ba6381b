import { ALERT_REQUEST_CHANNELS } from './alert-channels.ts';
import {
  APP_EVENT_CHANNELS,
  APP_REQUEST_CHANNELS,
  CLOUD_EVENT_CHANNELS,
  CLOUD_REQUEST_CHANNELS,
  NOTIFY_EVENT_CHANNELS,
  NOTIFY_REQUEST_CHANNELS,
} from './notify-channels.ts';
import { QUEUE_EVENT_CHANNELS, QUEUE_REQUEST_CHANNELS } from './queue-channels.ts';
import { RECORDS_EVENT_CHANNELS, RECORDS_REQUEST_CHANNELS } from './records-channels.ts';

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
  'print:stage-path',
  'print:get-plan',
  'print:start',
  'print:retry',
  'print:list-jobs',
  'print:dismiss',
  'printer:list-files',
  'printer:delete-file',
  'printer:print-file',
  ...NOTIFY_REQUEST_CHANNELS,
  ...CLOUD_REQUEST_CHANNELS,
  ...APP_REQUEST_CHANNELS,
  ...RECORDS_REQUEST_CHANNELS,
  ...QUEUE_REQUEST_CHANNELS,
  ...ALERT_REQUEST_CHANNELS,
] as const;

export const EVENT_CHANNELS = [
  'printers:patched',
  'print-job:changed',
  ...NOTIFY_EVENT_CHANNELS,
  ...CLOUD_EVENT_CHANNELS,
  ...APP_EVENT_CHANNELS,
  ...RECORDS_EVENT_CHANNELS,
  ...QUEUE_EVENT_CHANNELS,
] as const;

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
