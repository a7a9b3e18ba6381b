import { type ChildProcess, spawn } from 'node:child_process';
import { Backoff } from '../util/backoff.ts';
import { CameraError, printerLabel } from './camera-error.ts';
import type {
  BackoffOptions,
  CameraTlsTrust,
  CameraUpstream,
  UpstreamListener,
} from './camera-types.ts';
import { locateFfmpeg } from './ffmpeg-locate.ts';
import { Mp4BoxSplitter } from './mp4-box-splitter.ts';
import { type RtspProxy, startRtspProxy } from './rtsp-auth-proxy.ts';
import { isLiveviewDisabled, liveviewDisabledError } from './rtsp-url.ts';

/** Where and how to reach an RTSPS camera (X1 family, H2, P2S, X2D). */
export interface RtspCameraOptions {
  readonly host: string;
  /** RTSPS port (default 322). */
  readonly port?: number;
  readonly serial?: string;
  /** Password of user `bblp`. Never passed to ffmpeg nor logged. */
  readonly accessCode: string;
  readonly tls?: CameraTlsTrust;
  /** ffmpeg executable; default: `ffmpeg` on PATH. */
  readonly ffmpegPath?: string;
  /** `ipcam.rtsp_url` from the printer's report: `disable` stops here with a clear message. */
  readonly reportedRtspUrl?: string | null;
  /** P2S firmware quirk: RTP timestamps do not advance, use the wall clock (camera.md §3.3). */
  readonly wallclockTimestamps?: boolean;
  /** Restart ffmpeg when no fragment arrived for this long, ms (default 30000: a fragment is a GOP). */
  readonly stallTimeoutMs?: number;
  readonly backoff?: BackoffOptions;
  /** Retry after failures (default true). */
  readonly retry?: boolean;
}

/**
 * Streams an RTSPS camera as fragmented MP4 without re-encoding: ffmpeg copies the H.264 stream
 * (`-c copy`) into fMP4 fragments that start at key frames, for Media Source Extensions. ffmpeg reads
 * from a local proxy that holds the credentials and TLS. Restarts ffmpeg with backoff on failure.
 */
export function openRtspCamera(
  options: RtspCameraOptions,
  listener: UpstreamListener,
): CameraUpstream {
  const session = new RtspCameraSession(options, listener);
  void session.start();
  return session;
}

class RtspCameraSession implements CameraUpstream {
  private readonly backoff: Backoff;
  private readonly target: { host: string; serial?: string };
  private proxy: RtspProxy | null = null;
  private child: ChildProcess | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Between `start()` and the proxy being up (or failing): `close()` leaves the cleanup to start. */
  private starting = true;
  private finished = false;
  private live = false;
  private seq = 0;
  private problem: CameraError | null = null;

  constructor(
    private readonly options: RtspCameraOptions,
    private readonly listener: UpstreamListener,
  ) {
    this.backoff = new Backoff(options.backoff);
    this.target = { host: options.host, ...(options.serial ? { serial: options.serial } : {}) };
  }

  async start(): Promise<void> {
    this.listener.onStatus({ state: 'connecting' });
    if (isLiveviewDisabled(this.options.reportedRtspUrl))
      return this.finish(liveviewDisabledError(this.target));
    let ffmpeg: string;
    try {
      ffmpeg = await locateFfmpeg(this.options.ffmpegPath);
      if (this.closed) return this.finish();
      this.proxy = await startRtspProxy({
        host: this.options.host,
        ...(this.options.port === undefined ? {} : { port: this.options.port }),
        ...(this.options.serial ? { serial: this.options.serial } : {}),
        accessCode: this.options.accessCode,
        ...(this.options.tls ? { tls: this.options.tls } : {}),
        onProblem: (err) => (this.problem ??= err),
      });
    } catch (err) {
      return this.finish(
        this.closed
          ? undefined
          : err instanceof CameraError
            ? err
            : new CameraError('ffmpeg-failed', String(err)),
      );
    }
    if (this.closed) return this.finish();
    this.starting = false;
    this.spawn(ffmpeg);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearTimer();
    // start() is still awaiting ffmpeg's path or the proxy: it finishes (and closes the proxy).
    if (this.starting) return;
    if (this.child && this.child.exitCode === null) {
      this.child.kill('SIGTERM');
      const child = this.child;
      const force = setTimeout(() => child.kill('SIGKILL'), 2000);
      child.once('close', () => clearTimeout(force));
    } else {
      this.finish();
    }
  }

