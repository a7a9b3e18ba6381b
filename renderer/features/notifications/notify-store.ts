import { create } from 'zustand';
import type { FarmNotification, NotifyPrefs } from '../../../shared/contract/notify-schemas.ts';
import { request, subscribe } from '../../bridge/farm-client.ts';
import { useLinkStore } from '../../store/link-store.ts';
import { selectPrinter } from '../../store/ui-store.ts';

/** Toasts shown at once; older ones drop off. */
const MAX_TOASTS = 5;
/** A toast disappears by itself after this long, ms. */
export const TOAST_MS = 12_000;

/** Whether the browser may show system notifications (Electron: the main process shows them). */
export type DesktopPermission = 'granted' | 'denied' | 'default' | 'unsupported' | 'electron';

export interface NotifyState {
  toasts: FarmNotification[];
  /** Per-kind switches as the engine stores them; null until loaded. */
  prefs: NotifyPrefs | null;
  permission: DesktopPermission;
  settingsOpen: boolean;
}

function currentPermission(): DesktopPermission {
  if (window.farm) return 'electron';
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission;
}

export const useNotifyStore = create<NotifyState>()(() => ({
  toasts: [],
  prefs: null,
  permission: 'default',
  settingsOpen: false,
}));

export const openSettings = (settingsOpen: boolean) => useNotifyStore.setState({ settingsOpen });

export function dismissToast(id: string): void {
  useNotifyStore.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

/** Opens the printer a notification names (one about the farm, like "queue empty", just closes). */
export function openNotification(n: FarmNotification): void {
  dismissToast(n.id);
  if (n.printerId !== null) selectPrinter(n.printerId);
}

function addToast(n: FarmNotification): void {
  useNotifyStore.setState((s) => ({ toasts: [...s.toasts, n].slice(-MAX_TOASTS) }));
  setTimeout(() => dismissToast(n.id), TOAST_MS);
}

/**
 * Shows one notification: a system notification when the browser allows it and the page is in the
 * background (clicking it focuses the window and opens the printer), an in-app toast otherwise.
 */
function show(n: FarmNotification): void {
  if (currentPermission() === 'granted' && document.visibilityState === 'hidden') {
    const native = new Notification(n.title, { body: n.body, tag: n.id });
    native.onclick = () => {
      window.focus();
      if (n.printerId !== null) selectPrinter(n.printerId);
      native.close();
    };
    return;
  }
  addToast(n);
}

/** Asks for permission to show system notifications; must run from a click (browsers demand a gesture). */
export async function askDesktopPermission(): Promise<void> {
  if (currentPermission() !== 'default') return;
  await Notification.requestPermission();
  useNotifyStore.setState({ permission: currentPermission() });
}

/** Loads the switches; returns the error message, or null. */
export async function loadPrefs(): Promise<string | null> {
  const result = await request('notify:get-prefs');
  if (!result.ok) return result.error.message;
  useNotifyStore.setState({ prefs: result.value });
  return null;
}

/** Saves the switches (shown at once, put back when the engine refuses); returns the error, or null. */
export async function savePrefs(prefs: NotifyPrefs): Promise<string | null> {
  const before = useNotifyStore.getState().prefs;
  useNotifyStore.setState({ prefs });
  const result = await request('notify:set-prefs', prefs);
  if (!result.ok) {
    useNotifyStore.setState({ prefs: before });
    return result.error.message;
  }
  useNotifyStore.setState({ prefs: result.value });
  return null;
}

/** Connects notifications to the engine; call once after `startFarmClient()`. */
export function startNotifications(): void {
  useNotifyStore.setState({ permission: currentPermission() });
  subscribe('notify:raised', show);
  // Electron: a native notification was clicked.
  subscribe('notify:open-printer', ({ printerId }) => selectPrinter(printerId));
  useLinkStore.subscribe((link, prev) => {
    if (link.status === 'open' && prev.status !== 'open') void loadPrefs();
  });
  if (useLinkStore.getState().status === 'open') void loadPrefs();
}
