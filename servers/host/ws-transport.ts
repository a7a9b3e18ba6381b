import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FarmEvent, RequestHandlers } from '../../shared/contract/contract.ts';
import { dispatchRequest, type ErrorMapper } from '../../shared/contract/dispatch.ts';
import type { PrinterPatchBatch } from '../../shared/contract/farm-schemas.ts';
import { fail } from '../../shared/contract/result.ts';
import {
  MAX_INBOUND_FRAME,
  WS_PATH,
  WsRequestFrame,
  type WsServerFrame,
} from '../../shared/contract/ws-frames.ts';
import { sameOrigin } from '../common/request-gate.ts';
import { rejectUpgrade } from './request-origin.ts';

/** What the transport needs from the engine. */
export interface EngineFace {
  handlers(): RequestHandlers;
  onBatch(listener: (batch: PrinterPatchBatch) => void): () => void;
  /** Every other event (notifications, cloud account...). */
  onEvent?(listener: (event: FarmEvent) => void): () => void;
}

/** A client slower than this many queued bytes is dropped; it reconnects and takes a snapshot. */
const MAX_OUTBOUND_BUFFER = 16 * 1024 * 1024;

export interface WsTransportOptions {
  engine: EngineFace;
  mapError: ErrorMapper;
  /** When set, clients must present it as `?token=`. */
  token: string | null;
}

/** True when `presented` equals `expected`, in constant time. */
export function tokenMatches(expected: string, presented: string | null): boolean {
  if (presented === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The contract over WebSocket: parses every frame, dispatches requests through the contract's schemas,
 * pushes engine batches to every client. Rejects upgrades from other origins (a web page elsewhere must not
 * drive the farm through the user's browser) and, when a token is set, upgrades without it.
 */
export function createWsTransport(options: WsTransportOptions) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_INBOUND_FRAME });
  const handlers = options.engine.handlers();

  wss.on('connection', (ws: WebSocket) => {
    const sendFrame = (frame: WsServerFrame) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_OUTBOUND_BUFFER) {
        ws.close(1013, 'client too slow: reconnect');
        return;
      }
      ws.send(JSON.stringify(frame));
    };
    const unsubscribe = options.engine.onBatch((batch) =>
      sendFrame({ type: 'event', channel: 'printers:patched', payload: batch }),
    );
    const offEvents = options.engine.onEvent?.((event) =>
      sendFrame({ type: 'event', channel: event.channel, payload: event.payload }),
    );
    ws.on('close', () => {
      unsubscribe();
      offEvents?.();
    });
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        ws.close(1003, 'text frames only');
        return;
      }
      let frame: WsRequestFrame;
      try {
        const parsed = WsRequestFrame.safeParse(JSON.parse(rawText(data)));
        if (!parsed.success) throw new Error('bad frame');
        frame = parsed.data;
      } catch {
        ws.close(1003, 'malformed request frame');
        return;
      }
      void dispatchRequest(handlers, frame.channel, frame.args, options.mapError).then(
        (result) => sendFrame({ type: 'reply', id: frame.id, result }),
        () =>
          sendFrame({ type: 'reply', id: frame.id, result: fail('internal', 'request failed') }),
      );
    });
  });

  return {
    /** Handles an HTTP upgrade; answers 403/404 itself when the request is not for us. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== WS_PATH) return rejectUpgrade(socket, 404, 'Not Found');
      if (!sameOrigin(req)) return rejectUpgrade(socket, 403, 'Forbidden');
      if (options.token !== null && !tokenMatches(options.token, url.searchParams.get('token'))) {
        return rejectUpgrade(socket, 401, 'Unauthorized');
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close(): void {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

function rawText(data: unknown): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return String(data);
}
