/**
 * The MQTT connection under a PrinterLink: one mqtt.js client per attempt (its own reconnect
 * is off), a connect timeout, capped backoff between attempts, and no retry after the broker
 * rejected the credentials.
 */
import { MqttClient } from 'mqtt';
import buildTlsStream from 'mqtt/lib/connect/tls';
import { Backoff } from '../util/backoff.ts';
import { connectionError, isAuthRefusal, unreachableMessage } from './connection-errors.ts';
import { buildClientOptions, reportTopic, requestTopic } from './connection-options.ts';
import type { LinkTarget, TlsTrust } from './connection-options.ts';
import type { IClientOptions } from 'mqtt';
import type { Duplex } from 'node:stream';
import { formatDuration, LinkError } from './link-error.ts';
import { PacketGuard, type PacketGuardStats } from './packet-guard.ts';

export interface ConnectionHandlers {
  /** A new attempt starts. */
  connecting(): void;
  /** CONNACK accepted. */
  connected(): void;
  /** The report topic is subscribed: time for the handshake requests. */
  subscribed(): void;
  payload(payload: Buffer): void;
  /** A PUBLISH over `maxPacketBytes` was skipped unread (remaining length, bytes). */
  oversized(bytes: number): void;
  /** The attempt failed or the connection was lost; a retry is scheduled. */
  lost(error: LinkError, wasConnected: boolean): void;
  /** Credentials rejected: no retry. */
  fatal(error: LinkError): void;
}

export interface ConnectionSettings {
  clientId: string;
  connectTimeoutMs: number;
  keepaliveSeconds: number;
  reconnect: { initialMs?: number; maxMs?: number };
  /** Largest MQTT packet read; longer PUBLISH packets are skipped before they are buffered. */
  maxPacketBytes: number;
}

type TlsStreamBuilder = (client: MqttClient, opts: IClientOptions) => Duplex;
// The module is CommonJS: its default export arrives as `.default` of the namespace.
const tlsStream = ((buildTlsStream as unknown as { default?: TlsStreamBuilder }).default ??
  buildTlsStream) as TlsStreamBuilder;

export class LinkConnection {
  private readonly serial: string;
  private readonly backoff: Backoff;
  private client: MqttClient | undefined;
  /** Incremented per attempt and on stop: events of older clients are ignored. */
  private generation = 0;
  private isConnected = false;
  private attemptError: LinkError | null = null;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private connectTimer: NodeJS.Timeout | undefined;
  /** Packets skipped by the guard, over every attempt. */
  readonly guardStats: PacketGuardStats = {
    skippedPackets: 0,
    skippedBytes: 0,
    largestForwarded: 0,
  };

  constructor(
    private readonly target: LinkTarget,
    private readonly tls: TlsTrust | undefined,
    private readonly settings: ConnectionSettings,
    private readonly on: ConnectionHandlers,
  ) {
    this.serial = target.serial;
    this.backoff = new Backoff(settings.reconnect);
  }

  /** CONNACK received and the connection not lost since. */
  get connected(): boolean {
    return this.isConnected;
  }

  start(): void {
    const gen = ++this.generation;
    this.attemptError = null;
    this.isConnected = false;
    this.on.connecting();
    const options = buildClientOptions(this.target, this.tls, {
      clientId: this.settings.clientId,
      keepaliveSeconds: this.settings.keepaliveSeconds,
      connectTimeoutMs: this.settings.connectTimeoutMs,
    });
    // mqtt.js's own TLS stream, read through the packet guard (what `connect()` builds, plus it).
    const client = new MqttClient((c) => this.guarded(c, options, gen), options);
    this.client = client;
    this.connectTimer = setTimeout(() => {
      if (gen !== this.generation || this.isConnected) return;
      const detail = `no answer within ${formatDuration(this.settings.connectTimeoutMs)}`;
      this.attemptError = new LinkError('unreachable', unreachableMessage(this.target, detail), {
        serial: this.serial,
      });
      client.end(true);
    }, this.settings.connectTimeoutMs + 500);
    client.on('connect', () => this.onConnack(gen, client));
    client.on('message', (_topic, payload) => {
      if (gen === this.generation) this.on.payload(payload);
    });
    client.on('error', (err) => this.onError(gen, client, err));
    client.on('close', () => this.onClose(gen));
  }

