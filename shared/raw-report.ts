/**
 * Safe readers for untrusted printer JSON. Printers send numbers as strings, strings as numbers,
 * nulls and missing objects; every reader returns a typed value or null and never throws.
 */

/** A JSON object as received from a printer: nothing about its fields is trusted. */
export type RawObject = { [key: string]: unknown };

/** True for a plain JSON object (not null, not an array). */
export function isRawObject(v: unknown): v is RawObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value as an object, or null. */
export function obj(v: unknown): RawObject | null {
  return isRawObject(v) ? v : null;
}

/** The value as an array, or an empty array when it is anything else. */
export function arr(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A finite number from a number or a numeric string (`"26.2"`, `" 5 "`), else null. */
export function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') {
    const s = v.trim();
    if (s === '') return null;
    const n = Number(s);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** An integer (truncated toward zero) from a number or numeric string, else null. */
export function int(v: unknown): number | null {
  const n = num(v);
  return n === null ? null : Math.trunc(n);
}

/** A string; finite numbers and booleans are converted, everything else gives null. */
export function str(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return null;
}

/** A non-empty string after trimming, else null. */
export function text(v: unknown): string | null {
  const s = str(v)?.trim();
  return s ? s : null;
}

/**
 * A boolean from `true`/`false`, 0/1 numbers and the strings `"true"`, `"false"`, `"1"`, `"0"`,
 * `"enable"`, `"disable"`, `"on"`, `"off"` (case-insensitive); else null.
 */
export function bool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v !== 0 : null;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === '1' || s === 'enable' || s === 'on') return true;
    if (s === 'false' || s === '0' || s === 'disable' || s === 'off') return false;
  }
  return null;
}

/**
 * A hex bit field (`"1AFFF9CFF"`, `"0x20000000"`) or a non-negative integer as a BigInt, else null.
 * Hex strings up to 64 bits are common in `fun`, `stat`, `cfg`; numbers keep their low 64 bits.
 */
export function hexBits(v: unknown): bigint | null {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) return null;
    return BigInt.asUintN(64, BigInt(v));
  }
  if (typeof v !== 'string') return null;
  const s = v.trim().replace(/^0x/i, '');
  if (s === '' || s.length > 32 || !/^[0-9a-f]+$/i.test(s)) return null;
  return BigInt('0x' + s);
}

/** Bit `bit` (0-based) of a bit field from `hexBits`; null when the field is unreadable. */
export function testBit(v: unknown, bit: number): boolean | null {
  const bits = hexBits(v);
  return bits === null ? null : ((bits >> BigInt(bit)) & 1n) === 1n;
}

/** Follows a path of object keys (`at(print, 'device', 'bed', 'info')`); undefined on any miss. */
export function at(v: unknown, ...path: readonly string[]): unknown {
  let cur: unknown = v;
  for (const key of path) {
    if (!isRawObject(cur) || !Object.hasOwn(cur, key)) return undefined;
    cur = cur[key];
  }
  return cur;
}
