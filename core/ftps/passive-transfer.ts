import type { Socket } from 'node:net';
import { connect as tlsConnect, TLSSocket } from 'node:tls';
import type { FTPContext, FTPResponse } from 'basic-ftp';

/** Port of a `227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)` reply, or null. */
export function parsePasvPort(message: string): number | null {
  const m = /(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3})/.exec(message);
  if (!m) return null;
  const p1 = Number(m[5]);
  const p2 = Number(m[6]);
  if (p1 > 255 || p2 > 255) return null;
  const port = p1 * 256 + p2;
  return port > 0 ? port : null;
}

/**
 * basic-ftp transfer strategy for printers: `PASV`, then connect the data socket to the
 * control connection's host (printers may announce 0.0.0.0 or an unreachable address) and
 * wrap it in TLS resuming the control connection's session (vsftpd `require_ssl_reuse`: a
 * fresh handshake is refused with 522). The TLS handshake is not awaited here: the printer
 * starts it only after the transfer command (reference ftps.md §1.1).
 */
export function passiveToControlHost(ftp: FTPContext): Promise<FTPResponse> {
  return passiveTransfer(ftp, true);
}

/** The same strategy for a clear data channel (`PROT C`): the data socket stays plain TCP. */
export function passiveClearToControlHost(ftp: FTPContext): Promise<FTPResponse> {
  return passiveTransfer(ftp, false);
}

async function passiveTransfer(ftp: FTPContext, secure: boolean): Promise<FTPResponse> {
  const res = await ftp.request('PASV');
  const port = parsePasvPort(res.message);
  if (port === null) throw new Error(`cannot read the data port from the reply "${res.message}"`);
  const host = ftp.socket.remoteAddress?.replace(/^::ffff:/i, '');
  if (!host) throw new Error('the control connection is closed');
  await new Promise<void>((resolve, reject) => {
    const raw: Socket = ftp._newSocket();
    let socket: Socket = raw;
    const onError = (err: Error): void => {
      err.message = `cannot open the data connection to ${host}:${port}: ${err.message}`;
      reject(err);
    };
    const onTimeout = (): void => {
      raw.destroy();
      const err = new Error(`Timeout opening the data connection to ${host}:${port}`);
      reject(err);
    };
    raw.setTimeout(ftp.timeout);
    raw.once('error', onError);
    raw.once('timeout', onTimeout);
    raw.connect({ port, host }, () => {
      if (secure && ftp.socket instanceof TLSSocket) {
        const control = ftp.socket;
        const tls = tlsConnect({
          ...ftp.tlsOptions,
          socket: raw,
          session: ftp.tlsSessionStore ?? control.getSession(),
        });
        tls.on('session', (session: Buffer) => {
          ftp.tlsSessionStore = session;
        });
        socket = tls;
      }
      raw.setTimeout(0);
      raw.removeListener('error', onError);
      raw.removeListener('timeout', onTimeout);
      ftp.dataSocket = socket;
      resolve();
    });
  });
  return res;
}
