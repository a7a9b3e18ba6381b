/**
 * One configured printer as the compatibility server sees it: its MQTT link, the merged raw
 * `print` object (the legacy API's payload) and how fresh it is.
 */
import { PrinterLink } from '../../core/mqtt/printer-link.ts';
import type { LinkOptions, LinkStatus } from '../../core/mqtt/printer-link.ts';
import type { PrinterState } from '../../shared/printer-state.ts';
import type { RawObject } from '../../shared/raw-report.ts';
import { MergedReport } from '../common/merged-report.ts';
import type { CompatDevice } from './compat-config.ts';

/** Link settings the server may tune (tests shorten the reconnect delays). */
export type FeedLinkOptions = Omit<LinkOptions, 'target' | 'tls' | 'now'>;

/** What the server knows about one printer right now. */
export interface FeedSnapshot {
  readonly serial: string;
  readonly name: string;
  readonly connection: 'lan' | 'cloud';
  readonly status: LinkStatus;
  readonly online: boolean;
  /** Merged legacy `print` object; null before the first report. */
  readonly print: RawObject | null;
  readonly state: PrinterState | null;
  /** ms since epoch of the last status report merged, null before one. */
  readonly updatedAt: number | null;
  /** Messages received since start. */
  readonly messageCount: number;
  /** What went wrong with the connection, in words, or null. */
  readonly problem: string | null;
}

/** Keeps one printer's link and its merged legacy report. */
export class PrinterFeed {
  readonly link: PrinterLink;
  private readonly report: MergedReport;

  constructor(
    readonly device: CompatDevice,
    options: FeedLinkOptions,
    now: () => number,
  ) {
    this.link = new PrinterLink({ ...options, target: device.target, tls: device.tls, now });
    this.report = new MergedReport(this.link, now);
    this.link.on('message', (message) => this.report.add(message));
  }

  start(): void {
    this.link.connect();
  }

  close(): Promise<void> {
    return this.link.close();
  }

  snapshot(): FeedSnapshot {
    return {
      serial: this.device.serial,
      name: this.device.name,
      connection: this.device.connection,
      status: this.link.status,
      online: this.link.status === 'online',
      print: this.report.print,
      state: this.link.state,
      updatedAt: this.report.updatedAt,
      messageCount: this.report.messageCount,
      problem: this.link.status === 'online' ? null : (this.link.lastError?.message ?? null),
    };
  }
}
