import { app, dialog } from 'electron';
import type { AppPort } from './app/platform.ts';

/** Electron's `app` (and `dialog.showErrorBox`, the one dialog) as the app's life-cycle port. */
export const electronApp: AppPort = {
  get isPackaged() {
    return app.isPackaged;
  },
  requestSingleInstanceLock: () => app.requestSingleInstanceLock(),
  whenReady: () => app.whenReady(),
  on: (event: string, listener: (event: { preventDefault(): void }) => void) =>
    app.on(event as 'will-quit', listener),
  getPath: (name) => app.getPath(name),
  quit: () => app.quit(),
  exit: (code) => app.exit(code),
  showErrorBox: (title, content) => dialog.showErrorBox(title, content),
};
