import type { ConnectionOptions } from 'node:tls';
import { printerTlsOptions } from '../util/printer-tls.ts';
import type { TlsTrust } from '../mqtt/connection-options.ts';
import type { UploadProgress } from './upload-progress.ts';

/** Standard FTPS port of Bambu printers (implicit TLS). */
export const FTPS_PORT = 990;

export interface FtpsConnectOptions {
  /** Printer IP address or host name. */
  host: string;
  /** Default 990. */
  port?: number;
  /** Printer serial: the certificate's CN must match it (and it names the printer in errors). */
  serial?: string;
  /** LAN access code (FTP password of user `bblp`). */
  accessCode: string;
  /** Default: Bambu's printer CAs, verified. */
  tls?: TlsTrust;
  /** TCP + TLS + login, ms (default 15 000). */
  connectTimeoutMs?: number;
  /** How long to wait for any reply, ms (default 90 000: H2D sends `226` 30 s+ after the data). */
  replyTimeoutMs?: number;
  /**
   * Protection of the data channel (reference ftps.md §1.2, quirks.md). `private` (default):
   * `PROT P` only. `clear`: `PROT C` (the control channel stays TLS), for A1 firmware whose
   * encrypted data channel hangs. `auto`: `PROT P` first; after a data-channel timeout the
   * client reconnects with `PROT C`, retries once and calls `onDataChannelFallback`.
   */
  dataChannel?: DataChannelMode;
  /** Called once when `auto` fell back to `clear`, so the caller can remember it per printer. */
  onDataChannelFallback?: () => void;
  /** Called when an operation under `auto` succeeded over the encrypted data channel. */
  onDataChannelWorked?: () => void;
  /**
   * How long a data channel may take to start carrying a transfer, and a listing to finish, ms
   * (default 30 000). Longer waits count as a hanging data channel.
   */
  dataTimeoutMs?: number;
}

/** Data channel protection asked for: see FtpsConnectOptions.dataChannel. */
export type DataChannelMode = 'private' | 'clear' | 'auto';

/** One entry of a remote directory. */
export interface RemoteEntry {
  readonly name: string;
  /** Bytes. */
  readonly size: number;
  readonly isDirectory: boolean;
  /** As the server printed it (`Jun 17 12:12`); printer clocks are unreliable, so it is not parsed. */
  readonly modified: string;
}

export interface UploadOptions {
  /** Called at most every `progressIntervalMs` and once at the end. */
  onProgress?: (p: UploadProgress) => void;
  progressIntervalMs?: number;
  /** Abort the upload; the partial file is deleted and FtpsError `cancelled` is thrown. */
  signal?: AbortSignal;
  /** Whole-upload timeout, ms. Default max(600 s, size at 25 KB/s), as slow Wi-Fi printers need. */
  timeoutMs?: number;
}

export interface UploadResult {
  /** Final path on the printer, e.g. `/cube.gcode.3mf`. */
  readonly remotePath: string;
  /** Data channel the file went through: `private` (`PROT P`) or `clear` (`PROT C`). */
  readonly dataChannel: 'private' | 'clear';
  readonly bytes: number;
  readonly seconds: number;
  /** Average over the whole transfer. */
  readonly bytesPerSecond: number;
}

/** TLS options for the control connection (data connections copy them). */
export function tlsOptions(opts: FtpsConnectOptions): ConnectionOptions {
  // SNI = serial like the MQTT link; basic-ftp copies these options to data connections, so the
  // session identity matches and resumption is offered.
  return {
    maxVersion: 'TLSv1.2',
    minVersion: 'TLSv1.2',
    ...printerTlsOptions(opts.serial, opts.tls),
  };
}
