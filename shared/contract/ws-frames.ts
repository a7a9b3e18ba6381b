import { z } from 'zod';
import type { EventChannel } from './channels.ts';
import type { Result } from './result.ts';

/**
 * Frames of the contract over a WebSocket (the browser host). JSON text frames only.
 * Client -> host: a request. Host -> client: the reply to a request, or an event.
 */
export const WsRequestFrame = z.object({
  /** Chosen by the client; echoed in the reply. */
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  args: z.array(z.unknown()).max(10),
});
export type WsRequestFrame = z.infer<typeof WsRequestFrame>;

export type WsServerFrame =
  | { type: 'reply'; id: number; result: Result<unknown> }
  | { type: 'event'; channel: EventChannel; payload: unknown };

/** Path of the WebSocket endpoint on the host. */
export const WS_PATH = '/ws';

/** Largest frame the host accepts from a client, bytes (a custom CA PEM is the largest input). */
export const MAX_INBOUND_FRAME = 256 * 1024;
