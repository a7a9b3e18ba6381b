// Electron main process: composes the adapters (one file per Electron API) into the platform that
// app/startup.ts runs on. Everything in app/ is plain Node and tested without Electron.
import { app } from 'electron';
import { fileURLToPath } from 'node:url';
import { handleAppProtocol, registerAppScheme } from './app-protocol.ts';
import { runDesktopApp } from './app/startup.ts';
import { createElectronChannel } from './camera-ports.ts';
import { demoStores } from './demo-farm.ts';
import { electronContents, electronIpc } from './ipc.ts';
import { electronKeyring } from './keyring.ts';
import { electronApp } from './lifecycle.ts';
import { electronNotifications } from './notifications.ts';
import { applySecurityPolicy } from './security.ts';
import { createElectronTray } from './tray.ts';
import { createMainWindow } from './window.ts';

// Built layout: dist/electron/main.mjs, dist/electron/preload.cjs, dist/renderer/.
const PRELOAD = fileURLToPath(new URL('./preload.cjs', import.meta.url));
const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));

// Test-only: a fresh profile per e2e run. Honoured only behind the explicit e2e flag.
if (process.env['FARMDECK_E2E'] === '1' && process.env['FARMDECK_USER_DATA']) {
  app.setPath('userData', process.env['FARMDECK_USER_DATA']);
}

// `npm run demo` hands a virtual farm over in a file; a packaged app ignores it.
const demoFile = app.isPackaged ? undefined : process.env['FARMDECK_DEMO_FARM'];

runDesktopApp(
  {
    app: electronApp,
    ipc: electronIpc,
    contents: electronContents,
    createChannel: createElectronChannel,
    keyring: electronKeyring,
    createWindow: () => createMainWindow(PRELOAD),
    createTray: createElectronTray,
    notifications: electronNotifications,
    registerScheme: registerAppScheme,
    serveApp: () => {
      applySecurityPolicy();
      handleAppProtocol(RENDERER_DIR);
    },
    os: process.platform,
  },
  demoFile ? { stores: () => demoStores(demoFile) } : {},
);