  private guarded(client: MqttClient, options: IClientOptions, gen: number): Duplex {
    const stats = this.guardStats;
    const guard = new PacketGuard(tlsStream(client, { ...options }), {
      maxPacketBytes: this.settings.maxPacketBytes,
      onSkip: (bytes) => {
        stats.skippedPackets++;
        stats.skippedBytes += bytes;
        if (gen === this.generation) this.on.oversized(bytes);
      },
    });
    guard.on('data', () => {
      stats.largestForwarded = Math.max(stats.largestForwarded, guard.stats.largestForwarded);
    });
    return guard;
  }

  /** Publishes on the request topic; false when not connected. */
  publish(payload: string, qos: 0 | 1): boolean {
    const client = this.client;
    if (!this.isConnected || client === undefined) return false;
    client.publish(requestTopic(this.serial), payload, { qos });
    return true;
  }

  /** Stops for good: no more events, no retry; sends DISCONNECT when connected. */
  async stop(): Promise<void> {
    const wasConnected = this.isConnected;
    this.invalidate();
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    // Mid-handshake a graceful end would let the CONNECT complete and hold one of the printer's few
    // sessions (an A1 has one); destroy the socket instead.
    if (wasConnected) await endClient(client);
    else await new Promise<void>((resolve) => client.end(true, {}, () => resolve()));
  }

  private invalidate(): void {
    this.generation += 1;
    this.isConnected = false;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.connectTimer);
  }

  private onError(gen: number, client: MqttClient, err: unknown): void {
    if (gen !== this.generation) return;
    const error = connectionError(this.target, err);
    if (isAuthRefusal(err)) {
      this.invalidate();
      client.end(true);
      this.on.fatal(error);
      return;
    }
    this.attemptError ??= error;
  }

  private onConnack(gen: number, client: MqttClient): void {
    if (gen !== this.generation) return;
    clearTimeout(this.connectTimer);
    this.isConnected = true;
    this.backoff.reset();
    this.on.connected();
    client.subscribe(reportTopic(this.serial), { qos: 0 }, (err, granted) => {
      if (gen !== this.generation) return;
      if (err || granted?.some((g) => g.qos === 128)) {
        this.attemptError = new LinkError(
          'wrong-serial',
          `printer refused the subscription to ${reportTopic(this.serial)}: check the serial number`,
          { serial: this.serial, cause: err ?? undefined },
        );
        client.end(true);
        return;
      }
      this.on.subscribed();
    });
  }

  private onClose(gen: number): void {
    if (gen !== this.generation) return;
    const wasConnected = this.isConnected;
    this.isConnected = false;
    clearTimeout(this.connectTimer);
    const error =
      this.attemptError ??
      new LinkError(
        'unreachable',
        wasConnected
          ? `connection to printer ${this.serial} was lost: reconnecting`
          : unreachableMessage(this.target, 'connection closed'),
        { serial: this.serial },
      );
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.client?.end(true);
      this.start();
    }, this.backoff.next());
    this.on.lost(error, wasConnected);
  }
}

/** Graceful MQTT DISCONNECT; forced after 2 s, and given up on after 3 s (never hangs). */
function endClient(client: MqttClient): Promise<void> {
  return new Promise<void>((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(force);
      clearTimeout(giveUp);
      resolve();
    };
    const force = setTimeout(() => client.end(true, {}, finish), 2000);
    const giveUp = setTimeout(finish, 3000);
    client.end(false, {}, finish);
  });
}
