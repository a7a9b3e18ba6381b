/**
 * One MQTT session with one printer (local broker or Bambu cloud): connects, keeps a merged
 * state, reconnects with backoff, sends commands and matches their replies (mqtt.md).
 */
import type { ReportDropReason, ReportDrops } from '../../shared/contract/farm-schemas.ts';
import type { PrinterState } from '../../shared/printer-state.ts';
import { isRawObject } from '../../shared/raw-report.ts';
import type { RawObject } from '../../shared/raw-report.ts';
import { parseVersionInfo } from '../../shared/version-info.ts';
import type { VersionInfo } from '../../shared/version-info.ts';
import * as cmd from './command-builders.ts';
import type { BuiltCommand } from './command-builders.ts';
import { defaultClientId } from './connection-options.ts';
import type { LinkTarget, TlsTrust } from './connection-options.ts';
import { LinkCommands } from './link-commands.ts';
import { LinkConnection } from './link-connection.ts';
import {
  commandTimeout,
  controlRefused,
  formatDuration,
  LinkError,
  linkClosed,
  notConnected,
} from './link-error.ts';
import { decodeMessage, DEFAULT_MAX_MESSAGE_BYTES } from './message-decoder.ts';
import { PushallGate } from './pushall-gate.ts';
import { ReplyTracker } from './reply-tracker.ts';
import type { CommandReply } from './reply-tracker.ts';
import { SilenceWatch } from './silence-watch.ts';
import { StateKeeper } from './state-keeper.ts';
import { StateWaiters } from './state-waiters.ts';

export { LinkError } from './link-error.ts';
export type { LinkErrorCode } from './link-error.ts';
export type { LinkTarget, TlsTrust } from './connection-options.ts';
export type { CommandReply } from './reply-tracker.ts';
export type { ProjectFileOptions } from './command-builders.ts';

export interface LinkOptions {
  target: LinkTarget;
  tls?: TlsTrust;
  /** No message for this long ⇒ printer offline, ms (default 30000, Studio's value). */
  silenceTimeoutMs?: number;
  /** Wait for a command reply, ms (default 10000). */
  commandTimeoutMs?: number;
  /** Wait for TCP + TLS + CONNACK, ms (default 10000). */
  connectTimeoutMs?: number;
  /** Largest accepted message, bytes (default 2 MiB); larger ones are skipped. */
  maxMessageBytes?: number;
  /** Reconnect delays, ms (defaults 1000 and 30000; jittered). */
  reconnect?: { initialMs?: number; maxMs?: number };
  /** MQTT client id (default `farmdeck-<random>`). */
  clientId?: string;
  /** Clock for `updatedAt` and rate limits, ms since epoch (default Date.now). */
  now?: () => number;
}

/**
 * - `connecting`: a connection attempt is running.
 * - `online`: connected and the printer talks.
 * - `offline`: not connected (retrying with backoff, also after TLS failures), or connected
 *   but the printer is silent / reported offline by the cloud broker.
 * - `auth-failed`: credentials rejected; the link stopped (no retry loop).
 * - `closed`: `close()` was called.
 */
export type LinkStatus = 'connecting' | 'online' | 'offline' | 'auth-failed' | 'closed';

export interface LinkEvents {
  /** After every merged status report, version update and online/offline change. */
  state: [state: PrinterState];
  status: [status: LinkStatus, error: LinkError | null];
  /** Every parsed message, replies included. */
  message: [message: Record<string, unknown>];
  /** Non-fatal: a report was dropped (malformed, oversized, over the state caps): why, and what. */
  problem: [error: LinkError, reason: ReportDropReason];
}

const KEEPALIVE_SECONDS = 30;
const PUSHING_START_MIN_INTERVAL_MS = 15_000;
/** How long `waitForState` waits for the `get_version` reply once the full report is in. */
const VERSION_GRACE_MS = 3_000;

export class PrinterLink extends LinkCommands<LinkEvents> {
  readonly serial: string;
  private readonly isCloud: boolean;
  private readonly commandMs: number;
  private readonly connectMs: number;
  private readonly maxBytes: number;
  private readonly now: () => number;
  private readonly connection: LinkConnection;
  private readonly keeper: StateKeeper;
  private readonly tracker: ReplyTracker;
  private readonly pushallGate: PushallGate;
  private readonly silence: SilenceWatch;
  private readonly waiters: StateWaiters;
  private started = false;
  private versionGrace: NodeJS.Timeout | null = null;
  private lastPushingStart = -Infinity;
  private sequence = 0;
  private currentStatus: LinkStatus = 'offline';
  private error: LinkError | null = null;
  private readonly silenceMs: number;
  private readonly drops: ReportDrops = {
    oversized: 0,
    malformed: 0,
    'too-many-keys': 0,
    'too-large': 0,
  };

