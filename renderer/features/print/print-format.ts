/** `1.4 MB`, `820 KB`, `512 B`. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '–';
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Math.round(bytes)} B`;
}

/** Upload rate: `2.1 MB/s`. */
export function formatRate(bytesPerSecond: number | null | undefined): string {
  return bytesPerSecond ? `${formatBytes(bytesPerSecond)}/s` : '';
}

/** Print time from seconds: `1 h 30 min`, `45 min`, `–`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  const minutes = Math.max(1, Math.round(seconds / 60));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h${m > 0 ? ` ${m} min` : ''}` : `${m} min`;
}

/**
 * Parses a tray choice of the mapping editor: `-1` (none) or a tray id.
 * Returns null for anything else so a bad value never reaches the engine.
 */
export function parseTray(value: string): number | null {
  const n = Number(value);
  return Number.isInteger(n) && n >= -1 && n <= 255 ? n : null;
}

/** Sets `mapping[filamentId - 1] = tray`, padding with -1 (the engine's `ams_mapping` layout). */
export function withTray(mapping: readonly number[], filamentId: number, tray: number): number[] {
  const next = [...mapping];
  while (next.length < filamentId) next.push(-1);
  next[filamentId - 1] = tray;
  return next;
}
