import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import { CameraError, cameraErrorFromSocket, printerLabel } from './camera-error.ts';
import { printerTlsOptions } from '../util/printer-tls.ts';
import type { CameraTlsTrust } from './camera-types.ts';
import {
  authorizationFor,
  header,
  type RtspMessage,
  RtspStreamParser,
  serialize,
} from './rtsp-message.ts';
import { ProxySecret, stripSecret } from './rtsp-proxy-secret.ts';
import { RTSP_CAMERA_PORT, RTSP_LIVE_PATH } from './rtsp-url.ts';

/** Where the proxy forwards to. */
export interface RtspProxyOptions {
  readonly host: string;
  /** Printer RTSPS port (default 322). */
  readonly port?: number;
  readonly serial?: string;
  /** Password of user `bblp`. Stays in this process: ffmpeg never sees it. */
  readonly accessCode: string;
  readonly tls?: CameraTlsTrust;
  /** Called with what went wrong upstream (refused login, TLS, connection). */
  readonly onProblem: (error: CameraError) => void;
}

/**
 * A running proxy. Each ffmpeg run gets its own URL from `issueUrl()`: plain RTSP on 127.0.0.1 with a
 * one-time secret path segment and no credentials. Any other local client is refused before the
 * proxy connects to the printer.
 */
export interface RtspProxy {
  /** A URL for one ffmpeg run; revokes the previous unspent one. */
  issueUrl(): string;
  /** Local connections refused so far (no or wrong secret, or a second connection). */
  readonly refused: number;
  close(): Promise<void>;
}

/** A client must send its first request within this long, ms. */
const FIRST_REQUEST_MS = 10_000;

/**
 * Local RTSP endpoint for ffmpeg in front of the printer's RTSPS server. It terminates TLS with
 * Node's OpenSSL (some ffmpeg builds' GnuTLS fail against printers, camera.md §3.3), verifies the
 * certificate with the same rules as the MQTT link, rewrites request URLs to the printer's, and
 * answers the printer's Basic/Digest challenge itself: the access code never appears on ffmpeg's
 * command line (visible to every local user) nor in its logs. Only the client that presents the
 * current one-time secret is bridged to the printer.
 */
