// The desktop main process (electron/main/index.ts and the adapters) under plain Node, with 'electron'
// resolved to the STAND-IN in test/support/electron-stand-in.ts (written from Electron's documentation).
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bootDesktopEntry, firstWindow } from '../../test/support/desktop-boot.ts';
import type { FarmEngine } from '../../core/farm/farm-engine.ts';
import {
  StandInFrame,
  createElectronStandIn,
  type ElectronStandIn,
  type StandInBrowserWindow,
} from '../../test/support/electron-stand-in.ts';

const ENTRY = new URL('./index.ts', import.meta.url).href;

let userData = '';
let running: ElectronStandIn | null = null;
beforeEach(async () => {
  userData = await mkdtemp(join(tmpdir(), 'farmdeck-desktop-'));
});
afterEach(async () => {
  if (running && !running.control.quitted && running.control.exitCode === null) {
    running.electron.app.quit();
    await running.control.quit;
  }
  running = null;
  vi.doUnmock('electron');
  await rm(userData, { recursive: true, force: true });
});

// History (the embedded database) has its own tests and the built-bundle test; these are about the rest.
async function boot(configure?: Parameters<typeof bootDesktopEntry>[2]) {
  running = await bootDesktopEntry(ENTRY, userData, configure, { history: false });
  return running;
}

type Reply = { ok: boolean; value?: unknown; error?: { code: string; message: string } };
const ask = (s: ElectronStandIn, win: StandInBrowserWindow, channel: string, ...args: unknown[]) =>
  s.control.invoke(win.webContents, win.webContents.mainFrame, channel, ...args) as Promise<Reply>;

// Printers on closed loopback ports: they retry in the background and never reach anything.
const printer = (id: string, serial: string) => ({
  id,
  name: id,
  host: '127.0.0.1',
  port: 9,
  serial,
  tls: { mode: 'bambu-ca' },
});

describe('desktop start-up', { timeout: 30_000 }, () => {
  it('opens the window on app://farmdeck and answers its own frame', async () => {
    const s = await boot();
    const win = await firstWindow(s);
    expect(win.webContents.mainFrame.url).toBe('app://farmdeck/index.html');
    expect(win.options).toMatchObject({
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false },
    });
    expect(await ask(s, win, 'farm:get-snapshot')).toEqual({
      ok: true,
      value: { seq: 0, printers: [] },
    });
    expect(s.control.trays).toHaveLength(1);
    expect(s.control.trays[0]?.toolTip).toContain('Farmdeck');
  });

  it("refuses requests from anything but the app's own top frame", async () => {
    const s = await boot();
    const win = await firstWindow(s);
    const sub = new StandInFrame(s.control, 'app://farmdeck/frame.html', win.webContents.mainFrame);
    const subReply = (await s.control.invoke(win.webContents, sub, 'farm:get-snapshot')) as Reply;
    expect(subReply.error?.code).toBe('forbidden');
    // Another window that is not ours (e.g. created by something else) on our origin.
    const { BrowserWindow } = s.electron;
    const other = new BrowserWindow({});
    await other.loadURL('app://farmdeck/index.html');
    expect((await ask(s, other, 'farm:get-snapshot')).error?.code).toBe('forbidden');
    // Our window, navigated elsewhere: will-navigate refuses; a frame that got there anyway is refused.
    expect(win.webContents.navigate('https://example.com/')).toBe(false);
    expect(win.webContents.navigate('app://other/index.html')).toBe(false);
    expect(win.webContents.navigate('app://farmdeck/index.html#x')).toBe(true);
    win.webContents.mainFrame.url = 'app://other/index.html';
    expect((await ask(s, win, 'farm:get-snapshot')).error?.code).toBe('forbidden');
  });

  it('a start-up failure shows the reason and the data folder, then quits', async () => {
    await writeFile(join(userData, 'settings.json'), JSON.stringify({ version: 99, printers: [] }));
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const s = await boot();
    expect(await s.control.exited).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    process.off('unhandledRejection', onRejection);
    expect(rejections).toEqual([]);
    expect(s.control.errorBoxes).toHaveLength(1);
    const box = s.control.errorBoxes[0]!;
    expect(box.title).toBe('Farmdeck could not start');
    expect(box.content).toContain('newer Farmdeck');
    expect(box.content).toContain(`Data folder: ${userData}`);
    expect(s.control.windows).toHaveLength(0);
    // The settings of the newer version are untouched.
    expect(JSON.parse(await readFile(join(userData, 'settings.json'), 'utf8'))).toEqual({
      version: 99,
      printers: [],
    });
  });

  it('a damaged settings file is moved aside; the app starts and tells the user', async () => {
    await writeFile(join(userData, 'settings.json'), '{"version":1,"printers":[');
    const s = await boot();
    const win = await firstWindow(s);
    const files = await readdir(userData);
    expect(files.some((f) => f.startsWith('settings.json.broken-'))).toBe(true);
    const notices = await ask(s, win, 'app:list-notices');
    expect(notices.value).toEqual([
      expect.objectContaining({
        kind: 'store-damaged',
        message: expect.stringContaining('moved aside') as unknown,
      }),
    ]);
  });

  it('settings without a version are migrated, never replaced by empty ones', async () => {
    await writeFile(
      join(userData, 'settings.json'),
      JSON.stringify({ printers: [printer('p-a', 'SER-A')] }),
    );
    const s = await boot();
    const win = await firstWindow(s);
    const snapshot = (await ask(s, win, 'farm:get-snapshot')).value as {
      printers: { id: string }[];
    };
    expect(snapshot.printers.map((p) => p.id)).toEqual(['p-a']);
    expect(await readFile(join(userData, 'settings.json.v0'), 'utf8')).toContain('SER-A');
  });
});

