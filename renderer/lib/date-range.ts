/** The periods the Statistics and History views offer. */
export type RangeKind = 'day' | 'week' | 'month' | 'custom';

export const RANGE_KINDS: readonly { key: RangeKind; label: string }[] = [
  { key: 'day', label: 'Day' },
  { key: 'week', label: 'Week' },
  { key: 'month', label: 'Month' },
  { key: 'custom', label: 'Custom' },
];

/** A half-open time range [from, to), ms since epoch. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

const DAY_MS = 86_400_000;

/** Local midnight at or before `t`. */
export function startOfDay(t: number): number {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** `YYYY-MM-DD` of a local date, as `<input type="date">` wants it. */
export function dateInputValue(t: number): string {
  const d = new Date(t);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local midnight of an `<input type="date">` value; null when it is not a date. */
export function parseDateInput(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) ? null : d.getTime();
}

/**
 * The range of a period ending now: the last 24 hours, the last 7 or 30 days (whole local days, today
 * included). Custom: from local midnight of `from` to the end of the day `to` (swapped when reversed).
 */
export function rangeOf(
  kind: RangeKind,
  now: number,
  custom?: { from: string; to: string },
): TimeRange {
  if (kind === 'day') return { from: now - DAY_MS, to: now };
  const tomorrow = startOfDay(now) + DAY_MS;
  if (kind === 'week') return { from: tomorrow - 7 * DAY_MS, to: tomorrow };
  if (kind === 'month') return { from: tomorrow - 30 * DAY_MS, to: tomorrow };
  const a = parseDateInput(custom?.from ?? '') ?? tomorrow - 7 * DAY_MS;
  const b = parseDateInput(custom?.to ?? '') ?? startOfDay(now);
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  return { from: lo, to: hi + DAY_MS };
}
