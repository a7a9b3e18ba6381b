import { Notification, type BrowserWindow } from 'electron';
import type { FarmEngine } from '../../core/farm/farm-engine.ts';

/**
 * Native notifications for the engine's `notify:raised` events, while the window is not in front (the
 * window shows its own toasts). Clicking one brings the window back and opens the printer.
 */
export function showNativeNotifications(
  engine: FarmEngine,
  currentWindow: () => BrowserWindow | null,
  showWindow: () => BrowserWindow,
): () => void {
  // Electron drops the click handler of a notification that was garbage-collected: keep them.
  const shown = new Set<Notification>();
  return engine.onEvent((event) => {
    if (event.channel !== 'notify:raised' || !Notification.isSupported()) return;
    if (currentWindow()?.isFocused()) return;
    const n = event.payload;
    const native = new Notification({ title: n.title, body: n.body });
    shown.add(native);
    native.on('close', () => shown.delete(native));
    native.on('click', () => {
      shown.delete(native);
      const win = showWindow();
      win.webContents.send('notify:open-printer', { printerId: n.printerId });
    });
    native.show();
  });
}
