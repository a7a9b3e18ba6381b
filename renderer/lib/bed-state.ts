import type { PrinterView } from '../../shared/contract/farm-schemas.ts';
import { displayStatus } from './display-status.ts';

/**
 * What a card and the detail say about a printer's bed for the queue:
 * - `confirm`: a print ended on it or it was never confirmed, and the printer is online and free:
 *   ask "Bed cleared?";
 * - `unconfirmed`: the same, but the printer is busy or not online (nothing to ask yet);
 * - `in-use`, `clear`: quiet states;
 * - `waived`: the printer skips the check (automatic plate changer).
 */
export type BedPrompt = 'confirm' | 'unconfirmed' | 'in-use' | 'clear' | 'waived';

/** Printing, paused or preparing: the queue never starts a job on it, nor asks for its bed. */
export function isBusy(view: PrinterView): boolean {
  const s = displayStatus(view);
  return s === 'printing' || s === 'paused' || s === 'preparing';
}

/** The bed line of a printer; null when the farm has no queue (no database). */
export function bedPrompt(view: PrinterView): BedPrompt | null {
  const q = view.queue;
  if (!q) return null;
  if (q.waiveBedCheck) return 'waived';
  if (q.bed === 'in-use') return 'in-use';
  if (q.bed === 'clear') return 'clear';
  return view.connection.status === 'online' && !isBusy(view) ? 'confirm' : 'unconfirmed';
}

export const BED_TEXT: Record<BedPrompt, string> = {
  confirm: 'Bed cleared?',
  unconfirmed: 'Bed not confirmed',
  'in-use': 'Bed in use',
  clear: 'Bed clear',
  waived: 'Bed check waived',
};

/**
 * Exclusions a person must fix at the printer (the dispatcher's wording, core/farm/queue-rules):
 * Developer Mode off, an HMS error, a missing filament. Model or nozzle mismatches are not: another
 * job may fit that printer.
 */
const PERSON_EXCLUSION = /developer mode|\bhms\b|\blacks\b|filament|not loaded/i;

export function exclusionNeedsPerson(view: PrinterView): boolean {
  const exclusion = view.queue?.exclusion;
  if (!exclusion) return false;
  return view.control === 'refused' || PERSON_EXCLUSION.test(exclusion);
}

/** "Waiting for a person": its bed must be confirmed, or the dispatcher skips it for a reason a person fixes. */
export function waitingForPerson(view: PrinterView): boolean {
  return bedPrompt(view) === 'confirm' || exclusionNeedsPerson(view);
}

/** Every group (tag) in use on the farm's printers, sorted naturally. */
export function tagsInUse(
  order: readonly string[],
  byId: Readonly<Record<string, PrinterView>>,
): string[] {
  const tags = new Set<string>();
  for (const id of order) for (const tag of byId[id]?.queue?.tags ?? []) tags.add(tag);
  return [...tags].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

/** First `max` characters of a reason for a card (the whole text goes in a title attribute). */
export function shortReason(text: string, max = 48): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
