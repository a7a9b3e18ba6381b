import {
  ipcMain,
  webContents,
  type IpcMainEvent,
  type MessagePortMain,
  type WebContents,
} from 'electron';
import type { ContentsLookup, ContentsPort, IpcPort, IpcSendEvent } from './app/platform.ts';

type SendListener = (event: IpcSendEvent, ...args: unknown[]) => void;
const wrapped = new WeakMap<SendListener, (event: IpcMainEvent, ...args: unknown[]) => void>();

/** A web contents as the app's contents port (the ports it carries come from `createElectronChannel`). */
function contentsPort(contents: WebContents): ContentsPort {
  return {
    id: contents.id,
    once: (event, listener) => contents.once(event, listener),
    send: (channel, payload) => contents.send(channel, payload),
    postMessage: (channel, message, transfer) =>
      contents.postMessage(channel, message, transfer as MessagePortMain[]),
    isDestroyed: () => contents.isDestroyed(),
  };
}

/** Electron's `ipcMain` as the app's IPC port (its events carry `sender` and `senderFrame`). */
export const electronIpc: IpcPort = {
  handle: (channel, listener) => ipcMain.handle(channel, listener),
  removeHandler: (channel) => ipcMain.removeHandler(channel),
  on: (channel, listener) => {
    const adapted = (event: IpcMainEvent, ...args: unknown[]) =>
      listener({ sender: contentsPort(event.sender), senderFrame: event.senderFrame }, ...args);
    wrapped.set(listener, adapted);
    ipcMain.on(channel, adapted);
  },
  off: (channel, listener) => {
    const adapted = wrapped.get(listener);
    if (adapted) ipcMain.off(channel, adapted);
  },
};

/** `webContents.fromId`. */
export const electronContents: ContentsLookup = (id) => {
  const contents = webContents.fromId(id);
  return contents ? contentsPort(contents) : undefined;
};

export { contentsPort };
