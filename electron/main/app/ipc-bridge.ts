import { EVENT_CHANNELS, REQUEST_CHANNELS } from '../../../shared/contract/channels.ts';
import { dispatchRequest } from '../../../shared/contract/dispatch.ts';
import { fail } from '../../../shared/contract/result.ts';
import { farmErrorOf } from '../../../core/farm/farm-errors.ts';
import type { EngineFace } from './engine-face.ts';
import type { ContentsLookup, IpcPort } from './platform.ts';
import type { TrustedContents } from './trust.ts';

/**
 * Binds every request channel to the engine (inputs parsed by the contract, errors as values, senders
 * checked) and forwards engine batches and events to the trusted windows. Returns the function that undoes it.
 */
export function registerIpc(
  engine: EngineFace,
  ipc: IpcPort,
  trusted: TrustedContents,
  contents: ContentsLookup,
): () => void {
  const handlers = engine.handlers();
  for (const channel of REQUEST_CHANNELS) {
    ipc.handle(channel, (event, ...args: unknown[]) =>
      trusted.isTrustedSender(event)
        ? dispatchRequest(handlers, channel, args, farmErrorOf)
        : Promise.resolve(fail('forbidden', 'this window may not control printers')),
    );
  }
  const toWindows = (channel: string, payload: unknown) => {
    for (const id of trusted.list()) {
      const target = contents(id);
      if (target && !target.isDestroyed()) target.send(channel, payload);
    }
  };
  const [patched] = EVENT_CHANNELS;
  const offBatch = engine.onBatch((batch) => toWindows(patched, batch));
  const offEvents = engine.onEvent((event) => toWindows(event.channel, event.payload));
  return () => {
    offBatch();
    offEvents();
    for (const channel of REQUEST_CHANNELS) ipc.removeHandler(channel);
  };
}