  constructor(options: LinkOptions) {
    super();
    this.serial = options.target.serial;
    this.isCloud = options.target.kind === 'cloud';
    this.commandMs = options.commandTimeoutMs ?? 10_000;
    this.connectMs = options.connectTimeoutMs ?? 10_000;
    this.maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.now = options.now ?? Date.now;
    this.keeper = new StateKeeper(this.serial);
    this.tracker = new ReplyTracker(this.serial);
    this.waiters = new StateWaiters(this.serial);
    this.pushallGate = new PushallGate(
      this.serial,
      () => this.publish(cmd.buildPushall(this.nextSequence())),
      this.now,
    );
    this.silenceMs = options.silenceTimeoutMs ?? 30_000;
    this.silence = new SilenceWatch(this.silenceMs, () => this.onSilence());
    this.connection = new LinkConnection(
      options.target,
      options.tls,
      {
        clientId: options.clientId ?? defaultClientId(),
        connectTimeoutMs: this.connectMs,
        keepaliveSeconds: KEEPALIVE_SECONDS,
        reconnect: options.reconnect ?? {},
        // Room for the fixed header, topic and packet id around a payload of maxBytes.
        maxPacketBytes: this.maxBytes + 1024,
      },
      {
        connecting: () => this.setStatus('connecting', null),
        connected: () => this.onConnected(),
        subscribed: () => {
          this.requestVersionQuietly();
          this.pushallGate.request();
        },
        payload: (payload) => this.onPayload(payload),
        oversized: (bytes) => this.dropped('oversized', bytes),
        lost: (error) => this.onLost(error),
        fatal: (error) => {
          this.stopEverything(error);
          this.setStatus('auth-failed', error);
        },
      },
    );
  }

  get status(): LinkStatus {
    return this.currentStatus;
  }

  /** Last normalized state (kept, with `online: false`, while disconnected); null before any. */
  get state(): PrinterState | null {
    return this.keeper.state;
  }

  /** The error behind the current status, or the last connection error; null when none. */
  get lastError(): LinkError | null {
    return this.error;
  }

  /**
   * The printer's merged `print` object as on the wire (the legacy status, e.g. for the
   * compatibility server), kept while offline; null before the first full report.
   */
  get report(): Readonly<RawObject> | null {
    return this.keeper.print ?? null;
  }

  /** Reports dropped since the link was made, by reason (copy). */
  get reportDrops(): ReportDrops {
    return { ...this.drops };
  }

  /** Bytes and packets the packet guard skipped before mqtt.js could buffer them. */
  get guardStats(): Readonly<{
    skippedPackets: number;
    skippedBytes: number;
    largestForwarded: number;
  }> {
    return { ...this.connection.guardStats };
  }

  /** Version info from the last `get_version` reply, null before one arrived. */
  get version(): VersionInfo | null {
    return this.keeper.versionInfo;
  }

  /** Starts connecting; the link then reconnects by itself until `close()` or an auth failure. */
  connect(): void {
    if (this.started || this.currentStatus === 'closed') return;
    this.started = true;
    this.connection.start();
  }

  /**
   * Resolves with the first full state (after `pushall`), at once if there is one. Rejects
   * with the LinkError of the first failed connection attempt, or `timeout` after `timeoutMs`
   * (default: connect timeout + command timeout). Starts the link if `connect()` was not called.
   */
  waitForState(timeoutMs: number = this.connectMs + this.commandMs): Promise<PrinterState> {
    if (this.currentStatus === 'closed') return Promise.reject(linkClosed(this.serial));
    const state = this.keeper.state;
    if (state !== null && this.keeper.hasFullReport && this.keeper.versionInfo !== null) {
      return Promise.resolve(state);
    }
    if (this.currentStatus === 'auth-failed' && this.error !== null) {
      return Promise.reject(this.error);
    }
    const promise = this.waiters.add(timeoutMs);
    this.connect();
    this.resolveWaitersWhenReady();
    return promise;
  }