  private spawn(ffmpeg: string): void {
    const proxy = this.proxy;
    if (this.closed || !proxy) return this.finish();
    this.problem = null;
    const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-rtsp_transport', 'tcp'];
    // Larger probe than ffmpeg's minimum: P2S sends its first key frame late (camera.md §3.3).
    args.push('-probesize', '1000000', '-analyzeduration', '500000');
    if (this.options.wallclockTimestamps) args.push('-use_wallclock_as_timestamps', '1');
    const url = proxy.issueUrl();
    args.push('-i', url, '-map', '0:v:0', '-c', 'copy', '-an', '-f', 'mp4');
    args.push('-movflags', 'empty_moov+default_base_moof+frag_keyframe', 'pipe:1');
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const splitter = new Mp4BoxSplitter();
    let stderr = '';
    const stallMs = this.options.stallTimeoutMs ?? 30_000;
    const armStall = (): void =>
      this.arm(stallMs, () => {
        this.problem ??= new CameraError(
          'timeout',
          `${printerLabel(this.target)} camera sent no video for ${Math.round(stallMs / 1000)} s; restarting`,
        );
        child.kill('SIGKILL');
      });
    armStall();
    child.stdout?.on('data', (chunk: Buffer) => {
      let segments;
      try {
        segments = splitter.push(chunk);
      } catch (err) {
        this.problem ??= new CameraError(
          'protocol',
          `ffmpeg produced invalid MP4 (${(err as Error).message})`,
        );
        child.kill('SIGKILL');
        return;
      }
      for (const segment of segments) {
        if (this.closed) return;
        if (segment.kind === 'fragment') {
          armStall();
          if (!this.live) {
            this.live = true;
            this.backoff.reset();
            this.listener.onStatus({ state: 'live' });
          }
        }
        this.seq += 1;
        this.listener.onFrame({
          kind: segment.kind === 'init' ? 'mp4-init' : 'mp4-fragment',
          data: segment.data,
          seq: this.seq,
          receivedAt: Date.now(),
        });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    child.once('error', (err) => {
      this.problem ??= new CameraError('ffmpeg-failed', `could not start ffmpeg (${err.message})`);
    });
    child.once('close', (code) => {
      this.clearTimer();
      this.child = null;
      this.live = false;
      if (this.closed) return this.finish();
      // Neither the access code nor the proxy's one-time URL goes into messages.
      const lastLine = stderr.trim().split('\n').pop() ?? '';
      const detail = redact(lastLine.split(url).join('the local proxy'), this.options.accessCode);
      const error =
        this.problem ??
        new CameraError(
          'ffmpeg-failed',
          `ffmpeg stopped reading the camera of ${printerLabel(this.target)} (exit ${code ?? 'signal'}${detail ? `: ${detail}` : ''})`,
        );
      if (this.options.retry === false || error.code === 'liveview-disabled')
        return this.finish(error);
      const delay = error.code === 'auth-failed' ? this.backoff.max() : this.backoff.next();
      this.listener.onStatus({ state: 'retrying', error, retryInMs: delay });
      this.arm(delay, () => this.spawn(ffmpeg));
    });
  }

  private finish(error?: CameraError): void {
    if (this.finished) return;
    this.finished = true;
    this.starting = false;
    this.closed = true;
    this.clearTimer();
    const proxy = this.proxy;
    this.proxy = null;
    const done = (): void =>
      this.listener.onStatus(error ? { state: 'closed', error } : { state: 'closed' });
    if (proxy) void proxy.close().then(done, done);
    else done();
  }

  private arm(ms: number, fn: () => void): void {
    this.clearTimer();
    this.timer = setTimeout(fn, ms);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

function redact(text: string, secret: string): string {
  return secret.length >= 3 ? text.split(secret).join('***') : text;
}
