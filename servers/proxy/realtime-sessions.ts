/**
 * The proxy's realtime endpoints (as in the seed project): a caller starts a time-limited cloud
 * MQTT session for one of its printers, then reads the latest merged report. Sessions belong to
 * the real token that started them, expire after `durationMs` and are capped in number.
 */
import type { CloudRegion } from '../../core/cloud/endpoints.ts';
import { PrinterLink } from '../../core/mqtt/printer-link.ts';
import type { LinkOptions, LinkStatus, TlsTrust } from '../../core/mqtt/printer-link.ts';
import { HttpError } from '../common/http-kit.ts';
import { MergedReport } from '../common/merged-report.ts';
import { AccountLookup, tokenKey } from './realtime-account.ts';

/** Options of {@link RealtimeSessions}. */
export interface RealtimeOptions {
  /** Cloud REST base, to learn the account's uid and its printers. */
  apiUrl: string;
  region: CloudRegion;
  /** Another cloud MQTT broker (the virtual cloud in tests). */
  mqtt?: { host: string; port: number } | undefined;
  tls?: TlsTrust | undefined;
  /** Session lifetime, ms (default 120000, the seed's 2 minutes). */
  durationMs?: number | undefined;
  /** Most sessions at once (default 50). */
  maxSessions?: number | undefined;
  /** How long `start` waits for the broker, ms (default 10000). */
  connectWaitMs?: number | undefined;
  /** Link tuning (tests shorten reconnect delays). */
  link?: Omit<LinkOptions, 'target' | 'tls' | 'now'> | undefined;
  now: () => number;
  log: (line: string) => void;
}

interface Session {
  readonly deviceId: string;
  readonly link: PrinterLink;
  readonly report: MergedReport;
  readonly startedAt: number;
  expiresAt: number;
}

/** Result of {@link RealtimeSessions.start}. */
export interface StartResult {
  status: 'started' | 'extended';
  device_id: string;
  expires_in: number;
  connected: boolean;
  message: string;
}

/** Result of {@link RealtimeSessions.read}. */
export type ReadResult =
  | { kind: 'none' }
  | { kind: 'expired' }
  | { kind: 'waiting'; sessionAgeMs: number; expiresInMs: number; status: LinkStatus }
  | {
      kind: 'data';
      print: Record<string, unknown>;
      updatedAt: number;
      expiresInMs: number;
      messageCount: number;
      status: LinkStatus;
    };

