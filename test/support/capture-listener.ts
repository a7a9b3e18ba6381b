import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { createPrinterCertificate } from '../../sim/certificate.ts';

/**
 * A listener of ours posing as whatever a request points at: a TLS server (certificate CN = the
 * serial it impersonates) that records every decrypted byte, greets like an FTP server and asks for a
 * password after USER, so MQTT, FTPS and camera clients all get as far as sending their credentials.
 */
export interface CaptureListener {
  readonly port: number;
  /** Everything received so far, as latin1 text. */
  received(): string;
  readonly connections: number;
  close(): Promise<void>;
}

export async function startTlsCapture(serial: string): Promise<CaptureListener> {
  const { cert, key } = await createPrinterCertificate(serial);
  let text = '';
  let connections = 0;
  const server: TlsServer = createTlsServer({ cert, key }, (socket) => {
    connections += 1;
    socket.on('error', () => socket.destroy());
    socket.write('220 ready\r\n');
    socket.on('data', (chunk: Buffer) => {
      const s = chunk.toString('latin1');
      text += s;
      if (/^USER /m.test(s)) socket.write('331 password please\r\n');
    });
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received: () => text,
    get connections() {
      return connections;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A plain HTTP listener that records every request line, header and body (a fake cloud). */
export async function startHttpCapture(): Promise<CaptureListener> {
  let text = '';
  let connections = 0;
  const server: HttpServer = createHttpServer((req, res) => {
    connections += 1;
    text += `${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n`;
    req.on('data', (c: Buffer) => (text += c.toString('latin1')));
    req.on('end', () => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received: () => text,
    get connections() {
      return connections;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
