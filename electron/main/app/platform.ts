// The few Electron APIs the desktop app uses, as small interfaces. electron/main/*.ts adapts Electron to
// them (one file per API); tests drive the app through a stand-in written from Electron's documentation.
import type { SenderEvent, TrustableContents } from './trust.ts';

/** `ipcMain`: requests with replies (`handle`) and one-way messages (`on`). */
export interface IpcPort {
  handle(channel: string, listener: (event: SenderEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: IpcSendEvent, ...args: unknown[]) => void): void;
  off(channel: string, listener: (event: IpcSendEvent, ...args: unknown[]) => void): void;
}

/** A one-way IPC message; the reply goes back on the sender. */
export interface IpcSendEvent extends SenderEvent {
  readonly sender: ContentsPort;
}

/** `WebContents`: what main sends to a page. */
export interface ContentsPort extends TrustableContents {
  send(channel: string, payload: unknown): void;
  postMessage(channel: string, message: unknown, transfer: unknown[]): void;
  isDestroyed(): boolean;
}

/** `webContents.fromId`. */
export type ContentsLookup = (id: number) => ContentsPort | undefined;

/** `MessagePortMain`. */
export interface MessagePortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
  close(): void;
}

/** `new MessageChannelMain()`. */
export type ChannelFactory = () => { port1: MessagePortLike; port2: MessagePortLike };

/** `BrowserWindow` of the app (created with the app's page and secure defaults by the adapter). */
export interface WindowPort {
  readonly webContents: ContentsPort;
  isMinimized(): boolean;
  isFocused(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
  on(event: 'closed', listener: () => void): unknown;
}

/** One line of the tray menu. */
export type TrayItem =
  { label: string; enabled?: boolean; click?: () => void } | { type: 'separator' };

/** `Tray` with `Menu.buildFromTemplate` and the app's icon. */
export interface TrayPort {
  setToolTip(text: string): void;
  /** macOS only: text next to the icon. */
  setTitle(text: string): void;
  setMenu(items: TrayItem[]): void;
  onClick(listener: () => void): void;
  destroy(): void;
}

/** `Notification`. */
export interface NotificationPort {
  isSupported(): boolean;
  show(content: { title: string; body: string }, onClick: () => void): void;
}

/** `safeStorage`. */
export interface KeyringPort {
  isEncryptionAvailable(): boolean;
  /** Linux only: `basic_text` means no keyring (a hard-coded key), else `gnome_libsecret`, `kwallet*`… */
  getSelectedStorageBackend(): string;
  encryptString(plain: string): Buffer;
  /** Throws when the data cannot be decrypted (keyring locked or changed). */
  decryptString(encrypted: Buffer): string;
}

/** `app` and `dialog`: life cycle and the one native dialog. */
export interface AppPort {
  readonly isPackaged: boolean;
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<unknown>;
  on(event: 'second-instance' | 'window-all-closed' | 'activate', listener: () => void): unknown;
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  getPath(name: 'userData'): string;
  quit(): void;
  exit(code: number): void;
  /** `dialog.showErrorBox`: safe before `ready`, blocks until dismissed. */
  showErrorBox(title: string, content: string): void;
}

/** Everything the desktop app needs from Electron. */
export interface DesktopPlatform {
  app: AppPort;
  ipc: IpcPort;
  contents: ContentsLookup;
  createChannel: ChannelFactory;
  keyring: KeyringPort;
  createWindow(): WindowPort;
  createTray(): TrayPort;
  notifications: NotificationPort;
  /** `protocol.registerSchemesAsPrivileged` (before ready). */
  registerScheme(): void;
  /** `protocol.handle` for app://farmdeck and the session's security policy (after ready). */
  serveApp(): void;
  /** `process.platform`. */
  os: NodeJS.Platform;
}
