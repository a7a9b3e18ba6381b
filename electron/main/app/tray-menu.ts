import { countsText, farmCounts } from '../../../core/farm/notify-counts.ts';
import type { EngineFace } from './engine-face.ts';
import type { TrayPort } from './platform.ts';

/** The tray is refreshed at most this often, ms (batches come every ~120 ms). */
const REFRESH_MS = 1_000;

/**
 * The tray icon: counts of printers printing and needing attention in the tooltip and menu (and next to
 * the icon on macOS); clicking it shows the window. Returns the function that removes it.
 */
export function showFarmTray(
  engine: EngineFace,
  tray: TrayPort,
  actions: { showWindow: () => void; quit: () => void; macOS: boolean },
): () => void {
  let last = '';
  const refresh = () => {
    const counts = farmCounts(engine.getSnapshot().printers);
    const text = countsText(counts);
    if (text === last) return;
    last = text;
    tray.setToolTip(`Farmdeck: ${text}`);
    if (actions.macOS) tray.setTitle(`${counts.printing}/${counts.attention}`);
    tray.setMenu([
      { label: 'Open Farmdeck', click: actions.showWindow },
      { type: 'separator' },
      { label: `${counts.printing} printing`, enabled: false },
      { label: `${counts.attention} need attention`, enabled: false },
      { type: 'separator' },
      { label: 'Quit', click: actions.quit },
    ]);
  };
  let timer: ReturnType<typeof setTimeout> | null = null;
  const off = engine.onBatch(() => {
    timer ??= setTimeout(() => {
      timer = null;
      refresh();
    }, REFRESH_MS);
  });
  tray.onClick(actions.showWindow);
  refresh();
  return () => {
    off();
    if (timer !== null) clearTimeout(timer);
    tray.destroy();
  };
}
