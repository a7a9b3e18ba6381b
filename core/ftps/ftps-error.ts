import {
  classifyNetError,
  netErrorCode,
  netFailureAdvice,
  type NetFailure,
} from '../util/net-error.ts';

/**
 * Why an FTPS operation with a printer failed.
 * - `auth-failed`: the access code was refused (530).
 * - `unreachable`: no TCP/TLS connection (refused, no route, DNS, connect timeout, connection lost).
 * - `tls-untrusted`: the printer's certificate did not verify (wrong CA), or TLS failed.
 * - `wrong-serial`: the certificate names another serial: another printer answered.
 * - `storage-full`: 552, or the storage ran out during the upload.
 * - `no-storage`: 553: no SD card / USB drive, unformatted or read-only, or a name the printer refuses.
 * - `not-found`: 550 on a path.
 * - `invalid-name`: a remote name the printer's FAT/exFAT storage cannot hold (checked before sending).
 * - `incomplete`: the uploaded size does not match the local file.
 * - `timeout`: the operation took longer than its timeout.
 * - `cancelled`: the caller aborted (AbortSignal).
 * - `protocol`: any other refusal (the server's reply is in the message).
 */
export type FtpsErrorCode =
  | 'auth-failed'
  | 'unreachable'
  | 'tls-untrusted'
  | 'wrong-serial'
  | 'storage-full'
  | 'no-storage'
  | 'not-found'
  | 'invalid-name'
  | 'incomplete'
  | 'timeout'
  | 'cancelled'
  | 'protocol';

/** An FTPS failure with a message a person can act on; never contains the access code. */
export class FtpsError extends Error {
  override readonly name = 'FtpsError';
  constructor(
    readonly code: FtpsErrorCode,
    message: string,
    options?: { cause?: unknown; ftpCode?: number; dataChannel?: boolean; reason?: NetFailure },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.ftpCode = options?.ftpCode ?? null;
    this.dataChannel = options?.dataChannel ?? false;
    this.reason = options?.reason ?? null;
  }
  /** Network/TLS class of the failure (core/util/net-error.ts), when it is one. */
  readonly reason: NetFailure | null;
  /** The FTP reply code behind the error, when there was one. */
  readonly ftpCode: number | null;
  /** True for a `timeout` of the data channel (the A1 `PROT P` hang), which `auto` retries clear. */
  readonly dataChannel: boolean;
}

/**
 * Turns whatever basic-ftp or the socket threw into an FtpsError. `who` names the printer
 * (`printer 01P00A… at 192.168.1.20`), `what` the operation (`uploading cube.3mf`), `port` the
 * FTPS port. Socket and TLS failures are classified by core/util/net-error.ts.
 */
export function toFtpsError(err: unknown, who: string, what: string, port = 990): FtpsError {
  if (err instanceof FtpsError) return err;
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const opts = { cause: err };
  if (typeof e.code === 'number') {
    const ftp = { ...opts, ftpCode: e.code };
    switch (e.code) {
      case 530:
        return new FtpsError(
          'auth-failed',
          `access code rejected by ${who}: check the LAN access code on the printer's screen`,
          { ...ftp, reason: 'auth-failed' },
        );
      case 552:
        return new FtpsError(
          'storage-full',
          `storage on ${who} is full while ${what}: delete old files from its SD card or USB drive and retry`,
          ftp,
        );
      case 553:
        return new FtpsError(
          'no-storage',
          `${who} could not create the file while ${what} (553): insert a formatted SD card or USB drive, make sure it is not full or read-only, and avoid special characters in the name`,
          ftp,
        );
      case 550:
        return new FtpsError('not-found', `${who}: not found while ${what} (${message})`, ftp);
      default:
        return new FtpsError('protocol', `${who} refused ${what}: ${message}`, ftp);
    }
  }
  const reason = typeof e.code === 'string' ? classifyNetError(err) : null;
  if (reason !== null) {
    return new FtpsError(
      netErrorCode(reason),
      `FTPS with ${who} failed while ${what}: ${netFailureAdvice(reason, port)} (${String(e.code)})`,
      { ...opts, reason },
    );
  }
  if (/Timeout/i.test(message)) {
    return new FtpsError('timeout', `${who} stopped answering while ${what} (${message})`, opts);
  }
  if (classifyNetError(err) === 'connection-lost') {
    return new FtpsError(
      'unreachable',
      `the connection to ${who} was lost while ${what}: check the network and retry`,
      { ...opts, reason: 'connection-lost' },
    );
  }
  return new FtpsError('protocol', `${what} on ${who} failed: ${message}`, opts);
}