/** Live MQTT sessions opened through the proxy. */
export class RealtimeSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly account: AccountLookup;
  private readonly timer: NodeJS.Timeout;
  readonly durationMs: number;

  constructor(private readonly opts: RealtimeOptions) {
    this.durationMs = opts.durationMs ?? 120_000;
    this.account = new AccountLookup(opts.apiUrl);
    this.timer = setInterval(() => void this.sweep(), Math.min(30_000, this.durationMs));
    this.timer.unref();
  }

  get count(): number {
    return this.sessions.size;
  }

  /** Starts (or extends) the session of `deviceId` for the owner of `realToken`. */
  async start(realToken: string, deviceId: string): Promise<StartResult> {
    const key = sessionKey(realToken, deviceId);
    const now = this.opts.now();
    const existing = this.sessions.get(key);
    if (existing !== undefined && now < existing.expiresAt) {
      existing.expiresAt = now + this.durationMs;
      return this.result('extended', existing, 'existing session extended');
    }
    if (existing !== undefined) await this.end(key);
    if (this.sessions.size >= (this.opts.maxSessions ?? 50)) {
      throw new HttpError(
        503,
        'too-many-sessions',
        'the proxy already runs its maximum of realtime sessions: try again when one expires',
        { 'retry-after': String(Math.ceil(this.durationMs / 1000)) },
      );
    }
    const uid = await this.account.uid(realToken);
    await this.account.requireBound(realToken, deviceId);
    const link = new PrinterLink({
      ...this.opts.link,
      target: {
        kind: 'cloud',
        region: this.opts.region,
        uid,
        token: realToken,
        serial: deviceId,
        ...this.opts.mqtt,
      },
      ...(this.opts.tls === undefined ? {} : { tls: this.opts.tls }),
      now: this.opts.now,
    });
    const session: Session = {
      deviceId,
      link,
      report: new MergedReport(link, this.opts.now),
      startedAt: now,
      expiresAt: now + this.durationMs,
    };
    link.on('message', (m) => session.report.add(m));
    this.sessions.set(key, session);
    const status = await this.connect(link);
    if (status === 'auth-failed') {
      await this.end(key);
      throw new HttpError(
        502,
        'mqtt-auth-failed',
        'the cloud MQTT broker refused the token: log in again and update the proxy token file',
      );
    }
    this.opts.log(`realtime session started for ${deviceId}`);
    return this.result(
      'started',
      session,
      `MQTT monitoring started for ${this.durationMs / 1000} seconds`,
    );
  }

  /** The latest data of the caller's session for `deviceId`. */
  read(realToken: string, deviceId: string): ReadResult {
    const session = this.sessions.get(sessionKey(realToken, deviceId));
    if (session === undefined) return { kind: 'none' };
    const now = this.opts.now();
    if (now >= session.expiresAt) return { kind: 'expired' };
    const print = session.report.print;
    const updatedAt = session.report.updatedAt;
    if (print === null || updatedAt === null) {
      return {
        kind: 'waiting',
        sessionAgeMs: now - session.startedAt,
        expiresInMs: session.expiresAt - now,
        status: session.link.status,
      };
    }
    return {
      kind: 'data',
      print,
      updatedAt,
      expiresInMs: session.expiresAt - now,
      messageCount: session.report.messageCount,
      status: session.link.status,
    };
  }

  /** Every session, for the admin view (no tokens). */
  list(): Record<string, unknown>[] {
    const now = this.opts.now();
    return [...this.sessions.values()].map((s) => ({
      device_id: s.deviceId,
      status: s.link.status,
      message_count: s.report.messageCount,
      last_update: s.report.updatedAt === null ? null : new Date(s.report.updatedAt).toISOString(),
      has_data: s.report.print !== null,
      expires_in: Math.max(0, Math.round((s.expiresAt - now) / 1000)),
      session_age: Math.round((now - s.startedAt) / 1000),
    }));
  }

  /** Ends every session. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.sessions.keys()].map((k) => this.end(k)));
  }

  /** Ends expired sessions (also run by a timer). */
  async sweep(): Promise<void> {
    const now = this.opts.now();
    const expired = [...this.sessions].filter(([, s]) => now >= s.expiresAt).map(([k]) => k);
    await Promise.all(expired.map((k) => this.end(k)));
  }

  private async end(key: string): Promise<void> {
    const session = this.sessions.get(key);
    if (session === undefined) return;
    this.sessions.delete(key);
    await session.link.close();
    this.opts.log(`realtime session ended for ${session.deviceId}`);
  }

  private result(status: StartResult['status'], s: Session, message: string): StartResult {
    return {
      status,
      device_id: s.deviceId,
      expires_in: Math.round((s.expiresAt - this.opts.now()) / 1000),
      connected: s.link.status === 'online' || s.report.messageCount > 0,
      message,
    };
  }

  /** Waits until the link is online, refused, or the wait ends; returns the status then. */
  private connect(link: PrinterLink): Promise<LinkStatus> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        link.off('status', onStatus);
        resolve(link.status);
      };
      const onStatus = (status: LinkStatus) => {
        if (status === 'online' || status === 'auth-failed' || status === 'closed') done();
      };
      const timer = setTimeout(done, this.opts.connectWaitMs ?? 10_000);
      link.on('status', onStatus);
      link.connect();
    });
  }
}

function sessionKey(realToken: string, deviceId: string): string {
  return `${tokenKey(realToken)}:${deviceId}`;
}
