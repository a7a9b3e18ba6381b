import { Notification } from 'electron';
import type { NotificationPort } from './app/platform.ts';

// Electron drops the click handler of a notification that was garbage-collected: keep them.
const shown = new Set<Notification>();

/** Electron's `Notification` as the notification port. */
export const electronNotifications: NotificationPort = {
  isSupported: () => Notification.isSupported(),
  show: (content, onClick) => {
    const native = new Notification(content);
    shown.add(native);
    native.on('close', () => shown.delete(native));
    native.on('click', () => {
      shown.delete(native);
      onClick();
    });
    native.show();
  },
};