  /** Closes the session (MQTT DISCONNECT); pending commands reject with `closed`. */
  async close(): Promise<void> {
    if (this.currentStatus === 'closed') return;
    this.stopEverything(linkClosed(this.serial));
    this.setStatus('closed', null);
    await this.connection.stop();
  }

  /** Requests a full report; resolves when the next one arrives (rate-limited to one per 3 s). */
  pushall(): Promise<void> {
    if (!this.connection.connected) return Promise.reject(notConnected(this.serial, 'pushall'));
    return this.pushallGate.waitForFullReport(this.commandMs);
  }

  /** Firmware and modules (`info.get_version`); the result is also applied to the state. */
  async getVersion(): Promise<VersionInfo> {
    const reply = await this.run((seq) => cmd.buildGetVersion(seq));
    const version = parseVersionInfo(reply.raw);
    this.applyVersion(version);
    return version;
  }

  // ---- session ----

  private onConnected(): void {
    this.keeper.resetBase();
    this.silence.touch();
    // A local broker is the printer itself; through the cloud, wait for the printer to talk.
    if (!this.isCloud) this.markOnline();
  }

  private onLost(error: LinkError): void {
    this.silence.stop();
    this.tracker.rejectAll(
      new LinkError(
        'not-connected',
        `connection to printer ${this.serial} was lost before it answered: ` +
          `the command may or may not have been applied`,
        { serial: this.serial, sent: true },
      ),
    );
    this.waiters.rejectAll(error);
    if (this.keeper.setOnline(false)) this.emitState();
    this.setStatus('offline', error);
  }

  /** Stops the watches and rejects everything pending (close, auth failure). */
  private stopEverything(error: LinkError): void {
    this.clearVersionGrace();
    this.silence.stop();
    this.tracker.rejectAll(error);
    this.pushallGate.cancel(error);
    this.waiters.rejectAll(error);
    if (this.keeper.setOnline(false)) this.emitState();
  }

  private setStatus(status: LinkStatus, error: LinkError | null): void {
    if (error !== null) this.error = error;
    if (status === 'online') this.error = null;
    if (status === this.currentStatus && error === null) return;
    this.currentStatus = status;
    this.emit('status', status, error);
  }

  private markOnline(): void {
    if (this.keeper.setOnline(true)) this.emitState();
    if (this.currentStatus !== 'online') this.setStatus('online', null);
  }

  private markOffline(error: LinkError | null = null): void {
    if (this.keeper.setOnline(false)) this.emitState();
    if (this.currentStatus !== 'offline') this.setStatus('offline', error);
  }

  /** No message for a silence window: offline, then ask for pushes again (mqtt.md section 2). */
  private onSilence(): void {
    if (!this.connection.connected) return;
    this.markOffline(
      new LinkError(
        'timeout',
        `printer ${this.serial} sent nothing for ${formatDuration(this.silenceMs)} although connected: asking it to report again`,
        { serial: this.serial },
      ),
    );
    const now = this.now();
    if (now - this.lastPushingStart >= PUSHING_START_MIN_INTERVAL_MS) {
      this.lastPushingStart = now;
      this.publish(cmd.buildPushingStart(this.nextSequence()));
    }
    this.pushallGate.request();
  }

  // ---- messages ----

  private onPayload(payload: Buffer): void {
    const decoded = decodeMessage(payload, this.maxBytes);
    if (!decoded.ok) {
      this.dropped(decoded.reason, decoded.bytes);
      return;
    }
    const message = decoded.message;
    if (this.handleBrokerEvent(message)) return;
    this.silence.touch();
    this.markOnline();
    this.emit('message', message);
    this.tracker.handle(message);
    const hadSignatureHms = this.keeper.signatureHms();
    const { report, version, changed } = this.keeper.ingest(message, this.now());
    if (report?.overCap) this.dropped(report.overCap, 0);
    if (changed) this.emitState();
    if (report?.full === true && this.keeper.state !== null) this.pushallGate.fullReport();
    if (report?.full === true || version !== null) this.resolveWaitersWhenReady();
    if (report?.modulesChanged === true) this.requestVersionQuietly();
    // The printer raised "MQTT command verification failed": its pending control commands lost.
    if (!hadSignatureHms && this.keeper.signatureHms()) {
      this.tracker.rejectAll(controlRefused(this.serial), (cls) => cls === 'print');
    }
  }

