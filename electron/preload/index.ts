// Sandboxed preload: exposes exactly the contract's channels as `window.farm`, nothing else.
// Bundled to one CommonJS file (the sandbox cannot load modules); its only runtime import besides
// `electron` is the channel list.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNELS, REQUEST_CHANNELS } from '../../shared/contract/channels.ts';
import type { FarmBridge } from '../../shared/contract/contract.ts';

const requests = new Set<string>(REQUEST_CHANNELS);
const events = new Set<string>(EVENT_CHANNELS);

const bridge: FarmBridge = {
  request: (channel, ...args) =>
    requests.has(channel)
      ? ipcRenderer.invoke(channel, ...args)
      : Promise.resolve({
          ok: false,
          error: { code: 'invalid-input', message: `unknown request channel ${String(channel)}` },
        }),
  subscribe: (channel, listener) => {
    if (!events.has(channel)) throw new Error(`unknown event channel ${String(channel)}`);
    // Never hand the IpcRendererEvent (and its sender) to the page.
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.off(channel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('farm', bridge);
