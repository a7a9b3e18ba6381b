// The packaged app's pieces, checked here without the Electron binary: electron-builder's config points at
// bundles that `npm run build` makes, the built main bundle needs only packaged dependencies, and it starts
// to its first window under the Electron STAND-IN (test/support/electron-stand-in.ts, from Electron's docs).
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { bootDesktopEntry, firstWindow } from './support/desktop-boot.ts';
import type { ElectronStandIn } from './support/electron-stand-in.ts';
import { REPO_ROOT, assertBuilt } from './support/cli-process.ts';

const MAIN = 'dist/electron/main.mjs';
const PRELOAD = 'dist/electron/preload.cjs';
const RENDERER = 'dist/renderer/index.html';
// Beside main.mjs, where the bundled read-in-worker.ts looks for it.
const WORKER = 'dist/electron/threemf-worker.js';

const BuilderConfig = z.object({
  appId: z.string().regex(/^[a-z0-9]+(\.[a-z0-9-]+)+$/i),
  productName: z.string().min(1),
  asar: z.boolean(),
  directories: z.object({ output: z.string(), buildResources: z.string() }).partial(),
  files: z.array(z.string()).min(1),
  mac: z.object({ target: z.unknown(), category: z.string() }).partial(),
  win: z.object({ target: z.unknown() }).partial(),
  linux: z.object({ target: z.unknown(), category: z.string() }).partial(),
});

/** electron-builder's `files` globs (`**`, `*`, `!` to exclude), enough for our patterns. */
function included(path: string, patterns: string[]): boolean {
  const toRegex = (glob: string) =>
    new RegExp(
      '^' +
        glob
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*\*\/?/g, '§')
          .replace(/\*/g, '[^/]*')
          .replace(/§/g, '.*') +
        '$',
    );
  let result = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (toRegex(pattern.slice(1)).test(path)) result = false;
    } else if (toRegex(pattern).test(path)) result = true;
  }
  return result;
}

