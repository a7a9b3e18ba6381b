/** One HMS entry as printers send it in `print.hms` (hms.md §1.1). */
export interface HmsEntry {
  attr: number;
  code: number;
}

const HMS_PATTERN = /^(?:HMS_)?([0-9A-F]{4})_?([0-9A-F]{4})_?([0-9A-F]{4})_?([0-9A-F]{4})$/i;

/**
 * Encodes a display code `XXXX_XXXX_XXXX_XXXX` (also accepted: an `HMS_` prefix, or the 16 hex digits
 * without separators) as `{attr, code}`: attr = first two groups, code = last two, unsigned 32-bit.
 */
export function encodeHms(display: string): HmsEntry {
  const m = HMS_PATTERN.exec(display.trim());
  if (!m) {
    throw new Error(
      `invalid HMS code "${display}": expected four groups of 4 hex digits, e.g. 0300_0100_0001_0007`,
    );
  }
  const [, a, b, c, d] = m;
  return {
    attr: parseInt(`${a}${b}`, 16) >>> 0,
    code: parseInt(`${c}${d}`, 16) >>> 0,
  };
}
