// A STAND-IN for the parts of Electron's main-process API that Farmdeck uses, written from Electron's
// documentation (electronjs.org/docs/latest/api: app, dialog, ipc-main, web-contents, web-frame-main,
// browser-window, safe-storage, message-channel-main, protocol, net, session, shell, tray, menu,
// native-image, notification). It is no substitute for the real binary (see e2e/electron.spec.ts);
// test/electron-stand-in.int.test.ts checks it against the documentation's examples.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

type Listener = (...args: never[]) => unknown;

/** What a test can see and steer. */
export interface StandInControl {
  /** Emits `ready` (Electron does this once it has initialised). */
  emitReady(): void;
  /** `dialog.showErrorBox` calls. */
  errorBoxes: { title: string; content: string }[];
  /** Set by `app.exit(code)`; `exited` resolves with it. */
  exitCode: number | null;
  exited: Promise<number>;
  /** True while `app.quit()` closes the windows (no `window-all-closed` then, as documented). */
  quitting: boolean;
  /** True once `app.quit()` got through `will-quit` (the process would end here). */
  quitted: boolean;
  quit: Promise<void>;
  /** Windows created so far. */
  windows: StandInBrowserWindow[];
  /** Schemes registered as privileged `standard`: their frames get a `scheme://host` origin. */
  standardSchemes: Set<string>;
  /** `protocol.handle` handlers by scheme. */
  protocolHandlers: Map<string, (request: Request) => Promise<Response> | Response>;
  /** Trays created. */
  trays: StandInTray[];
  notifications: StandInNotification[];
  /** Simulates `ipcRenderer.invoke` from `frame` of `contents`. */
  invoke(
    contents: StandInWebContents,
    frame: StandInFrame | null,
    channel: string,
    ...args: unknown[]
  ): Promise<unknown>;
  /** Simulates `ipcRenderer.send` from `frame` of `contents`. */
  send(
    contents: StandInWebContents,
    frame: StandInFrame | null,
    channel: string,
    ...args: unknown[]
  ): void;
  /** The keyring: its backend name, whether it answers, and its key (change it to make old data undecryptable). */
  keyring: { available: boolean; backend: string; key: Buffer };
}

/** `WebFrameMain`: `origin` is Chromium's RFC 6454 serialization, "null" without a scheme/host/port triple. */
export class StandInFrame {
  readonly frames: StandInFrame[] = [];
  constructor(
    private readonly control: StandInControl,
    public url: string,
    public readonly parent: StandInFrame | null = null,
  ) {
    parent?.frames.push(this);
  }
  get top(): StandInFrame {
    return this.parent ? this.parent.top : this;
  }
  get origin(): string {
    // A child window or frame on about:blank inherits its parent's origin (WebFrameMain docs).
    if ((this.url === '' || this.url === 'about:blank') && this.parent) return this.parent.origin;
    let url: URL;
    try {
      url = new URL(this.url);
    } catch {
      return 'null';
    }
    const scheme = url.protocol.slice(0, -1);
    if (['http', 'https', 'ws', 'wss'].includes(scheme)) return url.origin;
    if (this.control.standardSchemes.has(scheme) && url.host !== '')
      return `${scheme}://${url.host}`;
    return 'null';
  }
}

let nextContentsId = 1;

