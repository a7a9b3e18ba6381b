// Electron main process: the adapters (one file per Electron API, composed in electron-platform.ts) run
// app/startup.ts. Everything in app/ is plain Node and tested without Electron.
import { app } from 'electron';
import { fileURLToPath } from 'node:url';
import { runDesktopApp } from './app/startup.ts';
import { recordsStore } from '../../core/store/records-store.ts';
import { demoStores } from './demo-farm.ts';
import { electronPlatform } from './electron-platform.ts';

// Built layout: dist/electron/main.mjs, dist/electron/preload.cjs, dist/renderer/.
const PRELOAD = fileURLToPath(new URL('./preload.cjs', import.meta.url));
const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));

// Test-only: a fresh profile per e2e run. Honoured only behind the explicit e2e flag.
if (process.env['FARMDECK_E2E'] === '1' && process.env['FARMDECK_USER_DATA']) {
  app.setPath('userData', process.env['FARMDECK_USER_DATA']);
}

// `npm run demo` hands a virtual farm over in a file; a packaged app ignores it.
const demoFile = app.isPackaged ? undefined : process.env['FARMDECK_DEMO_FARM'];

// History in userData (the demo hands its own folder); FARMDECK_DATABASE_URL: a shared server;
// FARMDECK_NO_HISTORY=1: none (as the host's --no-history).
const databaseUrl = process.env['FARMDECK_DATABASE_URL'];
const demoData = demoFile ? process.env['FARMDECK_DEMO_DATA'] : undefined;
const withHistory = process.env['FARMDECK_NO_HISTORY'] !== '1';

runDesktopApp(electronPlatform(PRELOAD, RENDERER_DIR), {
  ...(demoFile ? { stores: () => demoStores(demoFile) } : {}),
  ...(withHistory
    ? {
        records: (dataDir: string) =>
          recordsStore({ dataDir: demoData || dataDir, ...(databaseUrl ? { databaseUrl } : {}) }),
      }
    : {}),
});
