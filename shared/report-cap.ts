/**
 * Bounds on a printer's merged report. The largest captured full report (H2D, X1C) has about
 * 700 keys and 11 kB (../shared/fixtures/mqtt-pushall-*.json); a printer whose state outgrows
 * these caps by two orders of magnitude is broken or hostile, and its report is dropped.
 */

/** Keys at every depth, array entries included. */
export const MAX_REPORT_KEYS = 10_000;
/** Approximate size: key and string lengths plus 8 bytes per other value. */
export const MAX_REPORT_BYTES = 1024 * 1024;

/** Why a report was not merged into the printer's state. */
export type ReportCapReason = 'too-many-keys' | 'too-large';

/**
 * Which cap `value` exceeds, or null. Stops counting as soon as a cap is passed, so a hostile
 * value costs at most MAX_REPORT_KEYS steps.
 */
export function reportOverCap(value: unknown): ReportCapReason | null {
  let keys = 0;
  let bytes = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') bytes += v.length;
    else if (v !== null && typeof v === 'object') {
      if (Array.isArray(v)) {
        keys += v.length;
        if (keys > MAX_REPORT_KEYS) return 'too-many-keys';
        stack.push(...(v as unknown[]));
      } else {
        const record = v as Record<string, unknown>;
        for (const key in record) {
          if (++keys > MAX_REPORT_KEYS) return 'too-many-keys';
          bytes += key.length;
          stack.push(record[key]);
        }
      }
    } else bytes += 8;
    if (bytes > MAX_REPORT_BYTES) return 'too-large';
  }
  return null;
}
