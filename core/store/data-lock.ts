import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RecordsUnavailable } from '../farm/records-port.ts';

const LOCK_FILE = 'farmdeck-db.lock';

/**
 * Claims a data folder's embedded database for this process: two processes opening one PGlite
 * folder would damage it. A lock left by a process that is gone (killed) is taken over.
 * Returns the release function.
 */
export function lockDataFolder(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new RecordsUnavailable(
          `the history database in ${dir} is in use by another Farmdeck (process ${pid}): ` +
            'close it, or give this one another --data-dir, or share a PostgreSQL server (--database-url)',
          true,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new RecordsUnavailable(`could not lock the history database in ${dir}`, true);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
