import { mkdirSync, type Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, posix, relative, resolve, sep } from 'node:path';

/**
 * The virtual printer's storage card: a folder on disk seen through FTP paths, with a capacity.
 * Written for the simulator only (no shared logic with the client it tests).
 */

/** Directories a printer's card usually has (reference ftps.md §6.8). */
export const DEFAULT_DIRS = ['cache', 'timelapse', 'timelapse/thumbnail', 'image'];

// Characters FAT/exFAT refuse; the printer answers 553 (ftps.md §4).
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[<>:"\\|?*\u0000-\u001f]/;

export class SimStorage {
  constructor(
    readonly root: string,
    /** Capacity in bytes: a STOR past it fails with 552. */
    public capacityBytes: number,
  ) {
    for (const d of DEFAULT_DIRS) mkdirSync(join(root, d), { recursive: true });
  }

  /** FTP path (absolute, or relative to `cwd`) → normalized FTP path; null when it leaves the root. */
  ftpPath(cwd: string, arg: string): string | null {
    const p = posix.normalize(posix.isAbsolute(arg) ? arg : posix.join(cwd, arg));
    if (p.split('/').includes('..')) return null;
    return p === '.' ? '/' : p.replace(/\/+$/, '') || '/';
  }

  /** Disk path for a normalized FTP path (guaranteed inside root). */
  diskPath(ftpPath: string): string {
    const disk = resolve(this.root, `.${ftpPath}`);
    const rel = relative(this.root, disk);
    if (rel.startsWith('..') || rel.split(sep).includes('..')) throw new Error('outside storage');
    return disk;
  }

  /** True when the last path segment is a name FAT storage accepts. */
  validName(ftpPath: string): boolean {
    const name = posix.basename(ftpPath);
    return (
      name.length > 0 &&
      !FORBIDDEN.test(name) &&
      !/[ .]$/.test(name) &&
      Buffer.byteLength(name, 'utf8') <= 255
    );
  }

  async statOf(ftpPath: string): Promise<Stats | null> {
    try {
      return await stat(this.diskPath(ftpPath));
    } catch {
      return null;
    }
  }

  /** Bytes used by every file under the root. */
  async usedBytes(dir = this.root): Promise<number> {
    let total = 0;
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) total += await this.usedBytes(p);
      else if (e.isFile()) total += (await stat(p)).size;
    }
    return total;
  }

  /** Entries of a directory with their stats, sorted by name. */
  async entries(ftpPath: string): Promise<{ name: string; st: Stats }[]> {
    const dir = this.diskPath(ftpPath);
    const names = (await readdir(dir)).sort();
    const out: { name: string; st: Stats }[] = [];
    for (const name of names) {
      try {
        out.push({ name, st: await stat(join(dir, name)) });
      } catch {
        // Deleted between readdir and stat.
      }
    }
    return out;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** One `LIST` line in vsftpd's `ls -l` format (ftps.md §2.1). */
export function listLine(name: string, st: Stats, now = new Date()): string {
  const d = st.mtime;
  const recent = Math.abs(now.getTime() - d.getTime()) < 180 * 24 * 3600_000;
  const day = String(d.getUTCDate()).padStart(2, '0');
  const when = recent
    ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
    : ` ${d.getUTCFullYear()}`;
  const mode = st.isDirectory() ? 'drwxr-xr-x' : '-rw-r--r--';
  return `${mode}    1 1000     1000     ${String(st.size).padStart(8)} ${MONTHS[d.getUTCMonth()]} ${day} ${when} ${name}`;
}

/** One `MLSD` line (RFC 3659 facts). */
export function mlsdLine(name: string, st: Stats): string {
  const m = st.mtime.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `type=${st.isDirectory() ? 'dir' : 'file'};size=${st.size};modify=${m}; ${name}`;
}