describe('electron-builder configuration', () => {
  const config = BuilderConfig.parse(
    JSON.parse(readFileSync(join(REPO_ROOT, 'electron-builder.json'), 'utf8')),
  );
  const pkg = z
    .object({ main: z.string(), dependencies: z.record(z.string(), z.string()) })
    .parse(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')));

  it('packs the main, preload and renderer bundles that `npm run build` makes', () => {
    for (const file of [MAIN, PRELOAD, RENDERER, WORKER]) assertBuilt(file);
    expect(pkg.main).toBe(MAIN);
    for (const file of [MAIN, PRELOAD, RENDERER, WORKER, 'package.json']) {
      expect(included(file, config.files), `${file} is packed`).toBe(true);
    }
    expect(included('dist/electron/main.mjs.map', config.files)).toBe(false);
  });

  it('reads a dropped .gcode.3mf in the worker thread it ships beside the main bundle', async () => {
    // The bundle looks for the worker beside itself, not inlined (it used to fall back to the main thread).
    expect(readFileSync(join(REPO_ROOT, MAIN), 'utf8')).not.toContain('threemf-worker.ts?url');
    const worker = new Worker(join(REPO_ROOT, WORKER));
    try {
      const reply = new Promise<unknown>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      worker.postMessage({
        path: join(REPO_ROOT, 'test/fixtures-3mf/bambustudio-2.04-a1mini-two-filaments.gcode.3mf'),
        thumbnailMaxBytes: 512 * 1024,
      });
      expect(await reply).toMatchObject({
        ok: true,
        reading: { info: { plates: [expect.objectContaining({ index: 1 })] } },
      });
    } finally {
      await worker.terminate();
    }
  });

  it('the main bundle imports only Node built-ins, electron and runtime dependencies', () => {
    const source = readFileSync(join(REPO_ROOT, MAIN), 'utf8');
    const specifiers = [...source.matchAll(/^import .* from ["']([^"'.][^"']*)["'];?$/gm)].map(
      (m) => m[1]!,
    );
    expect(specifiers.length).toBeGreaterThan(3);
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    for (const specifier of specifiers) {
      const name = specifier.startsWith('@')
        ? specifier.split('/').slice(0, 2).join('/')
        : specifier.split('/')[0]!;
      const packed = builtins.has(specifier) || name === 'electron' || name in pkg.dependencies;
      expect(
        packed,
        `${specifier} must be a runtime dependency (devDependencies are not packed)`,
      ).toBe(true);
    }
  });
});

describe('the built main bundle under the Electron stand-in', () => {
  let userData = '';
  let standIn: ElectronStandIn;
  beforeAll(async () => {
    assertBuilt(MAIN);
    userData = await mkdtemp(join(tmpdir(), 'farmdeck-bundle-'));
    await writeFile(
      join(userData, 'settings.json'),
      JSON.stringify({
        version: 1,
        printers: [
          {
            id: 'p-desk',
            name: 'Desk P1S',
            host: '127.0.0.1',
            port: 9,
            serial: '01P00A000000001',
            tls: { mode: 'bambu-ca' },
          },
        ],
      }),
    );
    standIn = await bootDesktopEntry(pathToFileURL(join(REPO_ROOT, MAIN)).href, userData);
  });
  afterAll(async () => {
    if (standIn && !standIn.control.quitted) {
      standIn.electron.app.quit();
      await standIn.control.quit;
    }
    vi.doUnmock('electron');
    await rm(userData, { recursive: true, force: true });
  });

  it('starts to its first window with the built preload, and serves the built renderer', async () => {
    const win = await firstWindow(standIn);
    expect(win.webContents.mainFrame.url).toBe('app://farmdeck/index.html');
    const preload = (win.options['webPreferences'] as { preload: string }).preload;
    expect(preload).toBe(join(REPO_ROOT, PRELOAD));
    expect(existsSync(preload)).toBe(true);

    const serve = standIn.control.protocolHandlers.get('app');
    expect(serve).toBeDefined();
    const page = await serve!(new Request('app://farmdeck/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('<div id="root">');
    const escape = await serve!(new Request('app://farmdeck/..%2f..%2fpackage.json'));
    expect(escape.status).toBe(404);
  });

  it(
    "an IPC request from the app's frame reaches the engine and returns the farm snapshot",
    { timeout: 90_000 },
    async () => {
      const win = await firstWindow(standIn);
      const reply = (await standIn.control.invoke(
        win.webContents,
        win.webContents.mainFrame,
        'farm:get-snapshot',
      )) as {
        ok: boolean;
        value: { printers: { id: string; name: string; hasAccessCode: boolean }[] };
      };
      expect(reply.ok).toBe(true);
      expect(reply.value.printers).toEqual([
        expect.objectContaining({ id: 'p-desk', name: 'Desk P1S', hasAccessCode: false }),
      ]);
      // Batches reach the window on the contract's event channel: a rename is one.
      const renamed = (await standIn.control.invoke(
        win.webContents,
        win.webContents.mainFrame,
        'printer:update',
        'p-desk',
        { name: 'Desk P1S renamed' },
      )) as { ok: boolean };
      expect(renamed.ok).toBe(true);
      await vi.waitFor(
        () => expect(win.webContents.sent.some((m) => m.channel === 'printers:patched')).toBe(true),
        { timeout: 10_000 },
      );
      // The app opened its history database in the user's data folder.
      await vi.waitFor(
        async () => {
          const status = (await standIn.control.invoke(
            win.webContents,
            win.webContents.mainFrame,
            'records:get-status',
          )) as { ok: boolean; value: { state: string; database?: string } };
          expect(status.value).toMatchObject({ state: 'ready', database: 'embedded' });
        },
        { timeout: 60_000, interval: 500 },
      );
    },
  );
});
