/**
 * What a process holds, for leak checks in the churn tests and the soak bench: libuv handles and
 * requests by type (`process.getActiveResourcesInfo()`), child processes (Linux /proc) and memory.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Active resources by type, e.g. `{ TCPSocketWrap: 3, Timeout: 2 }`. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** Types whose count differs between two snapshots, as `type: before → after`. */
export function resourceDiff(
  before: Record<string, number>,
  after: Record<string, number>,
): string[] {
  const types = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...types]
    .filter((t) => (before[t] ?? 0) !== (after[t] ?? 0))
    .map((t) => `${t}: ${before[t] ?? 0} → ${after[t] ?? 0}`);
}

/** Total number of active resources. */
export function resourceTotal(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** Command lines of this process's live child processes (Linux /proc; empty elsewhere). */
export function childCommandLines(): string[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  const lines: string[] = [];
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid) continue;
      lines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim());
    } catch {
      // The process ended while we looked.
    }
  }
  return lines;
}

/** Open file descriptors of this process (Linux /proc; -1 elsewhere). */
export function openFileDescriptors(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return -1;
  }
}
