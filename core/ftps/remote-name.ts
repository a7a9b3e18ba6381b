import { FtpsError } from './ftps-error.ts';

// FAT32/exFAT forbid these; the firmware also parses `ftp://<name>` as a URL (reference ftps.md §4).
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f]/;

/**
 * Checks a file name (no directory) against what printer storage accepts: no FAT-forbidden
 * characters, no trailing space or dot, at most 255 UTF-8 bytes. Throws FtpsError `invalid-name`.
 */
export function checkRemoteName(name: string): void {
  const bad =
    name.length === 0 ||
    name === '.' ||
    name === '..' ||
    FORBIDDEN.test(name) ||
    /[ .]$/.test(name) ||
    Buffer.byteLength(name, 'utf8') > 255;
  if (bad) {
    throw new FtpsError(
      'invalid-name',
      `"${name}" cannot be stored on the printer's SD card or USB drive: avoid < > : " / \\ | ? *, a trailing dot or space, and names over 255 bytes`,
    );
  }
}

/**
 * A printer-friendly version of a local file name: spaces become `_` (the printer reads
 * `ftp://<name>` as a URL), forbidden characters are dropped, `.gcode.3mf` is kept.
 */
export function printerFileName(localName: string): string {
  let name = localName
    // eslint-disable-next-line no-control-regex
    .replace(/[<>:"/\\|?*\u0000-\u001f]/g, '')
    .replace(/\s+/g, '_')
    .replace(/[ .]+$/, '');
  if (!/\.3mf$/i.test(name)) name += '.gcode.3mf';
  const ext = /\.gcode\.3mf$/i.test(name) ? name.slice(-10) : name.slice(-4);
  let base = name.slice(0, -ext.length) || 'print';
  while (Buffer.byteLength(base + ext, 'utf8') > 255) base = base.slice(0, -1);
  return base + ext;
}
