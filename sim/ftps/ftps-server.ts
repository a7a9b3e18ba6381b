import { mkdtempSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext, TLSSocket } from 'node:tls';
import { SimStorage } from './ftps-storage.ts';
import { FtpsSession, type FtpsSessionConfig } from './ftps-session.ts';

/** Options of the virtual printer's FTPS server (reference ftps.md §6). */
export interface VirtualFtpsOptions {
  /** PEM certificate (CN = serial) and key, e.g. from createPrinterCertificate. */
  certificate: { cert: string; key: string };
  /** Password of user `bblp`. */
  accessCode: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port); real printers use 990. */
  port?: number;
  /** Folder holding the "card"; default a new temporary folder. */
  storageDir?: string;
  /** Card capacity in bytes (default 32 GiB): a STOR that would exceed it fails with 552. */
  capacityBytes?: number;
  /** False simulates a printer without SD card / USB drive: empty listings, STOR → 553. */
  storagePresent?: boolean;
  /** Refuse data connections that do not resume the control TLS session (default true, like an X1). */
  requireSessionReuse?: boolean;
  /** Host announced in `227` replies (default `0.0.0.0`, as some printers do). */
  pasvAnnounce?: string;
  /** Delay of the final `226` after an upload, ms (H2D: 30 s and more). Default 0. */
  finalReplyDelayMs?: number;
  /** Refuse `RNFR`/`RNTO` with 550 (quirk `no-rename`, see ftps-quirks.ts). */
  refuseRename?: boolean;
  /** Hang encrypted data channels: `150`, then silence (quirk `hang-prot-p`, an A1). */
  hangEncryptedData?: boolean;
}

/** A running virtual FTPS server. */
export interface VirtualFtps {
  readonly host: string;
  readonly port: number;
  /** Folder on disk that holds the uploaded files (the FTP root). */
  readonly storageDir: string;
  /** Data connections refused with 522 because they did not resume the TLS session. */
  readonly stats: {
    readonly dataRejectedNoReuse: number;
    readonly uploads: number;
    /** Data channels left hanging by `hangEncryptedData`. */
    readonly dataHung: number;
    /** `RNFR` commands received (refused or not). */
    readonly renames: number;
  };
  setCapacity(bytes: number): void;
  setStoragePresent(present: boolean): void;
  setRequireSessionReuse(on: boolean): void;
  /** Drops every control connection (simulates a printer reboot or Wi-Fi loss). */
  dropConnections(): void;
  close(): Promise<void>;
}

/**
 * Starts an implicit-TLS FTPS server shaped like a printer's vsFTPd: TLS 1.2 only, user `bblp`
 * with the access code, passive data connections that must resume the control TLS session.
 */
export async function startVirtualFtps(opts: VirtualFtpsOptions): Promise<VirtualFtps> {
  const host = opts.host ?? '127.0.0.1';
  const storageDir = opts.storageDir ?? mkdtempSync(join(tmpdir(), 'farmdeck-ftps-'));
  const context = createSecureContext({
    cert: opts.certificate.cert,
    key: opts.certificate.key,
    minVersion: 'TLSv1.2',
    maxVersion: 'TLSv1.2',
  });
  const cfg: FtpsSessionConfig = {
    host,
    accessCode: opts.accessCode,
    context,
    storage: new SimStorage(storageDir, opts.capacityBytes ?? 32 * 1024 ** 3),
    pasvAnnounce: opts.pasvAnnounce ?? '0.0.0.0',
    requireSessionReuse: opts.requireSessionReuse ?? true,
    storagePresent: opts.storagePresent ?? true,
    finalReplyDelayMs: opts.finalReplyDelayMs ?? 0,
    refuseRename: opts.refuseRename ?? false,
    hangEncryptedData: opts.hangEncryptedData ?? false,
    stats: { dataRejectedNoReuse: 0, uploads: 0, dataHung: 0, renames: 0 },
  };
  const sockets = new Set<Socket>();
  const server = createServer((raw) => {
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
    raw.on('error', () => undefined);
    // Implicit TLS: the handshake comes first; one context for control and data connections
    // so data connections can resume the control session (tickets are per context).
    const tls = new TLSSocket(raw, { isServer: true, secureContext: context });
    tls.on('error', () => raw.destroy());
    tls.once('secure', () => new FtpsSession(tls, cfg));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host,
    port,
    storageDir,
    stats: cfg.stats,
    setCapacity: (bytes) => {
      cfg.storage.capacityBytes = bytes;
    },
    setStoragePresent: (present) => {
      cfg.storagePresent = present;
    },
    setRequireSessionReuse: (on) => {
      cfg.requireSessionReuse = on;
    },
    dropConnections: () => {
      for (const s of sockets) s.destroy();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
