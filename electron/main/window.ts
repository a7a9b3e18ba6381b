import { BrowserWindow } from 'electron';
import type { WindowPort } from './app/platform.ts';
import { APP_ORIGIN } from './app/trust.ts';
import { contentsPort } from './ipc.ts';

/** The main window with Electron's secure defaults spelled out (none of them may be relaxed). */
export function createMainWindow(preloadPath: string): WindowPort {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 720,
    minHeight: 480,
    title: 'Farmdeck',
    backgroundColor: '#0f1216',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return {
    webContents: contentsPort(win.webContents),
    isMinimized: () => win.isMinimized(),
    isFocused: () => win.isFocused(),
    restore: () => win.restore(),
    show: () => win.show(),
    focus: () => win.focus(),
    on: (event, listener) => win.on(event, listener),
  };
}
