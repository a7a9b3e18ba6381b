import type { RequestHandlers } from '../../shared/contract/contract.ts';
import type { QueueRequestValues } from '../../shared/contract/queue-schemas.ts';
import { FarmFailure } from '../../shared/contract/result.ts';

type QueueHandlers = Pick<RequestHandlers, keyof QueueRequestValues>;

/** Placeholder until the queue service is wired: every queue request says so. */
export function queueNotWired(): QueueHandlers {
  const no = () =>
    Promise.reject(new FarmFailure('internal', 'the job queue is not wired into this engine yet'));
  return {
    'queue:get': no,
    'queue:add': no,
    'queue:move': no,
    'queue:cancel': no,
    'queue:requeue': no,
    'queue:remove': no,
    'queue:set-paused': no,
    'queue:confirm-bed': no,
    'queue:set-printer': no,
  };
}
