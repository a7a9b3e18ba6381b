import { handleAppProtocol, registerAppScheme } from './app-protocol.ts';
import type { DesktopPlatform } from './app/platform.ts';
import { createElectronChannel } from './camera-ports.ts';
import { electronContents, electronIpc } from './ipc.ts';
import { electronKeyring } from './keyring.ts';
import { electronApp } from './lifecycle.ts';
import { electronNotifications } from './notifications.ts';
import { applySecurityPolicy } from './security.ts';
import { createElectronTray } from './tray.ts';
import { createMainWindow } from './window.ts';

/** The desktop platform on Electron: every adapter of electron/main in one place. */
export function electronPlatform(preloadPath: string, rendererDir: string): DesktopPlatform {
  return {
    app: electronApp,
    ipc: electronIpc,
    contents: electronContents,
    createChannel: createElectronChannel,
    keyring: electronKeyring,
    createWindow: () => createMainWindow(preloadPath),
    createTray: createElectronTray,
    notifications: electronNotifications,
    registerScheme: registerAppScheme,
    serveApp: () => {
      applySecurityPolicy();
      handleAppProtocol(rendererDir);
    },
    os: process.platform,
  };
}
