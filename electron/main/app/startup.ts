import { join } from 'node:path';
import { AppNotices } from '../../../core/farm/app-notices.ts';
import { FarmEngine, type FarmEngineOptions } from '../../../core/farm/farm-engine.ts';
import { createFileSettingsStore } from '../../../core/farm/file-stores.ts';
import type { FarmLogger, SecretStore, SettingsStore } from '../../../core/farm/ports.ts';
import type { RecordsPort } from '../../../core/farm/records-port.ts';
import { registerCameraPorts } from './camera-bridge.ts';
import { createDesktopSecrets } from './desktop-secrets.ts';
import { importLegacyStore } from './legacy-store.ts';
import type { EngineFace } from './engine-face.ts';
import { registerIpc } from './ipc-bridge.ts';
import { showNativeNotifications } from './native-notifications.ts';
import type { DesktopPlatform, WindowPort } from './platform.ts';
import { QUIT_TIMEOUT_MS, closeWithin, settleWithin } from './shutdown.ts';
import { showFarmTray } from './tray-menu.ts';
import { TrustedContents } from './trust.ts';

export interface DesktopOptions {
  /** Starts the engine; default `FarmEngine.start`. */
  startEngine?: (options: FarmEngineOptions) => Promise<EngineFace>;
  /** Stores to use instead of the user's (the demo's virtual farm). */
  stores?: () => { settings: SettingsStore; secrets: SecretStore };
  /** The farm's database (history, library) for a data folder; absent = no history. */
  records?: (dataDir: string) => RecordsPort;
  quitTimeoutMs?: number;
  logger?: FarmLogger;
  now?: () => Date;
}

export type StartResult =
  { ok: true; engine: EngineFace; window: WindowPort } | { ok: false; reason: string };

export interface DesktopApp {
  /** Settles when start-up is over: the window is open, or the failure was shown and the app exits. */
  ready: Promise<StartResult>;
  /** The app's own windows (the only senders trusted by IPC). */
  trusted: TrustedContents;
}

const consoleLogger: FarmLogger = {
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
};

/**
 * The desktop app's main process: single instance, the engine on the user's stores, IPC, tray,
 * notifications, cameras and one window; a start-up failure shows its reason and the data folder, then
 * quits; quitting closes the farm within a bound. Never leaves a rejected promise behind.
 */
export function runDesktopApp(p: DesktopPlatform, options: DesktopOptions = {}): DesktopApp {
  const { app } = p;
  const logger = options.logger ?? consoleLogger;
  const trusted = new TrustedContents();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return {
      trusted,
      ready: Promise.resolve({ ok: false, reason: 'Farmdeck is already running' }),
    };
  }
  p.registerScheme();

  let win: WindowPort | null = null;
  let engine: EngineFace | null = null;
  const disposers: (() => void)[] = [];

  const openWindow = (): WindowPort => {
    const opened = p.createWindow();
    trusted.trust(opened.webContents);
    opened.on('closed', () => {
      if (win === opened) win = null;
    });
    win = opened;
    return opened;
  };
  const showWindow = (): WindowPort => {
    const shown = win ?? openWindow();
    if (shown.isMinimized()) shown.restore();
    shown.show();
    shown.focus();
    return shown;
  };

  app.on('second-instance', () => {
    if (win) showWindow();
  });
  app.on('window-all-closed', () => {
    if (p.os !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (engine && !win) openWindow();
  });

  const start = async (): Promise<StartResult> => {
    await app.whenReady();
    p.serveApp();
    const dataDir = app.getPath('userData');
    const notices = new AppNotices();
    const now = options.now ? { now: options.now } : {};
    let stores: FarmEngineOptions;
    if (options.stores) {
      stores = { ...options.stores(), notices };
    } else {
      await importLegacyStore(dataDir, notices, options.now);
      const secrets = await createDesktopSecrets(dataDir, p.keyring, p.os, notices, options.now);
      stores = {
        settings: createFileSettingsStore(join(dataDir, 'settings.json'), { notices, ...now }),
        secrets: secrets.store,
        notices,
        codeStorage: secrets,
      };
    }
    engine = await (options.startEngine ?? FarmEngine.start)({
      ...stores,
      ...(options.records ? { records: options.records(dataDir) } : {}),
      logger,
      // Dropped files are read from their path (the preload gives it; only our window may ask).
      print: { allowLocalPaths: true },
    });
    const started = engine;
    disposers.push(registerIpc(started, p.ipc, trusted, p.contents));
    disposers.push(registerCameraPorts(started, p.ipc, trusted, p.createChannel));
    disposers.push(
      showFarmTray(started, p.createTray(), {
        showWindow: () => void showWindow(),
        quit: () => app.quit(),
        macOS: p.os === 'darwin',
      }),
    );
    disposers.push(showNativeNotifications(started, p.notifications, () => win, showWindow));
    return { ok: true, engine: started, window: openWindow() };
  };

  const timeoutMs = options.quitTimeoutMs ?? QUIT_TIMEOUT_MS;
  const shutdown = async (): Promise<void> => {
    for (const dispose of disposers.splice(0).reverse()) {
      try {
        dispose();
      } catch (err) {
        logger.warn(`closing the window's links failed: ${(err as Error).message}`);
      }
    }
    if (engine) await closeWithin(engine, timeoutMs, logger);
  };

  const starting = start();
  const ready = starting.catch(async (err: unknown): Promise<StartResult> => {
    const reason = err instanceof Error ? err.message : String(err);
    logger.warn(`Farmdeck could not start: ${reason}`);
    app.showErrorBox(
      'Farmdeck could not start',
      `${reason}\n\nData folder: ${safeDataDir(p)}\n\nFarmdeck will quit now. Nothing in the data folder was deleted.`,
    );
    await shutdown();
    closed = true;
    app.exit(1);
    return { ok: false, reason };
  });

  let closed = false;
  let closing: Promise<void> | null = null;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closing ??= (async () => {
      // A quit during start-up waits for it (bounded) so the engine it starts is closed too.
      await settleWithin(ready, timeoutMs);
      await shutdown();
      closed = true;
      app.quit();
    })();
  });

  return { ready, trusted };
}

function safeDataDir(p: DesktopPlatform): string {
  try {
    return p.app.getPath('userData');
  } catch {
    return '(unknown)';
  }
}
