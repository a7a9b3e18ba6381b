import type { EventChannel, RequestChannel } from '../../shared/contract/channels.ts';
import type {
  EventPayload,
  FarmBridge,
  RequestInput,
  RequestOutput,
} from '../../shared/contract/contract.ts';
import { fail, type Result } from '../../shared/contract/result.ts';
import { setLinkStatus } from '../store/link-store.ts';
import { receiveBatch, setSnapshot } from '../store/printers-store.ts';
import { createWsBridge, type StatusfulBridge } from './ws-bridge.ts';

let bridge: FarmBridge | null = null;

/** Sends a request to the engine; never throws (errors are values). */
export function request<C extends RequestChannel>(
  channel: C,
  ...args: RequestInput<C>
): Promise<Result<RequestOutput<C>>> {
  if (!bridge)
    return Promise.resolve(fail('disconnected', 'Farmdeck is still starting: try again'));
  return bridge.request(channel, ...args);
}

/** Listens to an engine event; call after `startFarmClient()`. Returns the unsubscribe function. */
export function subscribe<C extends EventChannel>(
  channel: C,
  listener: (payload: EventPayload<C>) => void,
): () => void {
  if (!bridge) throw new Error('startFarmClient() must run before subscribe()');
  return bridge.subscribe(channel, listener);
}

async function resync(): Promise<void> {
  const result = await request('farm:get-snapshot');
  if (result.ok) {
    setSnapshot(result.value);
    document.body.dataset['appState'] = 'ready';
  }
}

/**
 * Connects the stores to the engine: `window.farm` under Electron, else the host's WebSocket.
 * Takes a snapshot, then applies batches; a missed batch or a reconnect takes a new snapshot.
 */
export function startFarmClient(): void {
  const electron = window.farm;
  const ws: StatusfulBridge | null = electron ? null : createWsBridge(window.location.href);
  const b: FarmBridge = electron ?? (ws as StatusfulBridge);
  bridge = b;
  const channel: EventChannel = 'printers:patched';
  b.subscribe(channel, (batch) => {
    if (!receiveBatch(batch)) void resync();
  });
  if (ws) {
    ws.onStatus((status) => {
      setLinkStatus(status);
      if (status === 'open') void resync();
    });
  } else {
    setLinkStatus('open');
    void resync();
  }
}