describe('desktop secrets', { timeout: 30_000 }, () => {
  it('imports the earlier electron-store file (farmdeck.json) with its encrypted codes', async () => {
    const sameKeyring = (c: { keyring: { key: Buffer } }) => {
      c.keyring.key = Buffer.alloc(32, 3);
    };
    const s1 = await boot(sameKeyring);
    const win1 = await firstWindow(s1);
    const input = {
      name: 'A',
      host: '127.0.0.1',
      port: 9,
      serial: '01P00A000000001',
      accessCode: '11112222',
    };
    expect((await ask(s1, win1, 'printer:add', input)).ok).toBe(true);
    s1.electron.app.quit();
    await s1.control.quit;
    // Rebuild what electron-store held: { farm, secrets } in farmdeck.json, nothing else.
    const farm = JSON.parse(await readFile(join(userData, 'settings.json'), 'utf8')) as unknown;
    const secrets = JSON.parse(await readFile(join(userData, 'secrets.json'), 'utf8')) as unknown;
    await rm(join(userData, 'settings.json'));
    await rm(join(userData, 'secrets.json'));
    await writeFile(join(userData, 'farmdeck.json'), JSON.stringify({ farm, secrets }));

    const s2 = await boot(sameKeyring);
    const win2 = await firstWindow(s2);
    const snapshot = (await ask(s2, win2, 'farm:get-snapshot')).value as {
      printers: { name: string; hasAccessCode: boolean; connection: { status: string } }[];
    };
    expect(snapshot.printers).toHaveLength(1);
    expect(snapshot.printers[0]?.connection.status).not.toBe('auth-failed');
    expect(await readdir(userData)).toContain('farmdeck.json.imported');
    const notices = (await ask(s2, win2, 'app:list-notices')).value as { kind: string }[];
    expect(notices.map((n) => n.kind)).toEqual(['store-migrated']);
  });

  it('codes are keyring-encrypted in a 0600 file; an undecryptable one affects only its printer', async () => {
    const s1 = await boot();
    const win1 = await firstWindow(s1);
    const input = {
      name: 'A',
      host: '127.0.0.1',
      port: 9,
      serial: '01P00A000000001',
      accessCode: '11112222',
    };
    const a = await ask(s1, win1, 'printer:add', input);
    expect(a.error).toBeUndefined();
    const path = join(userData, 'secrets.json');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).not.toContain('11112222');
    s1.electron.app.quit();
    await s1.control.quit;

    // The keyring changed (new key): A's code cannot be decrypted; B's, saved with the new key, can.
    const s2 = await boot((c) => {
      c.keyring.key = Buffer.alloc(32, 7);
    });
    const win2 = await firstWindow(s2);
    const b = await ask(s2, win2, 'printer:add', {
      ...input,
      name: 'B',
      serial: '01P00A000000002',
    });
    expect(b.ok).toBe(true);
    const snapshot = (await ask(s2, win2, 'farm:get-snapshot')).value as {
      printers: {
        name: string;
        connection: { status: string; error: { message: string } | null };
      }[];
    };
    const byName = new Map(snapshot.printers.map((p) => [p.name, p.connection]));
    expect(byName.get('A')?.status).toBe('auth-failed');
    expect(byName.get('A')?.error?.message).toContain('enter the LAN access code');
    expect(byName.get('B')?.status).not.toBe('auth-failed');
    const notices = (await ask(s2, win2, 'app:list-notices')).value as { kind: string }[];
    expect(notices.map((n) => n.kind)).toEqual(['code-unreadable']);
  });

  it('with basic_text the app says no keyring protects the codes and offers memory-only codes', async () => {
    const configure = (c: { keyring: { backend: string } }) => {
      c.keyring.backend = 'basic_text';
    };
    const s1 = await boot(configure);
    const win1 = await firstWindow(s1);
    const input = {
      name: 'A',
      host: '127.0.0.1',
      port: 9,
      serial: '01P00A000000001',
      accessCode: '11112222',
    };
    expect((await ask(s1, win1, 'printer:add', input)).ok).toBe(true);
    const before = (await ask(s1, win1, 'app:list-notices')).value as {
      kind: string;
      message: string;
    }[];
    if (process.platform === 'linux') {
      expect(before.map((n) => n.kind)).toEqual(['codes-unprotected']);
      expect(before[0]?.message).toContain('No keyring protects');
    }
    expect(await ask(s1, win1, 'app:set-code-storage', 'memory')).toEqual({
      ok: true,
      value: null,
    });
    await expect(stat(join(userData, 'secrets.json'))).rejects.toThrow();
    const after = (await ask(s1, win1, 'app:list-notices')).value as { kind: string }[];
    expect(after.map((n) => n.kind)).toEqual(['codes-in-memory']);
    s1.electron.app.quit();
    await s1.control.quit;

    // Next start: the choice is kept and the code is asked for again.
    const s2 = await boot(configure);
    const win2 = await firstWindow(s2);
    const snapshot = (await ask(s2, win2, 'farm:get-snapshot')).value as {
      printers: { connection: { status: string } }[];
    };
    expect(snapshot.printers[0]?.connection.status).toBe('auth-failed');
    const notices = (await ask(s2, win2, 'app:list-notices')).value as { kind: string }[];
    expect(notices.map((n) => n.kind)).toEqual(['codes-in-memory']);
  });
});

