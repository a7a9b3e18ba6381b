import { connect, type TLSSocket } from 'node:tls';
import { Backoff } from '../util/backoff.ts';
import { CameraError, cameraErrorFromSocket, printerLabel } from './camera-error.ts';
import { printerTlsOptions } from '../util/printer-tls.ts';
import type {
  BackoffOptions,
  CameraTlsTrust,
  CameraUpstream,
  UpstreamListener,
} from './camera-types.ts';
import { JpegFrameParser } from './jpeg-frame-parser.ts';
import { encodeJpegAuthPacket, JPEG_CAMERA_PORT } from './jpeg-protocol.ts';

/** Where and how to reach a JPEG camera (A1, A1 mini, P1P, P1S, A2L). */
export interface JpegCameraOptions {
  /** Printer IP address or host name. */
  readonly host: string;
  /** TLS port (default 6000). */
  readonly port?: number;
  /** Printer serial: checked against the certificate CN unless `tls.insecure`. */
  readonly serial?: string;
  /** 8-character LAN access code. Never logged. */
  readonly accessCode: string;
  /** Certificate trust (default: Bambu's printer CAs, CN checked against `serial`). */
  readonly tls?: CameraTlsTrust;
  /** Largest accepted frame, bytes (default 8 MiB). */
  readonly maxFrameBytes?: number;
  /** Give up a connection attempt after this long, ms (default 10000). */
  readonly connectTimeoutMs?: number;
  /** Reconnect when no frame arrived for this long, ms (default 20000; printers send every 0.5-2 s). */
  readonly stallTimeoutMs?: number;
  /** Consecutive damaged frames tolerated before reconnecting (default 3). */
  readonly maxBadFrames?: number;
  readonly backoff?: BackoffOptions;
  /** Retry after failures (default true). When false the first failure closes the session. */
  readonly retry?: boolean;
}

/**
 * Opens the port-6000 JPEG stream and keeps it open: TLS, the 80-byte login, then frames until
 * closed. Reconnects with backoff after drops, stalls and protocol errors; reports a login refused
 * right after the handshake as `auth-failed`. Frames are passed on as received, never decoded.
 */
export function openJpegCamera(
  options: JpegCameraOptions,
  listener: UpstreamListener,
): CameraUpstream {
  const session = new JpegCameraSession(options, listener);
  session.connect();
  return session;
}

class JpegCameraSession implements CameraUpstream {
  private readonly port: number;
  private readonly backoff: Backoff;
  private readonly auth: Buffer;
  private socket: TLSSocket | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private live = false;
  private seq = 0;

  constructor(
    private readonly options: JpegCameraOptions,
    private readonly listener: UpstreamListener,
  ) {
    this.port = options.port ?? JPEG_CAMERA_PORT;
    this.backoff = new Backoff(options.backoff);
    this.auth = encodeJpegAuthPacket(options.accessCode);
  }

  connect(): void {
    if (this.closed) return;
    this.listener.onStatus({ state: 'connecting' });
    const target = { host: this.options.host, port: this.port, ...this.serialField() };
    const parser = new JpegFrameParser(
      this.options.maxFrameBytes === undefined ? {} : { maxFrameBytes: this.options.maxFrameBytes },
    );
    const socket = connect({
      host: target.host,
      port: target.port,
      ...printerTlsOptions(target.serial, this.options.tls),
    });
    this.socket = socket;
    let secured = false;
    let gotBytes = false;
    let badFrames = 0;
    let failure: CameraError | null = null;
    const fail = (err: CameraError): void => {
      failure ??= err;
      socket.destroy();
    };
    this.arm(this.options.connectTimeoutMs ?? 10_000, () =>
      fail(
        new CameraError(
          'unreachable',
          `${printerLabel(target)} camera (${target.host}:${target.port}): no TLS connection within ${Math.round((this.options.connectTimeoutMs ?? 10_000) / 1000)} s: check the IP address and that the printer is on`,
        ),
      ),
    );
    const stallMs = this.options.stallTimeoutMs ?? 20_000;
    const armStall = (): void =>
      this.arm(stallMs, () =>
        fail(
          new CameraError(
            'timeout',
            `${printerLabel(target)} camera sent no frame for ${Math.round(stallMs / 1000)} s; reconnecting (the printer may be busy, e.g. preparing a print or updating firmware)`,
          ),
        ),
      );
    socket.once('secureConnect', () => {
      secured = true;
      socket.write(this.auth);
      armStall();
    });
    socket.on('data', (chunk: Buffer) => {
      gotBytes = true;
      for (const event of parser.push(chunk)) {
        switch (event.type) {
          case 'frame':
            badFrames = 0;
            if (!this.live) {
              this.live = true;
              this.backoff.reset();
              this.listener.onStatus({ state: 'live' });
            }
            armStall();
            this.seq += 1;
            this.listener.onFrame({
              kind: 'jpeg',
              data: event.jpeg,
              seq: this.seq,
              receivedAt: Date.now(),
            });
            break;
          case 'too-large':
            fail(
              new CameraError(
                'frame-too-large',
                `${printerLabel(target)} camera announced a ${event.size}-byte frame, above the ${this.options.maxFrameBytes ?? 8 * 1024 * 1024}-byte limit; reconnecting`,
              ),
            );
            return;
          case 'bad-frame':
            badFrames += 1;
            if (badFrames > (this.options.maxBadFrames ?? 3)) {
              fail(
                new CameraError(
                  'protocol',
                  `${printerLabel(target)} camera sent ${badFrames} damaged frames in a row (no JPEG end marker); reconnecting`,
                ),
              );
              return;
            }
            break;
          case 'skipped':
            break;
          default:
            event satisfies never;
        }
      }
    });
    socket.on('error', (err) => {
      failure ??= cameraErrorFromSocket(err, target);
    });
    socket.once('close', () => {
      this.clearTimer();
      this.live = false;
      if (this.socket === socket) this.socket = null;
      if (this.closed) return;
      let error = failure;
      if (!error && secured && !gotBytes) {
        error = new CameraError(
          'auth-failed',
          `${printerLabel(target)} camera closed the stream right after login: check the LAN access code on the printer's screen; the printer may also be serving its maximum number of camera streams (close Bambu Studio/Handy viewers)`,
        );
      }
      error ??= new CameraError(
        'unreachable',
        `${printerLabel(target)} camera closed the connection; reconnecting`,
      );
      this.retry(error);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearTimer();
    this.socket?.destroy();
    this.socket = null;
    this.listener.onStatus({ state: 'closed' });
  }

  private retry(error: CameraError): void {
    if (this.options.retry === false) {
      this.closed = true;
      this.listener.onStatus({ state: 'closed', error });
      return;
    }
    const delay = error.code === 'auth-failed' ? this.backoff.max() : this.backoff.next();
    this.listener.onStatus({ state: 'retrying', error, retryInMs: delay });
    this.arm(delay, () => this.connect());
  }

  private arm(ms: number, fn: () => void): void {
    this.clearTimer();
    this.timer = setTimeout(fn, ms);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private serialField(): { serial?: string } {
    return this.options.serial ? { serial: this.options.serial } : {};
  }
}
