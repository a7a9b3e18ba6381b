import type { EngineFace } from './engine-face.ts';
import type { NotificationPort, WindowPort } from './platform.ts';

/**
 * Native notifications for the engine's `notify:raised` events, while the window is not in front (the
 * window shows its own toasts). Clicking one brings the window back and opens the printer, if it names one.
 */
export function showNativeNotifications(
  engine: EngineFace,
  notifications: NotificationPort,
  currentWindow: () => WindowPort | null,
  showWindow: () => WindowPort,
): () => void {
  return engine.onEvent((event) => {
    if (event.channel !== 'notify:raised' || !notifications.isSupported()) return;
    if (currentWindow()?.isFocused()) return;
    const n = event.payload;
    const printerId = n.printerId;
    notifications.show({ title: n.title, body: n.body }, () => {
      const window = showWindow();
      if (printerId !== null) window.webContents.send('notify:open-printer', { printerId });
    });
  });
}
