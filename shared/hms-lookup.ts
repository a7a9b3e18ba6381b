/**
 * Text lookup with derivation for AMS codes: the shipped tables keep one AMS unit's codes (and
 * one slot's) because Bambu's texts for the other units and slots differ only by the unit
 * letter (`AMS B`) and slot number (`Slot 2`). See scripts/gen-hms-texts.js.
 */

const AMS_MODULES = new Set(['07', '12', '18']);
const LETTERS = 'ABCDEFGH';

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

/** Sibling units of the same AMS group: 0-7 (AMS A-H) or 0x80-0x87 (AMS HT A-H by id). */
function unitGroup(unit: number): number[] {
  if (unit >= 0 && unit <= 7) return [0, 1, 2, 3, 4, 5, 6, 7];
  if (unit >= 0x80 && unit <= 0x87) return [0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87];
  return [unit];
}

function replaceUnit(text: string, from: number, to: number): string {
  if (from === to) return text;
  const pattern = new RegExp(`\\b(AMS(?:-HT| HT| Lite| lite)?) ${LETTERS[from & 7]}\\b`, 'g');
  return text.replace(pattern, `$1 ${LETTERS[to & 7] ?? ''}`);
}

function replaceSlot(text: string, from: number, to: number): string {
  if (from === to) return text;
  return text.replace(new RegExp(`\\b([Ss]lot ?)${from - 0x1f}\\b`, 'g'), `$1${to - 0x1f}`);
}

/**
 * Text for `key` (upper-case hex without separators: 16 digits for HMS, 8 for print_error)
 * from `table`, derived from a sibling unit or slot when the table lacks it; null when unknown.
 */
export function lookupText(table: Readonly<Record<string, string>>, key: string): string | null {
  const direct = table[key];
  if (direct !== undefined) return direct;
  const module = key.slice(0, 2);
  if (!AMS_MODULES.has(module) || (key.length !== 16 && key.length !== 8)) return null;
  const unit = parseInt(key.slice(2, 4), 16);
  const units = unitGroup(unit);
  if (units.length === 1) return null;
  const part = key.length === 16 ? parseInt(key.slice(4, 6), 16) : -1;
  const parts = part >= 0x20 && part <= 0x23 ? [0x20, 0x21, 0x22, 0x23] : [part];
  for (const u of units) {
    for (const p of parts) {
      const rest = key.length === 16 ? hex2(p) + key.slice(6) : key.slice(4);
      const text = table[module + hex2(u) + rest];
      if (text !== undefined) return replaceSlot(replaceUnit(text, u, unit), p, part);
    }
  }
  return null;
}
