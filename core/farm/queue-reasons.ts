/**
 * Words for the dispatcher's decisions: why a printer is skipped (its card) and why a job's next
 * copy waits (the Queue view). Short, naming the thing to fix.
 */

/** Why a printer cannot print a plate at all (until someone changes the printer or the file). */
export type Mismatch =
  | { readonly kind: 'model'; readonly sliced: string; readonly model: string }
  | { readonly kind: 'nozzle'; readonly printer: number; readonly plate: number }
  | { readonly kind: 'filament'; readonly label: string }
  | { readonly kind: 'no-state' };

const article = (model: string): string => (/^[AEHIOX]/i.test(model) ? 'an' : 'a');
const mm = (d: number): string => `${Number(d.toFixed(2))} mm`;

/** For the printer's card: names the file when the filament is missing. */
export function mismatchForPrinter(m: Mismatch, fileName: string): string {
  switch (m.kind) {
    case 'model':
      return `sliced for the ${m.sliced}, this is ${article(m.model)} ${m.model}`;
    case 'nozzle':
      return `nozzle ${mm(m.printer)}, plate needs ${mm(m.plate)}`;
    case 'filament':
      return `lacks ${m.label} for ${fileName}`;
    case 'no-state':
      return 'has not reported its state yet';
  }
}

/** For a job, one printer's mismatch in a few words. */
export function mismatchForJob(m: Mismatch): string {
  switch (m.kind) {
    case 'model':
      return `sliced for the ${m.sliced}, not the ${m.model}`;
    case 'nozzle':
      return `nozzle ${mm(m.printer)}, needs ${mm(m.plate)}`;
    case 'filament':
      return `lacks ${m.label}`;
    case 'no-state':
      return 'never reported its state';
  }
}

/** `14:05` today, else `6 Dec 14:05` (the engine's local time). */
export function formatTime(t: number, now: number): string {
  const d = new Date(t);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  const n = new Date(now);
  const sameDay =
    d.getFullYear() === n.getFullYear() &&
    d.getMonth() === n.getMonth() &&
    d.getDate() === n.getDate();
  if (sameDay) return hm;
  const month = d.toLocaleString('en-GB', { month: 'short' });
  return `${d.getDate()} ${month}${d.getFullYear() !== n.getFullYear() ? ` ${d.getFullYear()}` : ''} ${hm}`;
}

interface Counted<K> {
  key: K;
  n: number;
  who: string;
}

/** Counts of reasons among printers (keyed by any value: a text, or an interned Mismatch). */
export class Tally<K = string> {
  private readonly counts = new Map<K, { n: number; who: string }>();
  total = 0;

  /** `n` printers for `key`; `who` names the first of them. */
  add(key: K, who: string, n = 1): void {
    this.total += n;
    const entry = this.counts.get(key);
    if (entry) entry.n += n;
    else this.counts.set(key, { n, who });
  }

  keys(): IterableIterator<K> {
    return this.counts.keys();
  }

  /** The two most common reasons (ties: first seen) and how many other reasons there are. */
  top(): { first: Counted<K> | undefined; second: Counted<K> | undefined; others: number } {
    let first: Counted<K> | undefined;
    let second: Counted<K> | undefined;
    for (const [key, e] of this.counts) {
      if (!first || e.n > first.n) {
        second = first;
        first = { key, ...e };
      } else if (!second || e.n > second.n) second = { key, ...e };
    }
    return { first, second, others: Math.max(0, this.counts.size - 2) };
  }
}

/** `top (n of total printers); second (m)`, or `Name: reason` for a single printer. */
function summarise<K>(tally: Tally<K>, of: string, text: (key: K) => string): string {
  const { first: top, second, others } = tally.top();
  if (!top) return '';
  if (tally.total === 1) return `${top.who}: ${text(top.key)}`;
  if (top.n === tally.total) return `all ${tally.total} ${of}: ${text(top.key)}`;
  const more = second
    ? `; ${text(second.key)} (${second.n})${others > 0 ? ` and ${others} more reason${others > 1 ? 's' : ''}` : ''}`
    : '';
  return `${text(top.key)} (${top.n} of ${tally.total} ${of})${more}`;
}

/**
 * Why a job waits when some printers could print it: what those printers are doing now
 * (printing, bed not cleared, taken by earlier jobs…).
 */
export function waitingForCompatible(tally: Tally): string {
  return summarise(tally, 'printers that can print it', (t) => t);
}

/**
 * Why a job waits when no printer it may use can print it. When every printer fails the same
 * way, says it for the farm (`no printer in group Rack A has PETG (#000000) loaded`).
 */
export function waitingForIncompatible(tally: Tally<Mismatch>, scope: string): string {
  const mismatches = [...tally.keys()];
  const first = mismatches[0];
  if (tally.total > 1 && first && mismatches.every((m) => m.kind === first.kind)) {
    switch (first.kind) {
      case 'model':
        return `sliced for the ${first.sliced}: no ${first.sliced}${scope}`;
      case 'nozzle':
        if (mismatches.every((m) => m.kind === 'nozzle' && m.plate === first.plate)) {
          return `needs a ${mm(first.plate)} nozzle: no printer${scope} has one`;
        }
        break;
      case 'filament':
        if (mismatches.length === 1) return `no printer${scope} has ${first.label} loaded`;
        break;
      case 'no-state':
        break;
    }
  }
  return summarise(tally, 'printers', mismatchForJob);
}
