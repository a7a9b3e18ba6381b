/**
 * A printer's legacy `print` object for the servers, and how fresh it is. The link merges the
 * reports (it keeps the merged object for its own state); this only notes when they arrive.
 */
import type { PrinterLink } from '../../core/mqtt/printer-link.ts';
import { isRawObject } from '../../shared/raw-report.ts';
import type { RawObject } from '../../shared/raw-report.ts';
import { isStatusReport } from '../../shared/report-merge.ts';

/** The merged `print` object of one link and how fresh it is. */
export class MergedReport {
  private at: number | null = null;
  private count = 0;

  constructor(
    private readonly link: Pick<PrinterLink, 'report'>,
    private readonly now: () => number,
  ) {}

  /** Feeds one parsed MQTT message of the link (any kind). */
  add(message: Record<string, unknown>): void {
    this.count += 1;
    const print = message['print'];
    if (isRawObject(print) && isStatusReport(print)) this.at = this.now();
  }

  /** Merged `print` object, null before the first full status report. */
  get print(): Readonly<RawObject> | null {
    return this.link.report;
  }

  /** ms since epoch of the last status report, null before one. */
  get updatedAt(): number | null {
    return this.at;
  }

  /** Messages received so far. */
  get messageCount(): number {
    return this.count;
  }
}
