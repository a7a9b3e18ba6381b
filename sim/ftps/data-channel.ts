import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';

/**
 * One passive data connection of the virtual FTPS server: a listener on a free port that takes
 * the first connection. TLS (when `PROT P`) starts only after the transfer command and must
 * resume the control connection's session, like vsftpd's `require_ssl_reuse` on an X1.
 */
export class PassiveListener {
  private readonly server: Server;
  private socket: Socket | undefined;
  private waiter: ((s: Socket | undefined) => void) | undefined;
  private closed = false;

  private constructor(server: Server) {
    this.server = server;
    server.on('connection', (s) => {
      if (this.socket || this.closed) {
        s.destroy();
        return;
      }
      this.socket = s;
      s.on('error', () => undefined);
      server.close();
      this.waiter?.(s);
    });
    server.on('error', () => undefined);
  }

  static async open(host: string): Promise<PassiveListener> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    return new PassiveListener(server);
  }

  get port(): number {
    const a = this.server.address();
    return typeof a === 'object' && a ? a.port : 0;
  }

  /** The accepted TCP connection, waiting up to `timeoutMs` for it. */
  accept(timeoutMs: number): Promise<Socket | undefined> {
    if (this.socket) return Promise.resolve(this.socket);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      this.waiter = (s) => {
        clearTimeout(timer);
        resolve(s);
      };
    });
  }

  close(): void {
    this.closed = true;
    this.server.close();
    this.socket?.destroy();
  }
}

export type DataTlsResult =
  | { ok: true; socket: TLSSocket }
  | { ok: false; reason: 'handshake'; detail: string }
  /** The handshake succeeded without resumption; the caller replies 522 and then destroys it. */
  | { ok: false; reason: 'no-reuse'; detail: string; socket: TLSSocket };

/** Server-side TLS on an accepted data socket; checks session resumption when required. */
export function secureDataSocket(
  raw: Socket,
  context: SecureContext,
  requireReuse: boolean,
  timeoutMs: number,
): Promise<DataTlsResult> {
  return new Promise((resolve) => {
    const tls = new TLSSocket(raw, { isServer: true, secureContext: context });
    const timer = setTimeout(() => {
      tls.destroy();
      resolve({ ok: false, reason: 'handshake', detail: 'no TLS handshake' });
    }, timeoutMs);
    tls.once('secure', () => {
      clearTimeout(timer);
      if (requireReuse && !tls.isSessionReused()) {
        tls.pause();
        resolve({ ok: false, reason: 'no-reuse', detail: 'TLS session not reused', socket: tls });
        return;
      }
      resolve({ ok: true, socket: tls });
    });
    tls.once('error', (err: Error) => {
      clearTimeout(timer);
      tls.destroy();
      resolve({ ok: false, reason: 'handshake', detail: err.message });
    });
  });
}
