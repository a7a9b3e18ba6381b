import { app, Menu, nativeImage, Tray, type BrowserWindow } from 'electron';
import type { FarmEngine } from '../../core/farm/farm-engine.ts';
import { countsText, farmCounts } from '../../core/farm/notify-counts.ts';

/** 16×16 PNG of Farmdeck's grid glyph. */
const ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAIElEQVR42mNgoAaw7nv1H4ZJFRskBgw8GA3E0UAccAAAlsHaU/QWgAYAAAAASUVORK5CYII=';
/** The tray is refreshed at most this often, ms (batches come every ~120 ms). */
const REFRESH_MS = 1_000;

/**
 * The tray icon: counts of printers printing and needing attention in the tooltip and menu (and next to
 * the icon on macOS); clicking it shows the window. Returns the function that removes it.
 */
export function createFarmTray(engine: FarmEngine, showWindow: () => BrowserWindow): () => void {
  const tray = new Tray(nativeImage.createFromDataURL(ICON));
  let last = '';
  const refresh = () => {
    const counts = farmCounts(engine.getSnapshot().printers);
    const text = countsText(counts);
    if (text === last) return;
    last = text;
    tray.setToolTip(`Farmdeck: ${text}`);
    if (process.platform === 'darwin') tray.setTitle(`${counts.printing}/${counts.attention}`);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open Farmdeck', click: () => showWindow() },
        { type: 'separator' },
        { label: `${counts.printing} printing`, enabled: false },
        { label: `${counts.attention} need attention`, enabled: false },
        { type: 'separator' },
        { label: 'Quit', click: () => app.quit() },
      ]),
    );
  };
  let timer: ReturnType<typeof setTimeout> | null = null;
  const off = engine.onBatch(() => {
    timer ??= setTimeout(() => {
      timer = null;
      refresh();
    }, REFRESH_MS);
  });
  tray.on('click', () => showWindow());
  refresh();
  return () => {
    off();
    if (timer !== null) clearTimeout(timer);
    tray.destroy();
  };
}
