import { vi } from 'vitest';
import {
  createElectronStandIn,
  type ElectronStandIn,
  type StandInControl,
} from './electron-stand-in.ts';

/**
 * Loads a desktop main-process entry (electron/main/index.ts, or the built dist/electron/main.mjs) with
 * 'electron' resolved to a fresh Electron stand-in, then emits `ready`. `history: false` starts the
 * app without its embedded database (FARMDECK_NO_HISTORY), for tests about something else.
 */
export async function bootDesktopEntry(
  entry: string,
  userData: string,
  configure: (control: StandInControl) => void = () => {},
  { history = true }: { history?: boolean } = {},
): Promise<ElectronStandIn> {
  if (history) delete process.env['FARMDECK_NO_HISTORY'];
  else process.env['FARMDECK_NO_HISTORY'] = '1';
  const standIn = createElectronStandIn(userData);
  configure(standIn.control);
  vi.resetModules();
  vi.doMock('electron', () => standIn.electron);
  await import(/* @vite-ignore */ entry);
  standIn.control.emitReady();
  return standIn;
}

/** The first window's contents and top frame, once the app has opened it. */
export async function firstWindow(standIn: ElectronStandIn) {
  await vi.waitFor(
    () => {
      if (standIn.control.windows.length === 0) throw new Error('no window yet');
    },
    { timeout: 10_000, interval: 20 },
  );
  const win = standIn.control.windows[0]!;
  await vi.waitFor(() => {
    if (win.webContents.mainFrame.url === '') throw new Error('not loaded yet');
  });
  return win;
}
