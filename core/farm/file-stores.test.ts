import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileSecretStore, createFileSettingsStore } from './file-stores.ts';

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

describe('file settings store', () => {
  it('starts empty and round-trips the printers', async () => {
    const store = createFileSettingsStore(join(dir, 'sub', 'settings.json'));
    expect(await store.load()).toEqual({ version: 1, printers: [] });
    await store.save({ version: 1, printers: [printer] });
    expect(await createFileSettingsStore(join(dir, 'sub', 'settings.json')).load()).toEqual({
      version: 1,
      printers: [printer],
    });
  });

  it('reports a damaged file with what to do instead of replacing it', async () => {
    const path = join(dir, 'settings.json');
    await writeFile(path, '{ not json');
    await expect(createFileSettingsStore(path).load()).rejects.toMatchObject({
      code: 'storage',
      message: expect.stringContaining('fix or remove it') as unknown,
    });
    await writeFile(path, JSON.stringify({ version: 1, printers: [{ id: 3 }] }));
    await expect(createFileSettingsStore(path).load()).rejects.toMatchObject({ code: 'storage' });
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

  it('a damaged secrets file is reported, never silently emptied', async () => {
    const path = join(dir, 'secrets.json');
    await writeFile(path, '[1,2]');
    await expect(createFileSecretStore(path).get('x')).rejects.toMatchObject({ code: 'storage' });
  });
});
