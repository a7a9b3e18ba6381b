import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppNotices } from './app-notices.ts';
import { createFileSecretStore, createFileSettingsStore } from './file-stores.ts';
import { writeFileAtomic } from './json-file.ts';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'farmdeck-stores-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const printer = {
  id: 'p-1',
  name: 'Left',
  host: '192.168.1.20',
  port: 8883,
  serial: '01P00A000000001',
  tls: { mode: 'bambu-ca' as const },
};
const NOW = new Date('2026-12-05T06:07:08.009Z');
const BROKEN = 'broken-2026-12-05T06-07-08-009Z';

describe('file settings store', () => {
  it('starts empty and round-trips the printers in a 0600 file', async () => {
    const path = join(dir, 'sub', 'settings.json');
    const store = createFileSettingsStore(path);
    expect(await store.load()).toEqual({ version: 1, printers: [] });
    await store.save({ version: 1, printers: [printer] });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await createFileSettingsStore(path).load()).toEqual({
      version: 1,
      printers: [printer],
    });
  });

  it('moves a file that is not JSON aside, reports it and starts empty', async () => {
    const path = join(dir, 'settings.json');
    await writeFile(path, '{ not json');
    const notices = new AppNotices();
    const store = createFileSettingsStore(path, { notices, now: () => NOW });
    expect(await store.load()).toEqual({ version: 1, printers: [] });
    expect(await readFile(`${path}.${BROKEN}`, 'utf8')).toBe('{ not json');
    expect(notices.list()).toEqual([
      expect.objectContaining({
        kind: 'store-damaged',
        message: expect.stringContaining(`${path}.${BROKEN}`) as unknown,
      }),
    ]);
    // The next save writes a new file; the damaged one stays where it was moved.
    await store.save({ version: 1, printers: [printer] });
    expect(await readFile(`${path}.${BROKEN}`, 'utf8')).toBe('{ not json');
  });

  it('keeps every printer that parses from a file with one bad printer', async () => {
    const path = join(dir, 'settings.json');
    await writeFile(path, JSON.stringify({ version: 1, printers: [printer, { id: 3 }] }));
    const notices = new AppNotices();
    const settings = await createFileSettingsStore(path, { notices, now: () => NOW }).load();
    expect(settings.printers).toEqual([printer]);
    expect(notices.list()[0]?.message).toContain('1 printer(s) could not be read');
    expect(JSON.parse(await readFile(`${path}.${BROKEN}`, 'utf8'))).toMatchObject({
      printers: [printer, { id: 3 }],
    });
  });

  it('migrates settings of an older schema and keeps the old file', async () => {
    const path = join(dir, 'settings.json');
    const old = JSON.stringify({ printers: [printer] }); // version 0: before the version field
    await writeFile(path, old);
    const notices = new AppNotices();
    const store = createFileSettingsStore(path, { notices });
    expect(await store.load()).toEqual({ version: 1, printers: [printer] });
    expect(await readFile(`${path}.v0`, 'utf8')).toBe(old);
    expect(notices.list()).toEqual([expect.objectContaining({ kind: 'store-migrated' })]);
  });

  it('refuses settings of a newer Farmdeck without touching them', async () => {
    const path = join(dir, 'settings.json');
    const newer = JSON.stringify({ version: 7, printers: [], racks: [] });
    await writeFile(path, newer);
    await expect(createFileSettingsStore(path).load()).rejects.toMatchObject({
      code: 'storage',
      message: expect.stringContaining('newer Farmdeck') as unknown,
    });
    expect(await readFile(path, 'utf8')).toBe(newer);
  });

  it('50 concurrent writers leave valid JSON holding the last write, and no temp files', async () => {
    const path = join(dir, 'settings.json');
    const store = createFileSettingsStore(path);
    const saves = Array.from({ length: 50 }, (_, i) =>
      store.save({ version: 1, printers: [{ ...printer, name: `Printer ${i}` }] }),
    );
    await Promise.all(saves);
    expect((await createFileSettingsStore(path).load()).printers[0]?.name).toBe('Printer 49');
    expect(await readdir(dir)).toEqual(['settings.json']);
  });
});

describe('file secret store', () => {
  it('keeps secrets in a file only its owner can read', async () => {
    const path = join(dir, 'secrets.json');
    const store = createFileSecretStore(path);
    expect(await store.get('p-1')).toBeNull();
    await store.set('p-1', '12345678');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await createFileSecretStore(path).get('p-1')).toBe('12345678');
    await store.delete('p-1');
    expect(await createFileSecretStore(path).get('p-1')).toBeNull();
    expect(await readFile(path, 'utf8')).not.toContain('12345678');
  });

  it('50 concurrent sets all land', async () => {
    const path = join(dir, 'secrets.json');
    const store = createFileSecretStore(path);
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.set(`p-${i}`, `code-${i}`)));
    const again = createFileSecretStore(path);
    for (let i = 0; i < 50; i++) expect(await again.get(`p-${i}`)).toBe(`code-${i}`);
  });

  it('moves a damaged secrets file aside and asks for the codes again', async () => {
    const path = join(dir, 'secrets.json');
    await writeFile(path, '[1,2]');
    const notices = new AppNotices();
    const store = createFileSecretStore(path, { notices, now: () => NOW });
    expect(await store.get('x')).toBeNull();
    expect(await readFile(`${path}.${BROKEN}`, 'utf8')).toBe('[1,2]');
    expect(notices.list()[0]?.kind).toBe('store-damaged');
  });

  it('a secret its codec cannot decode affects only its printer', async () => {
    const path = join(dir, 'secrets.json');
    await writeFile(path, JSON.stringify({ a: 'enc:1111', b: 'garbage' }));
    const notices = new AppNotices();
    const codec = {
      encode: (s: string) => `enc:${s}`,
      decode: (s: string) => {
        if (!s.startsWith('enc:')) throw new Error('cannot decrypt');
        return s.slice(4);
      },
    };
    const store = createFileSecretStore(path, { notices, codec });
    expect(await store.get('a')).toBe('1111');
    expect(await store.get('b')).toBeNull();
    expect(notices.list()).toEqual([
      expect.objectContaining({ kind: 'code-unreadable', printerId: 'b' }),
    ]);
    await store.set('b', '2222');
    expect(notices.list()).toEqual([]);
    expect(await store.get('b')).toBe('2222');
  });
});

describe('writeFileAtomic', () => {
  it('a failed write reports the path and leaves the previous file', async () => {
    const path = join(dir, 'f.json');
    await writeFileAtomic(path, () => '1', 0o600);
    await expect(
      writeFileAtomic(
        path,
        () => {
          throw new Error('boom');
        },
        0o600,
      ),
    ).rejects.toThrow('boom');
    await writeFileAtomic(path, () => '2', 0o600);
    expect(await readFile(path, 'utf8')).toBe('2');
  });
});