/** `WebContents`. */
export class StandInWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  readonly posted: { channel: string; message: unknown; transfer: unknown[] }[] = [];
  readonly mainFrame: StandInFrame;
  private destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  constructor(control: StandInControl) {
    super();
    this.mainFrame = new StandInFrame(control, '');
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
  postMessage(channel: string, message: unknown, transfer: unknown[] = []): void {
    this.posted.push({ channel, message, transfer });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  /** Navigation as the page would ask for it; false when a `will-navigate` listener prevented it. */
  navigate(url: string): boolean {
    let prevented = false;
    this.emit('will-navigate', { preventDefault: () => (prevented = true), url }, url);
    if (!prevented) this.mainFrame.url = url;
    return !prevented;
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
  }
}

/** `BrowserWindow`. */
export class StandInBrowserWindow extends EventEmitter {
  readonly webContents: StandInWebContents;
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;
  constructor(
    private readonly control: StandInControl & {
      all: Set<StandInBrowserWindow>;
      app: EventEmitter;
    },
    readonly options: Record<string, unknown> = {},
  ) {
    super();
    this.webContents = new StandInWebContents(control);
    control.windows.push(this);
    control.all.add(this);
    control.app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.webContents.mainFrame.url = url;
    await Promise.resolve();
    this.webContents.emit('did-finish-load');
    this.emit('ready-to-show');
  }
  show(): void {
    this.visible = true;
    this.focused = true;
  }
  focus(): void {
    this.focused = true;
  }
  isFocused(): boolean {
    return this.focused;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  /** Closes the window; the last one closed emits `window-all-closed` unless the app is quitting. */
  close(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroy();
    this.control.all.delete(this);
    this.emit('closed');
    if (this.control.all.size === 0 && !this.control.quitting)
      this.control.app.emit('window-all-closed');
  }
}

/** `Tray` (records what the app shows). */
export class StandInTray extends EventEmitter {
  toolTip = '';
  title = '';
  menu: { items: Record<string, unknown>[] } | null = null;
  destroyed = false;
  setToolTip(text: string): void {
    this.toolTip = text;
  }
  setTitle(text: string): void {
    this.title = text;
  }
  setContextMenu(menu: { items: Record<string, unknown>[] }): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

/** `Notification`. */
export class StandInNotification extends EventEmitter {
  shown = false;
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show(): void {
    this.shown = true;
  }
}

/** `MessagePortMain`: messages queue until `start()`; closing one end emits `close` on the other. */
class StandInPort extends EventEmitter {
  other: StandInPort | null = null;
  private started = false;
  private closed = false;
  private readonly queue: unknown[] = [];
  postMessage(message: unknown): void {
    if (this.closed || !this.other) return;
    this.other.deliver(message);
  }
  private deliver(message: unknown): void {
    if (this.closed) return;
    if (!this.started) this.queue.push(message);
    else setImmediate(() => this.emit('message', { data: message, ports: [] }));
  }
  start(): void {
    this.started = true;
    for (const message of this.queue.splice(0)) this.deliver(message);
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const other = this.other;
    if (other && !other.closed) {
      other.closed = true;
      setImmediate(() => other.emit('close'));
    }
  }
}

/** `app` of the stand-in. */
export interface StandInApp extends EventEmitter {
  isPackaged: boolean;
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<void>;
  isReady(): boolean;
  getPath(name: string): string;
  setPath(name: string, path: string): void;
  quit(): void;
  exit(code?: number): void;
}

/** `ipcMain` of the stand-in. */
export interface StandInIpcMain extends EventEmitter {
  handle(channel: string, listener: Listener): void;
  removeHandler(channel: string): void;
}

/** A fresh stand-in `electron` module with its control surface. */
export function createElectronStandIn(userData: string) {
  const app = new EventEmitter() as StandInApp;
  const all = new Set<StandInBrowserWindow>();
  let ready = false;
  let resolveReady!: () => void;
  const readyPromise = new Promise<void>((r) => (resolveReady = r));
  let resolveExit!: (code: number) => void;
  let resolveQuit!: () => void;
  const handlers = new Map<string, Listener>();
  const ipcMain = new EventEmitter() as StandInIpcMain;
  const paths: Record<string, string> = { userData };

  const control: StandInControl & { all: Set<StandInBrowserWindow>; app: EventEmitter } = {
    all,
    app,
    emitReady: () => {
      ready = true;
      app.emit('ready', {}, {});
      resolveReady();
    },
    errorBoxes: [],
    exitCode: null,
    exited: new Promise<number>((r) => (resolveExit = r)),
    quitting: false,
    quitted: false,
    quit: new Promise<void>((r) => (resolveQuit = r)),
    windows: [],
    standardSchemes: new Set(),
    protocolHandlers: new Map(),
    trays: [],
    notifications: [],
    keyring: { available: true, backend: 'gnome_libsecret', key: randomBytes(32) },
    invoke: async (contents, frame, channel, ...args) => {
      const handler = handlers.get(channel);
      if (!handler)
        throw new Error(
          `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`,
        );
      const event = { sender: contents, senderFrame: frame, processId: 1, frameId: 1 };
      return await (handler as (...a: unknown[]) => unknown)(event, ...args);
    },
    send: (contents, frame, channel, ...args) => {
      const event = { sender: contents, senderFrame: frame, processId: 1, frameId: 1, ports: [] };
      ipcMain.emit(channel, event, ...args);
    },
  };

  Object.assign(app, {
    isPackaged: false,
    requestSingleInstanceLock: () => true,
    whenReady: () => readyPromise,
    isReady: () => ready,
    getPath: (name: string) => {
      const path = paths[name];
      if (path === undefined) throw new Error(`Failed to get '${name}' path`);
      return path;
    },
    setPath: (name: string, path: string) => {
      paths[name] = path;
    },
    // app.quit(): before-quit, close every window, then will-quit (preventDefault cancels), then quit.
    quit: () => {
      let prevented = false;
      app.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (prevented) return;
      control.quitting = true;
      for (const win of [...all]) win.close();
      app.emit('will-quit', { preventDefault: () => (prevented = true) });
      control.quitting = false;
      if (prevented) return;
      control.quitted = true;
      app.emit('quit', {}, 0);
      resolveQuit();
    },
    // app.exit(code): closes windows at once, emits neither before-quit nor will-quit.
    exit: (code = 0) => {
      for (const win of [...all]) win.close();
      control.exitCode = code;
      resolveExit(code);
    },
  });

  Object.assign(ipcMain, {
    handle: (channel: string, listener: Listener) => {
      if (handlers.has(channel))
        throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel: string) => handlers.delete(channel),
  });

  const cipherOf = (plain: string) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', control.keyring.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from('v11'), iv, cipher.getAuthTag(), body]);
  };

  const electron = {
    app,
    ipcMain,
    dialog: {
      // Documented as safe before `ready`; blocks until dismissed (here: returns at once).
      showErrorBox: (title: string, content: string) => control.errorBoxes.push({ title, content }),
    },
    webContents: {
      fromId: (id: number) => [...all].find((w) => w.webContents.id === id)?.webContents,
    },
    BrowserWindow: Object.assign(
      class extends StandInBrowserWindow {
        constructor(options: Record<string, unknown> = {}) {
          super(control, options);
        }
      },
      { getAllWindows: () => [...all] },
    ),
    safeStorage: {
      // Linux: true after `ready` when a secret key is available (basic_text counts as available).
      isEncryptionAvailable: () => ready && control.keyring.available,
      getSelectedStorageBackend: () => control.keyring.backend,
      encryptString: (plain: string) => {
        if (!ready || !control.keyring.available) throw new Error('Encryption is not available.');
        return cipherOf(plain);
      },
      decryptString: (encrypted: Buffer) => {
        try {
          const iv = encrypted.subarray(3, 15);
          const decipher = createDecipheriv('aes-256-gcm', control.keyring.key, iv);
          decipher.setAuthTag(encrypted.subarray(15, 31));
          return Buffer.concat([
            decipher.update(encrypted.subarray(31)),
            decipher.final(),
          ]).toString('utf8');
        } catch {
          throw new Error(
            'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
          );
        }
      },
    },
    MessageChannelMain: class {
      readonly port1 = new StandInPort();
      readonly port2 = new StandInPort();
      constructor() {
        this.port1.other = this.port2;
        this.port2.other = this.port1;
      }
    },
    protocol: {
      // Documented: only before the app's `ready` event, and only once.
      registerSchemesAsPrivileged: (
        schemes: {
          scheme: string;
          privileges?: { standard?: boolean; secure?: boolean; supportFetchAPI?: boolean };
        }[],
      ) => {
        if (ready)
          throw new Error(
            'protocol.registerSchemesAsPrivileged should be called before app is ready',
          );
        for (const s of schemes) if (s.privileges?.standard) control.standardSchemes.add(s.scheme);
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response> | Response) => {
        control.protocolHandlers.set(scheme, handler);
      },
    },
    net: {
      fetch: async (url: string) => {
        if (!url.startsWith('file:'))
          throw new Error('the stand-in net.fetch serves file: URLs only');
        try {
          return new Response(await readFile(fileURLToPath(url)), { status: 200 });
        } catch {
          return new Response('not found', { status: 404 });
        }
      },
    },
    session: {
      defaultSession: {
        permissionRequestHandler: null as unknown,
        permissionCheckHandler: null as unknown,
        setPermissionRequestHandler(handler: unknown) {
          this.permissionRequestHandler = handler;
        },
        setPermissionCheckHandler(handler: unknown) {
          this.permissionCheckHandler = handler;
        },
      },
    },
    shell: {
      opened: [] as string[],
      openExternal(url: string) {
        this.opened.push(url);
        return Promise.resolve();
      },
    },
    Tray: class extends StandInTray {
      constructor(_image: unknown) {
        super();
        control.trays.push(this);
      }
    },
    Menu: { buildFromTemplate: (items: Record<string, unknown>[]) => ({ items }) },
    nativeImage: { createFromDataURL: (url: string) => ({ dataURL: url }) },
    Notification: Object.assign(
      class extends StandInNotification {
        constructor(options: { title: string; body: string }) {
          super(options);
          control.notifications.push(this);
        }
      },
      { isSupported: () => true },
    ),
  };
  return { electron, control };
}

export type ElectronStandIn = ReturnType<typeof createElectronStandIn>;
