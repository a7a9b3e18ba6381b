import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FarmFailure } from '../../shared/contract/result.ts';

/** One write queue per file in this process: writes to a path never overlap, in call order. */
const queues = new Map<string, Promise<void>>();

/**
 * Writes `text()` to `path` through a temporary file with a unique name, fsynced before the rename, so a
 * crash or a kill leaves either the old file or the new one, never half of one. `text` is called when the
 * write runs, so a queued write saves the newest state.
 */
export function writeFileAtomic(path: string, text: () => string, mode: number): Promise<void> {
  const previous = queues.get(path) ?? Promise.resolve();
  const run = previous.then(() => writeNow(path, text(), mode));
  const tail = run.catch(() => {});
  queues.set(path, tail);
  void tail.then(() => {
    if (queues.get(path) === tail) queues.delete(path);
  });
  return run;
}

async function writeNow(path: string, text: string, mode: number): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const file = await open(tmp, 'wx', mode);
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await chmod(tmp, mode); // the umask may have narrowed or widened `open`'s mode
    await rename(tmp, path);
    await syncDir(dirname(path));
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw new FarmFailure('storage', `cannot write ${path}: ${(err as Error).message}`);
  }
}

/** Makes the rename durable (best effort: some systems cannot open a directory). */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows refuses to open directories; the rename is still atomic there.
  }
}

export type JsonRead =
  { kind: 'missing' } | { kind: 'ok'; json: unknown } | { kind: 'damaged'; reason: string };

/** Reads and parses a JSON file; a missing file, bad JSON and an unreadable file are told apart. */
export async function readJsonFile(path: string): Promise<JsonRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'damaged', reason: `cannot be read (${(err as Error).message})` };
  }
  try {
    return { kind: 'ok', json: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'damaged', reason: 'is not valid JSON' };
  }
}

/**
 * Moves a damaged file aside as `<path>.broken-<time>` (kept for the user, never overwritten) and returns
 * the new path. Throws when it cannot be moved: then nothing may write over it.
 */
export async function moveAside(path: string, now: Date = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const target = `${path}.broken-${stamp}`;
  // Waits for queued writes of this file so none lands after the move.
  await queues.get(path);
  try {
    await rename(path, target);
  } catch (err) {
    throw new FarmFailure(
      'storage',
      `${path} is damaged and cannot be moved aside (${(err as Error).message}): move or repair it, then start again`,
    );
  }
  return target;
}

/** True while process `pid` exists (signal 0 only checks). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temporary files of `path` left by writers that were killed mid-write (their process is gone).
 * Best effort: a file that cannot be listed or removed is left alone.
 */
export async function removeStaleTemps(path: string): Promise<void> {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = name.startsWith(prefix)
      ? /^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length))
      : null;
    const pid = match ? Number(match[1]) : NaN;
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) {
      await unlink(join(dir, name)).catch(() => {});
    }
  }
}
