import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { connect } from 'node:tls';
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

/** A running proxy; ffmpeg reads `url` (plain RTSP on 127.0.0.1, no credentials in it). */
export interface RtspProxy {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Local RTSP endpoint for ffmpeg in front of the printer's RTSPS server. It terminates TLS with
 * Node's OpenSSL (some ffmpeg builds' GnuTLS fail against printers, camera.md §3.3), verifies the
 * certificate with the same rules as the MQTT link, rewrites request URLs to the printer's, and
 * answers the printer's Basic/Digest challenge itself: the access code never appears on ffmpeg's
 * command line (visible to every local user) nor in its logs.
 */
export async function startRtspProxy(options: RtspProxyOptions): Promise<RtspProxy> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    bridge(client, options, sockets);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `rtsp://127.0.0.1:${port}${RTSP_LIVE_PATH}`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface SentRequest {
  readonly method: string;
  readonly uri: string;
  readonly msg: RtspMessage;
  answered: boolean;
}

function bridge(client: Socket, options: RtspProxyOptions, sockets: Set<Socket>): void {
  const port = options.port ?? RTSP_CAMERA_PORT;
  const target = {
    host: options.host,
    port,
    ...(options.serial ? { serial: options.serial } : {}),
  };
  const upstream = connect({
    host: target.host,
    port: target.port,
    ...printerTlsOptions(target.serial, options.tls),
  });
  sockets.add(upstream);
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
    upstream.write(
      serialize({ startLine: `${req.method} ${req.uri} RTSP/1.0`, headers, body: req.msg.body }),
    );
  };

  const fromClient = new RtspStreamParser(
    (msg) => {
      const [method = '', url = ''] = msg.startLine.split(' ');
      const req: SentRequest = { method, uri: rewriteUrl(url, base), msg, answered: false };
      const cseq = header(msg, 'CSeq');
      if (cseq !== undefined) sent.set(cseq, req);
      send(req);
    },
    (bytes) => upstream.write(bytes),
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
      if (!client.write(bytes)) {
        upstream.pause();
        client.once('drain', () => upstream.resume());
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
  upstream.on('data', (chunk: Buffer) => {
    try {
      fromPrinter.push(chunk);
    } catch (err) {
      problem(
        new CameraError(
          'protocol',
          `${printerLabel(target)} camera sent invalid RTSP (${(err as Error).message})`,
        ),
      );
      upstream.destroy();
    }
  });
  upstream.on('error', (err) => problem(cameraErrorFromSocket(err, target)));
  client.on('error', () => {});
  upstream.once('close', () => {
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
  client.once('close', () => upstream.destroy());
}

/** `rtsp://127.0.0.1:1234/streaming/live/1/track1` → `rtsps://printer:322/streaming/live/1/track1`. */
function rewriteUrl(url: string, base: string): string {
  const m = /^rtsps?:\/\/[^/]*(\/.*)?$/i.exec(url);
  if (!m) return url;
  return `${base}${m[1] ?? ''}`;
}
