/**
 * Channel names of the job queue: queued jobs and their copies, printer groups (tags), the bed-clear
 * confirmation, and the queue's pause switch (no zod: the preload imports these).
 */
export const QUEUE_REQUEST_CHANNELS = [
  'queue:get',
  'queue:add',
  'queue:move',
  'queue:cancel',
  'queue:requeue',
  'queue:remove',
  'queue:set-paused',
  'queue:confirm-bed',
  'queue:set-printer',
] as const;

/** `queue:changed`: a job, a copy, the pause switch or a printer's queue info changed; fetch `queue:get`. */
export const QUEUE_EVENT_CHANNELS = ['queue:changed'] as const;
