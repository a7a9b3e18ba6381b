import { mkdir, rename, rm, rmdir } from 'node:fs/promises';
import type { SimStorage } from './ftps-storage.ts';

/** Per-session state the file commands read and write. */
export interface FileCommandState {
  readonly storage: SimStorage;
  /** False while the virtual card is "removed". */
  storagePresent(): boolean;
  /** Argument → normalized FTP path in the session's folder; null when it leaves the root. */
  path(arg: string): string | null;
  /** Source of a pending RNFR. */
  renameFrom: string | undefined;
}

/** SIZE, DELE, RMD, MKD, RNFR, RNTO with vsftpd's replies; returns the reply code and text. */
export async function fileCommand(
  verb: string,
  arg: string,
  st: FileCommandState,
): Promise<[number, string]> {
  const storage = st.storage;
  const p = st.path(arg);
  switch (verb) {
    case 'SIZE': {
      const s = p ? await storage.statOf(p) : null;
      return s?.isFile() ? [213, String(s.size)] : [550, 'Could not get file size.'];
    }
    case 'DELE':
    case 'RMD': {
      const what = verb === 'DELE' ? 'Delete' : 'Remove directory';
      try {
        if (!p || p === '/') throw new Error('refused');
        if (verb === 'DELE') await rm(storage.diskPath(p));
        else await rmdir(storage.diskPath(p));
        return [250, `${what} operation successful.`];
      } catch {
        return [550, `${what} operation failed.`];
      }
    }
    case 'MKD': {
      if (!p || !st.storagePresent() || !storage.validName(p)) {
        return [550, 'Create directory operation failed.'];
      }
      try {
        await mkdir(storage.diskPath(p));
        return [257, `"${p}" created`];
      } catch {
        return [550, 'Create directory operation failed.'];
      }
    }
    case 'RNFR':
      if (!p || !(await storage.statOf(p))) return [550, 'RNFR command failed.'];
      st.renameFrom = p;
      return [350, 'Ready for RNTO.'];
    case 'RNTO': {
      const from = st.renameFrom;
      st.renameFrom = undefined;
      if (!from) return [503, 'RNFR required first.'];
      if (!p || !storage.validName(p)) return [553, 'Rename failed.'];
      try {
        await rename(storage.diskPath(from), storage.diskPath(p));
        return [250, 'Rename successful.'];
      } catch {
        return [550, 'Rename failed.'];
      }
    }
    default:
      return [500, 'Unknown command.'];
  }
}
