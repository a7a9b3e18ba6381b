// Electron main process: one window, the farm engine, IPC. Everything below this file runs under Node.
import { app, BrowserWindow } from 'electron';
import { fileURLToPath } from 'node:url';
import { FarmEngine } from '../../core/farm/farm-engine.ts';
import { recordsStore } from '../../core/store/records-store.ts';
import { handleAppProtocol, registerAppScheme } from './app-protocol.ts';
import { demoStores } from './demo-farm.ts';
import { registerCameraPorts } from './camera-ports.ts';
import { isTrustedSender, registerIpc, trustWebContents } from './ipc.ts';
import { showNativeNotifications } from './notifications.ts';
import { applySecurityPolicy } from './security.ts';
import { createElectronSettingsStore, createSafeSecretStore } from './stores.ts';
import { createFarmTray } from './tray.ts';
import { createMainWindow } from './window.ts';

// Built layout: dist/electron/main.mjs, dist/electron/preload.cjs, dist/renderer/.
const PRELOAD = fileURLToPath(new URL('./preload.cjs', import.meta.url));
const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));

// Test-only: a fresh profile per e2e run. Honoured only behind the explicit e2e flag.
if (process.env['FARMDECK_E2E'] === '1' && process.env['FARMDECK_USER_DATA']) {
  app.setPath('userData', process.env['FARMDECK_USER_DATA']);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  let win: BrowserWindow | null = null;
  let engine: FarmEngine | null = null;

  const openWindow = () => {
    win = createMainWindow(PRELOAD);
    trustWebContents(win.webContents);
    win.on('closed', () => (win = null));
  };

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });

  app.on('will-quit', () => {
    void engine?.close();
  });

  void app.whenReady().then(async () => {
    applySecurityPolicy();
    handleAppProtocol(RENDERER_DIR);
    // `npm run demo` hands a virtual farm over in a file; a packaged app ignores it.
    const demoFile = app.isPackaged ? undefined : process.env['FARMDECK_DEMO_FARM'];
    const stores = demoFile
      ? demoStores(demoFile)
      : { settings: createElectronSettingsStore(), secrets: createSafeSecretStore() };
    // History in userData (the demo hands its own folder); FARMDECK_DATABASE_URL: a shared server.
    const databaseUrl = process.env['FARMDECK_DATABASE_URL'];
    const records = recordsStore({
      dataDir: (demoFile && process.env['FARMDECK_DEMO_DATA']) || app.getPath('userData'),
      ...(databaseUrl ? { databaseUrl } : {}),
    });
    engine = await FarmEngine.start({
      ...stores,
      records,
      logger: { info: (m) => console.log(m), warn: (m) => console.warn(m) },
      // Dropped files are read from their path (the preload gives it; only our window may ask).
      print: { allowLocalPaths: true },
    });
    registerIpc(engine);
    const showWindow = (): BrowserWindow => {
      if (!win) openWindow();
      if (!win) throw new Error('the window could not be opened');
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
      return win;
    };
    createFarmTray(engine, showWindow);
    showNativeNotifications(engine, () => win, showWindow);
    registerCameraPorts(engine, isTrustedSender);
    openWindow();
  });
}
