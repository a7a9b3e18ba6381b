/**
 * The file a `project_file` `url` points at, relative to the storage root: `ftp:///name`,
 * `ftp://name`, `file:///sdcard/name`, `file:///media/usb0/name` (and `…/usb0/cache/name`).
 * Undefined for other schemes (cloud `https://`, eMMC `brtc://`) and for paths leaving the root.
 */
export function storagePathFromUrl(url: string): string | undefined {
  const m = /^(?:ftp:\/\/\/?|file:\/\/\/(?:sdcard|media\/usb0(?:\/cache)?)\/)(.+)$/i.exec(url);
  const rest = m?.[1];
  if (rest === undefined) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(rest);
  } catch {
    return undefined;
  }
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..') || path.includes('\\')) return undefined;
  return parts.join('/');
}

/** `Metadata/plate_3.gcode` → 3; 1 when the param names no plate. */
export function plateFromParam(param: unknown): number {
  const m = typeof param === 'string' ? /plate_(\d+)\.gcode/i.exec(param) : null;
  const n = m?.[1] ? Number(m[1]) : 1;
  return n >= 1 ? n : 1;
}

/** `cube.gcode.3mf` → `cube` (the name a printer shows for a LAN job). */
export function jobNameFromFile(file: string): string {
  const base = file.split('/').pop() ?? file;
  return base.replace(/(\.gcode)?\.3mf$/i, '').replace(/\.gcode$/i, '');
}