export async function startRtspProxy(options: RtspProxyOptions): Promise<RtspProxy> {
  const sockets = new Set<Socket>();
  const secret = new ProxySecret();
  let refused = 0;
  const server = createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    bridge(client, options, sockets, secret, () => (refused += 1));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    issueUrl: () => `rtsp://127.0.0.1:${port}/${secret.issue()}${RTSP_LIVE_PATH}`,
    get refused() {
      return refused;
    },
    async close() {
      secret.issue();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

interface SentRequest {
  readonly method: string;
  readonly uri: string;
  readonly msg: RtspMessage;
  answered: boolean;
}

function bridge(
  client: Socket,
  options: RtspProxyOptions,
  sockets: Set<Socket>,
  secret: ProxySecret,
  onRefused: () => void,
): void {
  const port = options.port ?? RTSP_CAMERA_PORT;
  const target = {
    host: options.host,
    port,
    ...(options.serial ? { serial: options.serial } : {}),
  };
  let upstream: TLSSocket | null = null;
  let admitted: string | null = null;
  let turnedAway = false;
  const firstRequest = setTimeout(() => client.destroy(), FIRST_REQUEST_MS);
  const refuse = (msg: RtspMessage | null): void => {
    if (turnedAway) return;
    turnedAway = true;
    clearTimeout(firstRequest);
    onRefused();
    const cseq = msg ? header(msg, 'CSeq') : undefined;
    const answer = `RTSP/1.0 403 Forbidden\r\n${cseq === undefined ? '' : `CSeq: ${cseq}\r\n`}\r\n`;
    client.write(answer, () => client.destroy());
    client.pause();
  };
  const base = `rtsps://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  const sent = new Map<string, SentRequest>();
  let challenge: string | null = null;
  let nc = 0;
  let gotResponse = false;
  let reported = false;
  const problem = (err: CameraError): void => {
    if (reported) return;
    reported = true;
    options.onProblem(err);
  };

  const send = (req: SentRequest): void => {
    const headers = req.msg.headers.filter(([k]) => k.toLowerCase() !== 'authorization');
    if (challenge) {
      nc += 1;
      headers.push([
        'Authorization',
        authorizationFor(challenge, {
          method: req.method,
          uri: req.uri,
          user: 'bblp',
          password: options.accessCode,
          nc,
        }),
      ]);
    }
    upstream?.write(
      serialize({ startLine: `${req.method} ${req.uri} RTSP/1.0`, headers, body: req.msg.body }),
    );
  };

  const fromClient = new RtspStreamParser(
    (msg) => {
      const [method = '', url = ''] = msg.startLine.split(' ');
      if (turnedAway) return;
      if (admitted === null) {
        admitted = secret.admit(url);
        if (admitted === null) return refuse(msg);
        clearTimeout(firstRequest);
        upstream = openUpstream();
      }
      const req: SentRequest = {
        method,
        uri: rewriteUrl(url, base, admitted),
        msg,
        answered: false,
      };
      const cseq = header(msg, 'CSeq');
      if (cseq !== undefined) sent.set(cseq, req);
      send(req);
    },
    (bytes) => {
      if (upstream) upstream.write(bytes);
      else refuse(null);
    },
  );
  const fromPrinter = new RtspStreamParser(
    (msg) => {
      gotResponse = true;
      const status = Number(msg.startLine.split(' ')[1]);
      const cseq = header(msg, 'CSeq');
      const req = cseq === undefined ? undefined : sent.get(cseq);
      if (cseq !== undefined) sent.delete(cseq);
      if (status === 401 && req && !req.answered) {
        const offered = msg.headers
          .filter(([k]) => k.toLowerCase() === 'www-authenticate')
          .map(([, v]) => v);
        const pick = offered.find((v) => /^digest/i.test(v)) ?? offered[0];
        if (pick) {
          challenge = pick;
          req.answered = true;
          if (cseq !== undefined) sent.set(cseq, req);
          send(req);
          return;
        }
      }
      if (status === 401) {
        problem(
          new CameraError(
            'auth-failed',
            `${printerLabel(target)} refused the camera login: check the LAN access code on the printer's screen`,
          ),
        );
      }
      client.write(serialize(msg));
    },
    (bytes) => {
      if (!client.write(bytes) && !upstream?.isPaused()) {
        // One drain listener per pause: a chunk split into several writes must not add more.
        upstream?.pause();
        client.once('drain', () => upstream?.resume());
      }
    },
  );

  client.on('data', (chunk: Buffer) => {
    try {
      fromClient.push(chunk);
    } catch {
      client.destroy();
    }
  });
  function openUpstream(): TLSSocket {
    const socket = connect({
      host: target.host,
      port: target.port,
      ...printerTlsOptions(target.serial, options.tls),
    });
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('data', (chunk: Buffer) => {
      try {
        fromPrinter.push(chunk);
      } catch (err) {
        problem(
          new CameraError(
            'protocol',
            `${printerLabel(target)} camera sent invalid RTSP (${(err as Error).message})`,
          ),
        );
        socket.destroy();
      }
    });
    socket.on('error', (err) => problem(cameraErrorFromSocket(err, target)));
    socket.once('close', () => {
      if (!gotResponse) {
        problem(
          new CameraError(
            'unreachable',
            `${printerLabel(target)} closed the camera connection on port ${port} without answering: if it is an H2 or P2S, enable "LAN Mode Liveview" on its screen; otherwise check that the printer is on`,
          ),
        );
      }
      client.destroy();
    });
    return socket;
  }

  client.on('error', () => {});
  client.once('close', () => {
    clearTimeout(firstRequest);
    upstream?.destroy();
  });
}

/**
 * `rtsp://127.0.0.1:1234/<secret>/streaming/live/1/track1` → `rtsps://printer:322/streaming/live/1/track1`
 * (also without the secret: ffmpeg builds later URLs from the printer's Content-Base).
 */
function rewriteUrl(url: string, base: string, secret: string): string {
  const m = /^rtsps?:\/\/[^/]*(\/.*)?$/i.exec(url);
  if (!m) return url;
  return `${base}${stripSecret(m[1] ?? '', secret)}`;
}
