import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type TestPostgres } from './postgres.ts';

export interface PostgresSuite {
  /** The file's server (started before its first test). */
  readonly server: TestPostgres;
  /** A new temporary folder, deleted after the file's tests. */
  tempDir(): string;
  /** A new empty database named `<tag><n>`; its URL. */
  database(tag: string): Promise<string>;
  /** Closed after the file's tests, before the server stops. */
  track<T extends { close(): Promise<void> }>(thing: T): T;
}

/**
 * One throwaway PostgreSQL per test file, with temporary folders and open stores, all cleaned up
 * after its tests. Call at the top level of the file.
 */
export function postgresSuite(prefix: string): PostgresSuite {
  let server: TestPostgres | null = null;
  let count = 0;
  const temps: string[] = [];
  const open: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    for (const thing of open) await thing.close();
    await server?.stop();
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });
  const started = (): TestPostgres => {
    if (!server) throw new Error('the PostgreSQL server has not started');
    return server;
  };
  return {
    get server() {
      return started();
    },
    tempDir() {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      temps.push(dir);
      return dir;
    },
    database: (tag) => started().createDatabase(`${tag}${++count}`),
    track(thing) {
      open.push(thing);
      return thing;
    },
  };
}
