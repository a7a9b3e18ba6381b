// Sandboxed preload: exposes exactly the contract's channels as `window.farm`, nothing else.
// Bundled to one CommonJS file (the sandbox cannot load modules); its only runtime import besides
// `electron` is the channel list.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNELS, REQUEST_CHANNELS } from '../../shared/contract/channels.ts';
import type { FarmBridge } from '../../shared/contract/contract.ts';
import {
  CAMERA_OPEN_CHANNEL,
  CAMERA_PORT_CHANNEL,
  CAMERA_PORT_MESSAGE,
  type CameraPortBridge,
} from '../../shared/contract/camera-channels.ts';

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

// Camera streams: main answers `camera:open-port` with a MessagePort, forwarded to the page's main
// world by window.postMessage (Electron's message-ports guide); frames never cross contextBridge.
/** The page's window (this preload is type-checked without the DOM library). */
const pageWindow = globalThis as unknown as {
  postMessage(message: unknown, targetOrigin: string, transfer: unknown[]): void;
};
const camera: CameraPortBridge = {
  open: (printerId, mode, requestId) =>
    ipcRenderer.send(CAMERA_OPEN_CHANNEL, { printerId, mode, requestId }),
};
ipcRenderer.on(CAMERA_PORT_CHANNEL, (event, reply: { requestId?: unknown }) => {
  if (typeof reply?.requestId !== 'string') return;
  // Same window only; the page checks `event.source === window` and the request id.
  pageWindow.postMessage(
    { type: CAMERA_PORT_MESSAGE, requestId: reply.requestId },
    '*',
    event.ports,
  );
});
contextBridge.exposeInMainWorld('farmCamera', camera);
// A dropped file's path, so the engine reads the file itself (drag-and-drop print); '' when it has none.
contextBridge.exposeInMainWorld('farmFiles', {
  pathFor: (file: File): string => webUtils.getPathForFile(file),
});
