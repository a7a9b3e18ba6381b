import { Menu, nativeImage, Tray } from 'electron';
import type { TrayPort } from './app/platform.ts';

/** 16×16 PNG of Farmdeck's grid glyph. */
const ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAIElEQVR42mNgoAaw7nv1H4ZJFRskBgw8GA3E0UAccAAAlsHaU/QWgAYAAAAASUVORK5CYII=';

/** Electron's `Tray` with the app's icon, as the tray port. */
export function createElectronTray(): TrayPort {
  const tray = new Tray(nativeImage.createFromDataURL(ICON));
  return {
    setToolTip: (text) => tray.setToolTip(text),
    setTitle: (text) => tray.setTitle(text),
    setMenu: (items) => tray.setContextMenu(Menu.buildFromTemplate(items)),
    onClick: (listener) => {
      tray.on('click', listener);
    },
    destroy: () => tray.destroy(),
  };
}
