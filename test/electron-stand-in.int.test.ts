// Checks the Electron STAND-IN (test/support/electron-stand-in.ts) against the examples and statements of
// Electron's documentation (electronjs.org/docs/latest/api), so tests built on it test the documented
// behaviour, not our guess. The real binary is still covered by e2e/electron.spec.ts where it is installed.
import { describe, expect, it } from 'vitest';
import { createElectronStandIn, StandInFrame } from './support/electron-stand-in.ts';

const standIn = () => createElectronStandIn('/tmp/farmdeck-stand-in');

describe('Electron stand-in against the documentation', () => {
  it('ipcMain.handle: the invokable-IPC example, and a second handler is refused', async () => {
    const { electron, control } = standIn();
    const somePromise = (...args: unknown[]) => Promise.resolve(args.join('+'));
    // Main process (docs example)
    electron.ipcMain.handle('my-invokable-ipc', async (_event: unknown, ...args: unknown[]) => {
      const result = await somePromise(...args);
      return result;
    });
    // Renderer process: ipcRenderer.invoke('my-invokable-ipc', arg1, arg2)
    const win = new electron.BrowserWindow({});
    await win.loadURL('https://example.com/');
    expect(
      await control.invoke(win.webContents, win.webContents.mainFrame, 'my-invokable-ipc', 1, 2),
    ).toBe('1+2');
    expect(() => electron.ipcMain.handle('my-invokable-ipc', () => null)).toThrow(/second handler/);
    electron.ipcMain.removeHandler('my-invokable-ipc');
    await expect(
      control.invoke(win.webContents, win.webContents.mainFrame, 'my-invokable-ipc'),
    ).rejects.toThrow(/No handler registered/);
  });

  it('app.whenReady resolves once Electron is initialised', async () => {
    const { electron, control } = standIn();
    let created = false;
    const ready = electron.app.whenReady().then(() => (created = true));
    await Promise.resolve();
    expect(created).toBe(false);
    control.emitReady();
    await ready;
    expect(created).toBe(true);
  });

  it('app.quit: before-quit, windows closed, then will-quit; preventDefault in will-quit stops it', () => {
    const { electron, control } = standIn();
    control.emitReady();
    const win = new electron.BrowserWindow({});
    const order: string[] = [];
    electron.app.on('before-quit', () => order.push('before-quit'));
    win.on('closed', () => order.push('closed'));
    electron.app.on('window-all-closed', () => order.push('window-all-closed'));
    let prevent = true;
    electron.app.on('will-quit', (event: { preventDefault(): void }) => {
      order.push('will-quit');
      if (prevent) event.preventDefault();
    });
    electron.app.quit();
    // window-all-closed is not emitted when the app itself quits (app docs).
    expect(order).toEqual(['before-quit', 'closed', 'will-quit']);
    expect(control.quitted).toBe(false);
    prevent = false;
    electron.app.quit();
    expect(control.quitted).toBe(true);
  });

  it('app.exit quits at once without before-quit or will-quit', async () => {
    const { electron, control } = standIn();
    const events: string[] = [];
    electron.app.on('before-quit', () => events.push('before-quit'));
    electron.app.on('will-quit', () => events.push('will-quit'));
    electron.app.exit(3);
    expect(await control.exited).toBe(3);
    expect(events).toEqual([]);
  });

  it('WebFrameMain.origin: RFC 6454 serialization, "null" without a triple, parent origin on about:blank', () => {
    const { electron, control } = standIn();
    electron.protocol.registerSchemesAsPrivileged([
      { scheme: 'app', privileges: { standard: true, secure: true } },
    ]);
    const frame = (url: string, parent: StandInFrame | null = null) =>
      new StandInFrame(control, url, parent);
    expect(frame('https://example.com:8443/a?b').origin).toBe('https://example.com:8443');
    expect(frame('app://farmdeck/index.html').origin).toBe('app://farmdeck');
    expect(frame('file:///tmp/x.html').origin).toBe('null');
    expect(frame('data:text/html,hi').origin).toBe('null');
    expect(frame('other://farmdeck/').origin).toBe('null'); // not registered as standard
    const parent = frame('app://farmdeck/index.html');
    const child = frame('', parent);
    expect(child.url).toBe('');
    expect(child.origin).toBe('app://farmdeck');
    expect(child.parent).toBe(parent);
    expect(parent.parent).toBeNull();
  });

  it('protocol.registerSchemesAsPrivileged only before ready; dialog.showErrorBox safe before ready', () => {
    const { electron, control } = standIn();
    electron.dialog.showErrorBox('Title', 'content');
    expect(control.errorBoxes).toEqual([{ title: 'Title', content: 'content' }]);
    control.emitReady();
    expect(() => electron.protocol.registerSchemesAsPrivileged([{ scheme: 'x' }])).toThrow();
  });

  it('safeStorage: available after ready, round-trips, and throws when decryption fails', () => {
    const { electron, control } = standIn();
    expect(electron.safeStorage.isEncryptionAvailable()).toBe(false);
    control.emitReady();
    expect(electron.safeStorage.isEncryptionAvailable()).toBe(true);
    const encrypted = electron.safeStorage.encryptString('12345678');
    expect(Buffer.isBuffer(encrypted)).toBe(true);
    expect(encrypted.toString('latin1')).not.toContain('12345678');
    expect(electron.safeStorage.decryptString(encrypted)).toBe('12345678');
    control.keyring.key = Buffer.alloc(32, 1);
    expect(() => electron.safeStorage.decryptString(encrypted)).toThrow(/decrypt/);
    control.keyring.backend = 'basic_text';
    expect(electron.safeStorage.getSelectedStorageBackend()).toBe('basic_text');
  });

  it('MessageChannelMain: the docs example; messages wait for start(); close reaches the other end', async () => {
    const { electron } = standIn();
    const w = new electron.BrowserWindow({});
    const { port1, port2 } = new electron.MessageChannelMain();
    w.webContents.postMessage('port', null, [port2]);
    port1.postMessage({ some: 'message' });
    expect(w.webContents.posted[0]).toEqual({ channel: 'port', message: null, transfer: [port2] });
    const received: unknown[] = [];
    port2.on('message', (e: { data: unknown }) => received.push(e.data));
    await new Promise((r) => setImmediate(r));
    expect(received).toEqual([]);
    port2.start();
    await new Promise((r) => setImmediate(r));
    expect(received).toEqual([{ some: 'message' }]);
    const closed = new Promise<void>((r) => port1.on('close', () => r()));
    port2.close();
    await closed;
  });
});
