import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordsStore } from '../core/store/records-store.ts';
import { assertBuilt, CliProcess } from './support/cli-process.ts';
import { startPostgres, type TestPostgres } from './support/postgres.ts';

const FILL = 'dist/bench/history-fill.js';
let pgServer: TestPostgres;
const dirs: string[] = [];

beforeAll(async () => {
  assertBuilt(FILL);
  pgServer = await startPostgres();
}, 60_000);
afterAll(async () => {
  await pgServer?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.each(['PGlite', 'PostgreSQL'])('SIGKILL while writing history (%s)', (kind) => {
  it('keeps every record that was committed before the kill', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'farmdeck-crash-'));
    dirs.push(dataDir);
    const databaseUrl =
      kind === 'PostgreSQL' ? await pgServer.createDatabase(`crash${Date.now()}`) : undefined;
    const writer = new CliProcess(FILL, [
      '--data-dir',
      dataDir,
      ...(databaseUrl ? ['--database-url', databaseUrl] : []),
    ]);
    await writer.waitForLines((lines) => lines.length >= 40, 90_000);
    writer.kill('SIGKILL');
    const ended = await writer.exited;
    expect(ended.signal).toBe('SIGKILL');
    const committed = writer.stdoutLines.filter((l) => l.startsWith('committed ')).length;
    expect(committed).toBeGreaterThanOrEqual(40);

    // The killed process's lock is stale: a new process opens the same folder.
    const store = recordsStore({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
    await store.ping();
    const page = await store.history.list({ limit: 500 });
    const ids = new Set(page.records.map((r) => r.id));
    for (let i = 0; i < committed; i++) expect(ids.has(`bench-${i}`)).toBe(true);
    // At most the one write in flight at the kill may also have landed.
    expect(page.total).toBeLessThanOrEqual(committed + 1);
    await store.close();
  }, 180_000);
});
