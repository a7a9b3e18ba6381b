/**
 * Decoding of HMS conditions (`print.hms[]`) and job errors (`print.print_error`), hms.md.
 * Texts come from the shipped English tables in hms-texts.ts and print-error-texts.ts.
 */
import type { HmsEntry, HmsSeverity, PrintError } from './printer-state.ts';
import { lookupText } from './hms-lookup.ts';
import { HMS_TEXTS } from './hms-texts.ts';
import { hmsWikiUrl } from './hms-wiki.ts';
import { PRINT_ERROR_TEXTS } from './print-error-texts.ts';
import { arr, num, obj } from './raw-report.ts';

export { HMS_WIKI_HOME, hmsWikiUrl } from './hms-wiki.ts';

const SEVERITIES: Readonly<Record<number, HmsSeverity>> = {
  1: 'fatal',
  2: 'serious',
  3: 'common',
  4: 'info',
};

/** Module names by `module_id` (attr bits 31-24); Studio/ha-bambulab names where they exist. */
const MODULES: Readonly<Record<number, string>> = {
  0x03: 'mc',
  0x05: 'mainboard',
  0x07: 'ams',
  0x08: 'toolhead',
  0x0c: 'xcam',
  0x10: 'slicer',
  0x12: 'ams-lite',
  0x18: 'ams-ht',
};

function hex4(n: number): string {
  return (n & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

/** A uint32 from a JSON number or numeric string; null when absent, negative-invalid or not integral. */
function uint32(v: unknown): number | null {
  const n = num(v);
  if (n === null || !Number.isInteger(n) || n < -0x80000000 || n > 0xffffffff) return null;
  return n >>> 0;
}

/** `XXXX_XXXX_XXXX_XXXX` (upper-case hex) of an HMS `attr`/`code` pair, as the wiki writes it. */
export function formatHmsCode(attr: number, code: number): string {
  const a = attr >>> 0;
  const c = code >>> 0;
  return [a >>> 16, a, c >>> 16, c].map(hex4).join('_');
}

/** `XXXX_XXXX` (upper-case hex, zero-padded) of a `print_error` value. */
export function formatPrintErrorCode(value: number): string {
  const v = value >>> 0;
  return `${hex4(v >>> 16)}_${hex4(v)}`;
}

/** Severity from the high 16 bits of an HMS `code`. */
export function hmsSeverity(code: number): HmsSeverity {
  return SEVERITIES[(code >>> 0) >>> 16] ?? 'unknown';
}

/** Module name (`mc`, `ams`, `xcam`...) from the high byte of an HMS `attr`; `unknown` otherwise. */
export function hmsModule(attr: number): string {
  return MODULES[(attr >>> 24) & 0xff] ?? 'unknown';
}

/**
 * English text of an HMS code (16 hex digits, no separators), or null. AMS codes of units B-H
 * and slots 2-4 that the table lacks are derived from their siblings (hms-lookup.ts).
 */
export function hmsText(key16: string): string | null {
  return lookupText(HMS_TEXTS, key16.toUpperCase());
}

/** English text of a `print_error` (8 hex digits, no separator), or null. */
export function printErrorText(key8: string): string | null {
  return lookupText(PRINT_ERROR_TEXTS, key8.toUpperCase());
}

/**
 * Decodes one `{attr, code}` entry of `print.hms`; null when it is not an object or either
 * number is missing or zero (ha-bambulab skips those too). `model` picks the model's wiki page.
 */
export function decodeHms(entry: unknown, model?: string | null): HmsEntry | null {
  const e = obj(entry);
  if (e === null) return null;
  const attr = uint32(e['attr']);
  const code = uint32(e['code']);
  if (attr === null || code === null || attr === 0 || code === 0) return null;
  const formatted = formatHmsCode(attr, code);
  const key = formatted.replaceAll('_', '');
  const text = hmsText(key);
  return {
    code: formatted,
    severity: hmsSeverity(code),
    module: hmsModule(attr),
    message: text ?? `Unknown HMS code ${formatted}: see the wiki page`,
    url: hmsWikiUrl(key, model),
  };
}

/** Decodes a whole `print.hms` array, skipping unreadable entries and duplicates. */
export function decodeHmsList(list: unknown, model?: string | null): HmsEntry[] {
  const out: HmsEntry[] = [];
  const seen = new Set<string>();
  for (const item of arr(list)) {
    const entry = decodeHms(item, model);
    if (entry === null || seen.has(entry.code)) continue;
    seen.add(entry.code);
    out.push(entry);
  }
  return out;
}

/** Decodes `print.print_error`; null when it is 0, missing or not a uint32. */
export function decodePrintError(value: unknown): PrintError | null {
  const v = uint32(value);
  if (v === null || v === 0) return null;
  const code = formatPrintErrorCode(v);
  const text = printErrorText(code.replace('_', ''));
  return {
    code,
    message: text ?? `Unknown print error ${code}: see https://wiki.bambulab.com/en/hms/error-code`,
  };
}
