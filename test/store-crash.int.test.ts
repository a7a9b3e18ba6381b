// A process killed (SIGKILL) in the middle of saving settings leaves the previous or the new file, never a
// damaged one. The writer is the built store (dist/) in a child process.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppNotices } from '../core/farm/app-notices.ts';
import { createFileSettingsStore } from '../core/farm/file-stores.ts';
import { REPO_ROOT, assertBuilt } from './support/cli-process.ts';

const STORES = 'dist/core/farm/file-stores.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'farmdeck-crash-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Saves ever-changing settings with 300 printers in a loop; prints "saved" after each save. */
const WRITER = `
const { createFileSettingsStore } = await import(process.argv[1]);
const store = createFileSettingsStore(process.argv[2]);
for (let round = 0; ; round++) {
  const printers = Array.from({ length: 300 }, (_, i) => ({
    id: 'p-' + i, name: 'Printer ' + i + ' round ' + round, host: '10.0.' + (i % 250) + '.1',
    port: 8883, serial: '01P00A' + String(i).padStart(9, '0'), tls: { mode: 'bambu-ca' },
  }));
  await Promise.all([store.save({ version: 1, printers }), store.save({ version: 1, printers })]);
  process.stdout.write('saved\\n');
}
`;

function killMidWrite(path: string, afterMs: number): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', WRITER, pathToFileURL(join(REPO_ROOT, STORES)).href, path],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), afterMs));
    child.once('exit', (_code, signal) =>
      signal === 'SIGKILL'
        ? resolve()
        : reject(new Error(`writer ended without SIGKILL (${signal})`)),
    );
  });
}

describe('settings store under SIGKILL', () => {
  it('a writer killed at random moments never leaves a damaged settings file', async () => {
    assertBuilt(STORES);
    const path = join(dir, 'settings.json');
    for (let round = 0; round < 12; round++) {
      await killMidWrite(path, (round * 7) % 40);
      const notices = new AppNotices();
      const settings = await createFileSettingsStore(path, { notices }).load();
      expect(notices.list()).toEqual([]);
      expect(settings.printers).toHaveLength(300);
      // Every printer comes from the same save.
      const rounds = new Set(settings.printers.map((p) => p.name.split(' round ')[1]));
      expect(rounds.size).toBe(1);
    }
    // Temp files of the writes cut short were removed by the next load.
    expect(await readdir(dir)).toEqual(['settings.json']);
  });
});
