import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo, Server, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { createPrinterCertificate } from '../certificate.ts';
import { type H264Clip, loadH264Clip } from './h264-clip.ts';
import { streamClip } from './rtp-stream.ts';
import { RtspRequestReader, type SimRtspRequest } from './rtsp-request-reader.ts';

/** Options of {@link startRtspCameraServer}. */
export interface RtspCameraServerOptions {
  /** Printer serial: certificate CN. */
  readonly serial: string;
  /** Password of user `bblp` (Digest authentication). */
  readonly accessCode: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (a free port). Real printers use 322. */
  readonly port?: number;
  /** Certificate and key (PEM); default: a new self-signed one with CN = serial. */
  readonly tls?: { readonly cert: string; readonly key: string };
  /** Frames per second of the served clip (default 10). */
  readonly fps?: number;
  /** Streams served at once; more PLAY requests get 453 Not Enough Bandwidth. */
  readonly maxStreams?: number;
  /** LAN live view off (H2 default): every connection is closed at once. */
  readonly disabled?: boolean;
  /** ffmpeg used once to encode the test clip (default `ffmpeg`). */
  readonly ffmpegPath?: string;
}

/** A running virtual RTSPS camera. */
export interface RtspCameraServer {
  readonly host: string;
  readonly port: number;
  readonly certificatePem: string;
  /** Sessions currently playing. */
  readonly activeStreams: number;
  /** Requests refused for wrong credentials so far. */
  readonly refusedLogins: number;
  /** TLS connections accepted so far. */
  readonly connections: number;
  /** Switch LAN live view on or off (off closes connections at once, like an H2 by default). */
  setDisabled(disabled: boolean): void;
  /** Close every connection abruptly. */
  drop(): void;
  close(): Promise<void>;
}

const PATH = '/streaming/live/1';
const REALM = 'Farmdeck virtual camera';

/**
 * RTSPS on the X1-family port 322 (camera.md §3): Digest authentication as user `bblp`, the
 * `/streaming/live/1` path, H.264 over RTP interleaved in the RTSP TCP connection (the transport
 * clients use with printers). The picture is ffmpeg's `testsrc2` pattern encoded once and looped.
 */
export async function startRtspCameraServer(
  options: RtspCameraServerOptions,
): Promise<RtspCameraServer> {
  const host = options.host ?? '127.0.0.1';
  const fps = options.fps ?? 10;
  const clip = await loadH264Clip({
    fps,
    ...(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {}),
  });
  const credentials = options.tls ?? (await createPrinterCertificate(options.serial));
  const sockets = new Set<Socket>();
  const playing = new Set<Socket>();
  let disabled = options.disabled === true;
  let refused = 0;
  let connections = 0;

  const onConnection = (socket: Socket): void => {
    connections += 1;
    socket.on('error', () => {});
    if (disabled) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    const nonce = randomBytes(16).toString('hex');
    let stopStream: (() => void) | null = null;
    socket.once('close', () => {
      sockets.delete(socket);
      playing.delete(socket);
      stopStream?.();
    });
    const reply = (
      req: SimRtspRequest,
      status: string,
      headers: Record<string, string> = {},
      body = '',
    ): void => {
      const lines = [
        `RTSP/1.0 ${status}`,
        `CSeq: ${req.headers.cseq ?? '0'}`,
        'Server: Farmdeck virtual printer',
      ];
      for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
      if (body)
        lines.push('Content-Type: application/sdp', `Content-Length: ${Buffer.byteLength(body)}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    };
    const reader = new RtspRequestReader((req) => {
      if (req.method === 'OPTIONS') {
        return reply(req, '200 OK', {
          Public: 'OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER',
        });
      }
      if (!authorized(req, options.accessCode, nonce)) {
        refused += 1;
        return reply(req, '401 Unauthorized', {
          'WWW-Authenticate': `Digest realm="${REALM}", nonce="${nonce}"`,
        });
      }
      if (!new URL(req.url).pathname.startsWith(PATH)) return reply(req, '404 Not Found');
      const base = `rtsps://${host}:${port}${PATH}/`;
      switch (req.method) {
        case 'DESCRIBE':
          return reply(req, '200 OK', { 'Content-Base': base }, sdp(clip, host));
        case 'SETUP':
          if (!/TCP/i.test(req.headers.transport ?? ''))
            return reply(req, '461 Unsupported Transport');
          return reply(req, '200 OK', {
            Transport: 'RTP/AVP/TCP;unicast;interleaved=0-1',
            Session: `${nonce.slice(0, 8)};timeout=60`,
          });
        case 'PLAY':
          if (options.maxStreams !== undefined && playing.size >= options.maxStreams) {
            return reply(req, '453 Not Enough Bandwidth');
          }
          reply(req, '200 OK', { Session: nonce.slice(0, 8), Range: 'npt=0.000-' });
          playing.add(socket);
          stopStream ??= streamClip(socket, clip);
          return;
        case 'TEARDOWN':
          reply(req, '200 OK');
          socket.end();
          return;
        case 'GET_PARAMETER':
          return reply(req, '200 OK');
        default:
          return reply(req, '405 Method Not Allowed');
      }
    });
    socket.on('data', (chunk: Buffer) => {
      if (!reader.push(chunk)) socket.destroy();
    });
  };

  const server: Server = createTlsServer(
    { cert: credentials.cert, key: credentials.key },
    onConnection,
  );
  server.listen(options.port ?? 0, host);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;

  return {
    host,
    port,
    certificatePem: credentials.cert,
    get activeStreams() {
      return playing.size;
    },
    get refusedLogins() {
      return refused;
    },
    get connections() {
      return connections;
    },
    setDisabled(value) {
      disabled = value;
      if (value) for (const s of sockets) s.destroy();
    },
    drop() {
      for (const s of sockets) s.destroy();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function authorized(req: SimRtspRequest, password: string, nonce: string): boolean {
  const auth = req.headers.authorization;
  if (!auth?.startsWith('Digest ')) return false;
  const p: Record<string, string> = {};
  for (const m of auth.slice(7).matchAll(/(\w+)="?([^",]*)"?/g)) p[m[1] ?? ''] = m[2] ?? '';
  if (p.username !== 'bblp' || p.nonce !== nonce || p.realm !== REALM || !p.uri) return false;
  const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
  const ha1 = md5(`bblp:${REALM}:${password}`);
  const ha2 = md5(`${req.method}:${p.uri}`);
  const expected =
    p.qop === 'auth'
      ? md5(`${ha1}:${nonce}:${p.nc ?? ''}:${p.cnonce ?? ''}:auth:${ha2}`)
      : md5(`${ha1}:${nonce}:${ha2}`);
  return p.response === expected;
}

function sdp(clip: H264Clip, host: string): string {
  const profile = clip.sps.subarray(1, 4).toString('hex');
  const sets = `${clip.sps.toString('base64')},${clip.pps.toString('base64')}`;
  return [
    'v=0',
    `o=- 0 0 IN IP4 ${host}`,
    's=Farmdeck virtual camera',
    `c=IN IP4 ${host}`,
    't=0 0',
    'm=video 0 RTP/AVP 96',
    'a=rtpmap:96 H264/90000',
    `a=fmtp:96 packetization-mode=1;profile-level-id=${profile};sprop-parameter-sets=${sets}`,
    'a=control:trackID=0',
    '',
  ].join('\r\n');
}