describe('desktop cameras, tray and notifications', { timeout: 30_000 }, () => {
  it("opens a camera port for the app's own frame only", async () => {
    await writeFile(
      join(userData, 'settings.json'),
      JSON.stringify({ version: 1, printers: [printer('p-a', '01P00A000000001')] }),
    );
    const s = await boot();
    const win = await firstWindow(s);
    const request = { printerId: 'p-a', mode: 'snapshot', requestId: 'r-1' };
    const sub = new StandInFrame(s.control, 'app://farmdeck/x.html', win.webContents.mainFrame);
    s.control.send(win.webContents, sub, 'camera:open-port', request);
    s.control.send(win.webContents, win.webContents.mainFrame, 'camera:open-port', {
      ...request,
      printerId: 42,
    });
    expect(win.webContents.posted).toEqual([]);
    s.control.send(win.webContents, win.webContents.mainFrame, 'camera:open-port', request);
    expect(win.webContents.posted).toEqual([
      { channel: 'camera:port', message: { requestId: 'r-1' }, transfer: [expect.anything()] },
    ]);
  });

  it('the tray counts the farm', async () => {
    await writeFile(
      join(userData, 'settings.json'),
      JSON.stringify({ version: 1, printers: [printer('p-a', '01P00A000000001')] }),
    );
    const s = await boot();
    await firstWindow(s);
    const tray = s.control.trays[0]!;
    expect(tray.toolTip).toBe('Farmdeck: 0 printing · 1 needs attention');
    const labels = tray.menu?.items.map((i) => i['label']);
    expect(labels).toEqual(
      expect.arrayContaining(['Open Farmdeck', '0 printing', '1 need attention', 'Quit']),
    );
  });

  it('a notification shows natively only while the window is in the background; a click opens the printer', async () => {
    const standIn = createElectronStandIn(userData);
    vi.resetModules();
    vi.doMock('electron', () => standIn.electron);
    running = standIn;
    const { electronPlatform } = await import('./electron-platform.ts');
    const { runDesktopApp } = await import('./app/startup.ts');
    const app = runDesktopApp(electronPlatform('/x/preload.cjs', '/x/renderer'), {
      logger: { info: () => {}, warn: () => {} },
    });
    standIn.control.emitReady();
    const started = await app.ready;
    if (!started.ok) throw new Error(started.reason);
    const engine = started.engine as FarmEngine;
    const win = standIn.control.windows[0]!;
    const payload = {
      id: 'n-1',
      kind: 'print-failed' as const,
      printerId: 'p-a',
      printerName: 'Desk',
      title: 'Print failed on Desk',
      body: 'Nozzle clog',
      at: 0,
    };
    win.show();
    engine.publish({ channel: 'notify:raised', payload } as never);
    expect(standIn.control.notifications).toHaveLength(0);
    win.focused = false;
    engine.publish({ channel: 'notify:raised', payload } as never);
    const shown = standIn.control.notifications[0]!;
    expect(shown.options).toEqual({ title: 'Print failed on Desk', body: 'Nozzle clog' });
    expect(shown.shown).toBe(true);
    shown.emit('click');
    expect(win.focused).toBe(true);
    expect(win.webContents.sent).toContainEqual({
      channel: 'notify:open-printer',
      args: [{ printerId: 'p-a' }],
    });

    // A notification about the farm (no printer): a click brings the window back, opens nothing.
    win.focused = false;
    const before = win.webContents.sent.length;
    engine.publish({
      channel: 'notify:raised',
      payload: { ...payload, id: 'n-2', kind: 'queue-empty', printerId: null, printerName: null },
    } as never);
    const farmWide = standIn.control.notifications[1]!;
    expect(farmWide.shown).toBe(true);
    farmWide.emit('click');
    expect(win.focused).toBe(true);
    const opened = win.webContents.sent
      .slice(before)
      .filter((m) => m.channel === 'notify:open-printer');
    expect(opened).toEqual([]);
  });
});
