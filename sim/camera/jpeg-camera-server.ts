import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';
import { createPrinterCertificate } from '../certificate.ts';
import { createFramePainter } from './frame-painter.ts';

/** Options of {@link startJpegCameraServer}. */
export interface JpegCameraServerOptions {
  /** Printer serial: certificate CN and the frame label. */
  readonly serial: string;
  /** LAN access code the login must carry. */
  readonly accessCode: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (a free port). Real printers use 6000. */
  readonly port?: number;
  /** Certificate and key (PEM); default: a new self-signed one with CN = serial. */
  readonly tls?: { readonly cert: string; readonly key: string };
  /** Frames per second (default 1, like a real P1; tests use more). */
  readonly fps?: number;
  /** Streams served at once; one more login is closed without a byte (a P1S serves 2). */
  readonly maxStreams?: number;
  /** Print progress 0-100 shown on the frames, or null when idle (default: null). */
  readonly progress?: () => number | null;
  /** Replaces the painted frames (benchmarks use a fixed JPEG). */
  readonly frameSource?: () => Buffer;
}

/** Faults a test can inject into every open stream. */
export type JpegCameraFault =
  /** Close every stream abruptly. */
  | 'drop'
  /** Keep the connections open but send nothing until `heal()`. */
  | 'stall'
  /** Send bytes that are not a frame before the next frame. */
  | 'garbage'
  /** Send one header announcing a 4 GiB frame. */
  | 'oversized';

/** A running virtual JPEG camera. */
export interface JpegCameraServer {
  readonly host: string;
  readonly port: number;
  /** PEM of the certificate presented (CN = serial), for clients that verify. */
  readonly certificatePem: string;
  /** Streams currently being served (logins accepted and still open). */
  readonly activeStreams: number;
  /** Logins refused so far (wrong credentials or stream limit). */
  readonly refusedLogins: number;
  /** Frames written so far, all streams together. */
  readonly framesSent: number;
  inject(fault: JpegCameraFault): void;
  /** End a `stall`. */
  heal(): void;
  close(): Promise<void>;
}

const LOGIN_BYTES = 80;
const LOGIN_PREFIX = Buffer.from([0x40, 0, 0, 0, 0, 0x30, 0, 0]);

/**
 * The port-6000 camera of an A1/P1 (camera.md §2.5): TLS, an 80-byte login checked against the
 * serial's access code, then a 16-byte header + JPEG per frame, pushed at `fps`.
 */
export async function startJpegCameraServer(
  options: JpegCameraServerOptions,
): Promise<JpegCameraServer> {
  const host = options.host ?? '127.0.0.1';
  const credentials = options.tls ?? (await createPrinterCertificate(options.serial));
  const painter = createFramePainter();
  const nextFrame =
    options.frameSource ??
    (() =>
      painter.frame({
        label: options.serial,
        time: new Date(),
        progress: options.progress?.() ?? null,
      }));
  const intervalMs = Math.max(5, Math.round(1000 / (options.fps ?? 1)));
  const streams = new Set<TLSSocket>();
  const sockets = new Set<TLSSocket>();
  let refused = 0;
  let sent = 0;
  let stalled = false;
  let pendingFault: 'garbage' | 'oversized' | null = null;

  const server = createServer({ cert: credentials.cert, key: credentials.key }, (socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => {
      sockets.delete(socket);
      streams.delete(socket);
    });
    let login = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      login = Buffer.concat([login, chunk]);
      if (login.length < LOGIN_BYTES) return;
      socket.off('data', onData);
      const full = options.maxStreams !== undefined && streams.size >= options.maxStreams;
      if (!loginValid(login, options.accessCode) || full) {
        refused += 1;
        socket.end();
        return;
      }
      streams.add(socket);
    };
    socket.on('data', onData);
  });

  const tick = setInterval(() => {
    if (stalled || streams.size === 0) return;
    const jpeg = nextFrame();
    const header = Buffer.alloc(16);
    header.writeUInt32LE(jpeg.length, 0);
    header.writeUInt32LE(1, 8);
    const fault = pendingFault;
    pendingFault = null;
    for (const socket of streams) {
      // A client that does not read gets frames dropped, like a camera with a small send buffer.
      if (socket.writableLength > 4 * jpeg.length + 65536) continue;
      if (fault === 'garbage')
        socket.write(Buffer.from('\x00garbage between frames\xff\x00', 'latin1'));
      if (fault === 'oversized') {
        const huge = Buffer.alloc(19);
        huge.writeUInt32LE(0xffffffff, 0);
        huge.writeUInt32LE(1, 8);
        huge.set([0xff, 0xd8, 0xff], 16);
        socket.write(huge);
      }
      socket.write(header);
      socket.write(jpeg);
      sent += 1;
    }
  }, intervalMs);

  server.listen(options.port ?? 0, host);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;

  return {
    host,
    port,
    certificatePem: credentials.cert,
    get activeStreams() {
      return streams.size;
    },
    get refusedLogins() {
      return refused;
    },
    get framesSent() {
      return sent;
    },
    inject(fault) {
      if (fault === 'drop') for (const s of sockets) s.destroy();
      else if (fault === 'stall') stalled = true;
      else pendingFault = fault;
    },
    heal() {
      stalled = false;
    },
    async close() {
      clearInterval(tick);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function loginValid(login: Buffer, accessCode: string): boolean {
  if (!login.subarray(0, 8).equals(LOGIN_PREFIX)) return false;
  const field = (at: number): string => {
    const raw = login.subarray(at, at + 32);
    const end = raw.indexOf(0);
    return raw.subarray(0, end === -1 ? 32 : end).toString('latin1');
  };
  return field(16) === 'bblp' && field(48) === accessCode;
}