  /** A report was dropped: counted by reason and told as a `problem`; the printer still talks. */
  private dropped(reason: ReportDropReason, bytes: number): void {
    this.drops[reason]++;
    this.silence.touch();
    this.markOnline();
    const s = this.serial;
    const [code, message] =
      reason === 'oversized'
        ? ([
            'oversized-message',
            `printer ${s} sent a ${bytes}-byte message, over the ${this.maxBytes}-byte limit: skipped`,
          ] as const)
        : reason === 'malformed'
          ? ([
              'malformed-message',
              `printer ${s} sent a message that is not a JSON object (${bytes} bytes): skipped`,
            ] as const)
          : ([
              'oversized-message',
              `printer ${s} sent a report that would make its state ${reason === 'too-many-keys' ? 'hold more keys' : 'larger'} than any printer's: skipped`,
            ] as const);
    this.emit('problem', new LinkError(code, message, { serial: s }), reason);
  }

  /** Cloud broker events about the printer's own connection (mqtt.md section 2). */
  private handleBrokerEvent(message: Record<string, unknown>): boolean {
    const event = message['event'];
    if (!isRawObject(event) || Object.keys(message).length !== 1) return false;
    this.emit('message', message);
    if (event['event'] === 'client.disconnected') this.markOffline();
    if (event['event'] === 'client.connected') {
      this.silence.touch();
      this.markOnline();
      this.keeper.resetBase();
      this.requestVersionQuietly();
      this.pushallGate.request();
    }
    return true;
  }

  private applyVersion(version: VersionInfo): void {
    if (this.keeper.setVersion(version)) this.emitState();
    this.resolveWaitersWhenReady();
  }

  /**
   * The printer is ready once both the full report and the `get_version` reply are in (mqtt.md
   * section 2); a printer that never answers `get_version` is ready a short grace after the report.
   */
  private resolveWaitersWhenReady(): void {
    const state = this.keeper.state;
    if (state === null || !this.keeper.hasFullReport) return;
    if (this.keeper.versionInfo !== null) {
      this.clearVersionGrace();
      this.waiters.resolveAll(state);
      return;
    }
    this.versionGrace ??= setTimeout(() => {
      this.versionGrace = null;
      const current = this.keeper.state;
      if (current !== null) this.waiters.resolveAll(current);
    }, VERSION_GRACE_MS);
  }

  private clearVersionGrace(): void {
    if (this.versionGrace !== null) clearTimeout(this.versionGrace);
    this.versionGrace = null;
  }

  private emitState(): void {
    const state = this.keeper.state;
    if (state !== null) this.emit('state', state);
  }

  // ---- commands ----

  protected run(make: (seq: string) => BuiltCommand): Promise<CommandReply> {
    if (this.currentStatus === 'closed') return Promise.reject(linkClosed(this.serial));
    let command: BuiltCommand;
    try {
      command = make(this.nextSequence());
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    if (!this.connection.connected)
      return Promise.reject(notConnected(this.serial, command.command));
    const reply = this.tracker.expect({
      cls: command.cls,
      command: command.command,
      sequenceId: command.sequenceId,
      timeoutMs: this.commandMs,
      // Signing firmware may ignore an unsigned command: a silence is a refusal then.
      onTimeout: () =>
        command.control && this.keeper.requiresSignature()
          ? controlRefused(this.serial, command.command)
          : commandTimeout(this.serial, command.command, this.commandMs),
    });
    this.publish(command);
    return reply;
  }

  protected trayNow(): number | null {
    return this.keeper.trayNow();
  }

  protected hasSecondChamberLight(): boolean {
    return this.keeper.hasSecondChamberLight();
  }

  private requestVersionQuietly(): void {
    this.getVersion().catch(() => undefined);
  }

  private publish(command: BuiltCommand): boolean {
    return this.connection.publish(JSON.stringify(command.payload), command.qos);
  }

  /** String sequence ids from a per-link counter, skipping Studio's 20000-29999. */
  private nextSequence(): string {
    this.sequence += 1;
    if (this.sequence >= 20_000 && this.sequence < 30_000) this.sequence = 30_000;
    if (this.sequence > 999_999_999) this.sequence = 1;
    return String(this.sequence);
  }
}
