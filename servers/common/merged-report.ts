/**
 * Keeps a printer's merged legacy `print` object from a link's raw messages: status reports
 * merged with `mergeReport` (full reports replace, deltas merge), command replies ignored.
 */
import { isRawObject } from '../../shared/raw-report.ts';
import type { RawObject } from '../../shared/raw-report.ts';
import { isStatusReport, mergeReport } from '../../shared/report-merge.ts';

/** The merged `print` object and how fresh it is. */
export class MergedReport {
  private merged: RawObject | undefined;
  private lastInfo: RawObject | null = null;
  private at: number | null = null;
  private count = 0;

  constructor(private readonly now: () => number) {}

  /** Feeds one parsed MQTT message (any kind). */
  add(message: Record<string, unknown>): void {
    this.count += 1;
    const print = message['print'];
    if (isRawObject(print) && isStatusReport(print)) {
      this.merged = mergeReport(this.merged, print);
      this.at = this.now();
    }
    const info = message['info'];
    if (isRawObject(info) && info['command'] === 'get_version') this.lastInfo = info;
  }

  /** Merged `print` object, null before the first status report. */
  get print(): RawObject | null {
    return this.merged ?? null;
  }

  /** Last `get_version` reply, null before one. */
  get info(): RawObject | null {
    return this.lastInfo;
  }

  /** ms since epoch of the last merged status report, null before one. */
  get updatedAt(): number | null {
    return this.at;
  }

  /** Messages received so far. */
  get messageCount(): number {
    return this.count;
  }
}
