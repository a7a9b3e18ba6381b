import {
  ipcMain,
  webContents,
  type IpcMainEvent,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron';
import { EVENT_CHANNELS, REQUEST_CHANNELS } from '../../shared/contract/channels.ts';
import { dispatchRequest } from '../../shared/contract/dispatch.ts';
import { fail } from '../../shared/contract/result.ts';
import type { FarmEngine } from '../../core/farm/farm-engine.ts';
import { farmErrorOf } from '../../core/farm/farm-errors.ts';
import { APP_ORIGIN } from './app-protocol.ts';

const trusted = new Set<number>();

/** Lets `contents` talk to the engine (the app's own window), until it is destroyed. */
export function trustWebContents(contents: WebContents): void {
  trusted.add(contents.id);
  contents.once('destroyed', () => trusted.delete(contents.id));
}

/** Only the app's own window, top frame, on the app origin may send requests. */
export function isTrustedSender(event: IpcMainInvokeEvent | IpcMainEvent): boolean {
  const frame = event.senderFrame;
  if (!trusted.has(event.sender.id) || !frame || frame.parent !== null) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN;
  } catch {
    return false;
  }
}

/**
 * Binds every request channel to the engine (inputs parsed by the contract, errors as values) and
 * forwards engine batches to trusted windows. Returns the function that undoes it.
 */
export function registerIpc(engine: FarmEngine): () => void {
  const handlers = engine.handlers();
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, (event, ...args: unknown[]) =>
      isTrustedSender(event)
        ? dispatchRequest(handlers, channel, args, farmErrorOf)
        : fail('forbidden', 'this window may not control printers'),
    );
  }
  const [patched] = EVENT_CHANNELS;
  const off = engine.onBatch((batch) => {
    for (const id of trusted) {
      const contents = webContents.fromId(id);
      if (contents && !contents.isDestroyed()) contents.send(patched, batch);
    }
  });
  const offEvents = engine.onEvent((event) => {
    for (const id of trusted) {
      const contents = webContents.fromId(id);
      if (contents && !contents.isDestroyed()) contents.send(event.channel, event.payload);
    }
  });
  return () => {
    off();
    offEvents();
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel);
  };
}
