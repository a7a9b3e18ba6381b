import {
  isEventChannel,
  type EventChannel,
  type RequestChannel,
} from '../../shared/contract/channels.ts';
import type {
  EventPayload,
  FarmBridge,
  RequestInput,
  RequestOutput,
} from '../../shared/contract/contract.ts';
import { fail, type Result } from '../../shared/contract/result.ts';
import { WS_PATH, type WsServerFrame } from '../../shared/contract/ws-frames.ts';

export type LinkStatus = 'connecting' | 'open' | 'closed';

export interface StatusfulBridge extends FarmBridge {
  /** Called with the transport's status; 'open' again after a reconnect means: take a new snapshot. */
  onStatus(listener: (status: LinkStatus) => void): () => void;
}

/** A request gives up after this long (the connection test itself takes up to ~15 s). */
const REQUEST_TIMEOUT_MS = 60_000;

interface Pending {
  resolve: (result: Result<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** The contract over the host's WebSocket, reconnecting by itself. `token` comes from the page URL. */
export function createWsBridge(pageUrl: string): StatusfulBridge {
  const page = new URL(pageUrl);
  const wsUrl = new URL(WS_PATH, page);
  wsUrl.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = page.searchParams.get('token');
  if (token) wsUrl.searchParams.set('token', token);

  const pending = new Map<number, Pending>();
  const listeners = new Map<EventChannel, Set<(payload: never) => void>>();
  const statusListeners = new Set<(status: LinkStatus) => void>();
  let socket: WebSocket | null = null;
  let nextId = 1;
  let retryMs = 250;

  const setStatus = (status: LinkStatus) => statusListeners.forEach((l) => l(status));

  const open = () => {
    setStatus('connecting');
    const ws = new WebSocket(wsUrl);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      setStatus('open');
    };
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      let frame: WsServerFrame;
      try {
        frame = JSON.parse(event.data) as WsServerFrame;
      } catch {
        return;
      }
      if (frame.type === 'reply') {
        const entry = pending.get(frame.id);
        if (!entry) return;
        pending.delete(frame.id);
        clearTimeout(entry.timer);
        entry.resolve(frame.result);
      } else if (frame.type === 'event' && isEventChannel(frame.channel)) {
        listeners.get(frame.channel)?.forEach((l) => l(frame.payload as never));
      }
    };
    ws.onclose = () => {
      socket = null;
      for (const [id, entry] of pending) {
        clearTimeout(entry.timer);
        entry.resolve(
          fail('disconnected', 'lost the connection to Farmdeck: try again in a moment'),
        );
        pending.delete(id);
      }
      setStatus('closed');
      setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, 5_000);
    };
  };
  open();

  return {
    request<C extends RequestChannel>(channel: C, ...args: RequestInput<C>) {
      const id = nextId++;
      const frame = JSON.stringify({ id, channel, args });
      // Never queue: a pause clicked while disconnected must not run minutes later.
      if (socket?.readyState !== WebSocket.OPEN) {
        return Promise.resolve(
          fail<RequestOutput<C>>(
            'disconnected',
            'not connected to Farmdeck right now: wait until the connection is back, then try again',
          ),
        );
      }
      const ws = socket;
      return new Promise<Result<RequestOutput<C>>>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(
            fail('timeout', 'Farmdeck did not answer in time: check that the host is running'),
          );
        }, REQUEST_TIMEOUT_MS);
        pending.set(id, { resolve: resolve as (r: Result<unknown>) => void, timer });
        ws.send(frame);
      });
    },
    subscribe<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      const wrapped = listener as (payload: never) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
  };
}
