/**
 * One cloud MQTT connection per Bambu account, serving all its printers: `u_<uid>` + token,
 * one subscription per serial (`device/<serial>/report`, no wildcards), the broker's
 * `client.connected`/`client.disconnected` events marking printers online/offline, and the same
 * normalized `PrinterState` as the LAN link (shared merge + normalize, via core/mqtt's keeper).
 */
import { connect as mqttConnect, type MqttClient } from 'mqtt';
import type { PrinterState } from '../../shared/printer-state.ts';
import { isRawObject } from '../../shared/raw-report.ts';
import { buildGetVersion, buildPushall } from '../mqtt/command-builders.ts';
import {
  buildClientOptions,
  defaultClientId,
  reportTopic,
  requestTopic,
  type TlsTrust,
} from '../mqtt/connection-options.ts';
import { isAuthRefusal } from '../mqtt/connection-errors.ts';
import { decodeMessage } from '../mqtt/message-decoder.ts';
import { StateKeeper } from '../mqtt/state-keeper.ts';
import { TypedEmitter } from '../util/typed-emitter.ts';
import { CloudError } from './cloud-errors.ts';
import { resolveEndpoints, type CloudRegion } from './endpoints.ts';
import { parseMqttUrl } from './mqtt-url.ts';

export interface CloudMqttOptions {
  /** Numeric user id, or the username `u_<uid>`. */
  uid: string | number;
  /** Access token (the MQTT password). Secret. */
  token: string;
  /** Printers to follow from the start; more with `addPrinter`. */
  serials?: readonly string[];
  region?: CloudRegion;
  /** Another broker, `mqtts://host:port` (the virtual cloud). */
  mqttUrl?: string;
  /** CA to trust instead of the system's (the virtual cloud's certificate), or insecure. */
  tls?: TlsTrust;
  clientId?: string;
  /** TCP + TLS + CONNACK budget, ms (default 10000). */
  connectTimeoutMs?: number;
  /** Delay between reconnect attempts, ms (default 5000). */
  reconnectMs?: number;
}

/** `connected`: the broker accepted us; `auth-failed`: it refused the uid/token (no retry). */
export type CloudMqttStatus =
  'connecting' | 'connected' | 'disconnected' | 'auth-failed' | 'closed';

export interface CloudMqttEvents {
  /** After every merged report and online change of one printer. */
  state: [serial: string, state: PrinterState];
  /** A printer came online or went offline (broker event, first report, or our connection). */
  online: [serial: string, online: boolean];
  status: [status: CloudMqttStatus, error: CloudError | null];
  /** Every parsed message on a printer's report topic (replies and events included). */
  message: [serial: string, message: Record<string, unknown>];
}

interface Printer {
  readonly keeper: StateKeeper;
  online: boolean;
}

/** The account's cloud MQTT session. */
export class CloudMqttConnection extends TypedEmitter<CloudMqttEvents> {
  readonly username: string;
  readonly #opts: CloudMqttOptions;
  readonly #printers = new Map<string, Printer>();
  #client: MqttClient | null = null;
  #status: CloudMqttStatus = 'disconnected';
  #seq = 1;

  constructor(opts: CloudMqttOptions) {
    super();
    this.#opts = opts;
    const uid = String(opts.uid).replace(/^u_/, '');
    if (!/^\d+$/.test(uid)) throw new TypeError('uid must be the numeric Bambu user id');
    this.username = `u_${uid}`;
    for (const s of opts.serials ?? []) this.#printers.set(s, this.#newPrinter(s));
  }

  get status(): CloudMqttStatus {
    return this.#status;
  }

  /** Serials followed. */
  get serials(): string[] {
    return [...this.#printers.keys()];
  }

  /** Last state of `serial`, null before its first report. */
  state(serial: string): PrinterState | null {
    return this.#printers.get(serial)?.keeper.state ?? null;
  }

  isOnline(serial: string): boolean {
    return this.#printers.get(serial)?.online ?? false;
  }

  /**
   * Connects; resolves once the broker accepted the login. Rejects with `unauthorized` when it
   * refuses the uid/token, `network`/`timeout` when the first attempt fails (it keeps retrying
   * in the background until `close()` in that case).
   */
  connect(): Promise<void> {
    if (this.#client !== null) throw new Error('connect() was already called');
    const endpoints = resolveEndpoints({
      ...(this.#opts.region === undefined ? {} : { region: this.#opts.region }),
      ...(this.#opts.mqttUrl === undefined ? {} : { mqttUrl: this.#opts.mqttUrl }),
    });
    const { host, port } = parseMqttUrl(endpoints.mqttUrl);
    const options = buildClientOptions(
      {
        kind: 'cloud',
        region: endpoints.region,
        uid: this.username.slice(2),
        token: this.#opts.token,
        serial: '',
        host,
        port,
      },
      this.#opts.tls,
      {
        clientId: this.#opts.clientId ?? defaultClientId(),
        keepaliveSeconds: 60,
        connectTimeoutMs: this.#opts.connectTimeoutMs ?? 10_000,
      },
    );
    options.reconnectPeriod = this.#opts.reconnectMs ?? 5_000;
    this.#setStatus('connecting', null);
    const client = mqttConnect(options);
    this.#client = client;
    return new Promise<void>((resolve, reject) => {
      let first = true;
      const budget = (this.#opts.connectTimeoutMs ?? 10_000) + 2_000;
      const timer = setTimeout(() => {
        if (!first) return;
        first = false;
        reject(new CloudError('timeout', `no answer from the cloud MQTT broker ${host}:${port}`));
      }, budget);
      timer.unref();
      client.on('connect', () => {
        first = false;
        clearTimeout(timer);
        this.#setStatus('connected', null);
        for (const serial of this.#printers.keys()) this.#subscribe(serial);
        resolve();
      });
      client.on('message', (topic, payload) => this.#onMessage(topic, payload));
      client.on('close', () => {
        for (const serial of this.#printers.keys()) this.#setOnline(serial, false);
        if (this.#status === 'connected' || this.#status === 'connecting') {
          this.#setStatus('disconnected', null);
        }
      });
      client.on('error', (err) => {
        const error = this.#classify(err, host, port);
        if (error.code === 'unauthorized') {
          client.end(true);
          this.#setStatus('auth-failed', error);
        } else {
          this.#setStatus('disconnected', error);
        }
        if (first) {
          first = false;
          clearTimeout(timer);
          reject(error);
        }
      });
    });
  }

  /** Follows one more printer (subscribes and asks for a full report when connected). */
  addPrinter(serial: string): void {
    if (this.#printers.has(serial)) return;
    this.#printers.set(serial, this.#newPrinter(serial));
    if (this.#client?.connected === true) this.#subscribe(serial);
  }

  removePrinter(serial: string): void {
    if (!this.#printers.delete(serial)) return;
    this.#client?.unsubscribe(reportTopic(serial));
  }

  /** Publishes a command on `device/<serial>/request`. */
  async publish(serial: string, payload: Record<string, unknown>, qos: 0 | 1 = 0): Promise<void> {
    const client = this.#client;
    if (client?.connected !== true) {
      throw new CloudError('network', 'not connected to the cloud MQTT broker: connect first');
    }
    await client.publishAsync(requestTopic(serial), JSON.stringify(payload), { qos });
  }

  /** Asks `serial` for a full report. */
  pushall(serial: string): Promise<void> {
    return this.publish(serial, buildPushall(String(this.#seq++)).payload);
  }

  /** Resolves with the first state of `serial` that satisfies `test`. */
  waitForState(
    serial: string,
    test: (s: PrinterState) => boolean,
    timeoutMs: number,
  ): Promise<PrinterState> {
    const now = this.state(serial);
    if (now !== null && test(now)) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const onState = (s: string, state: PrinterState) => {
        if (s !== serial || !test(state)) return;
        clearTimeout(timer);
        this.off('state', onState);
        resolve(state);
      };
      const timer = setTimeout(() => {
        this.off('state', onState);
        reject(
          new CloudError(
            'timeout',
            `no report from printer ${serial} through the cloud within ${Math.round(timeoutMs / 1000)} s: is it online?`,
          ),
        );
      }, timeoutMs);
      this.on('state', onState);
    });
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    if (client !== null) await client.endAsync(true);
    this.#setStatus('closed', null);
  }

  #newPrinter(serial: string): Printer {
    return { keeper: new StateKeeper(serial), online: false };
  }

  #subscribe(serial: string): void {
    const client = this.#client;
    if (client === null) return;
    this.#printers.get(serial)?.keeper.resetBase();
    client.subscribe(reportTopic(serial), { qos: 0 }, (err) => {
      if (err !== null && err !== undefined) return;
      this.#request(serial);
    });
  }

  #request(serial: string): void {
    const client = this.#client;
    if (client?.connected !== true) return;
    for (const cmd of [buildGetVersion(String(this.#seq++)), buildPushall(String(this.#seq++))]) {
      client.publish(requestTopic(serial), JSON.stringify(cmd.payload), { qos: cmd.qos });
    }
  }

  #onMessage(topic: string, payload: Buffer): void {
    const serial = /^device\/([^/]+)\/report$/.exec(topic)?.[1];
    const printer = serial === undefined ? undefined : this.#printers.get(serial);
    if (serial === undefined || printer === undefined) return;
    const decoded = decodeMessage(payload);
    if (!decoded.ok) return;
    const message = decoded.message;
    this.emit('message', serial, message);
    const event = message['event'];
    if (isRawObject(event)) {
      if (event['event'] === 'client.connected') {
        this.#setOnline(serial, true);
        // ha-bambulab: the printer came back, its state must be rebuilt from a full report.
        printer.keeper.resetBase();
        this.#request(serial);
      } else if (event['event'] === 'client.disconnected') {
        this.#setOnline(serial, false);
      }
      return;
    }
    // The same merge path as the LAN link: partial reports merge, only `msg` 0 replaces.
    const { report, changed } = printer.keeper.ingest(message, Date.now());
    if (report !== null && !printer.online) this.#setOnline(serial, true);
    else if (changed) this.#emitState(serial, printer);
  }

  #setOnline(serial: string, online: boolean): void {
    const printer = this.#printers.get(serial);
    if (printer === undefined || printer.online === online) return;
    printer.online = online;
    printer.keeper.setOnline(online);
    this.emit('online', serial, online);
    this.#emitState(serial, printer);
  }

  #emitState(serial: string, printer: Printer): void {
    const state = printer.keeper.state;
    if (state !== null) this.emit('state', serial, state);
  }

  #setStatus(status: CloudMqttStatus, error: CloudError | null): void {
    if (this.#status === status && error === null) return;
    if (this.#status === 'closed' || (this.#status === 'auth-failed' && status !== 'closed'))
      return;
    this.#status = status;
    this.emit('status', status, error);
  }

  #classify(err: unknown, host: string, port: number): CloudError {
    if (isAuthRefusal(err)) {
      return new CloudError(
        'unauthorized',
        `the cloud MQTT broker refused ${this.username}: the token expired or belongs to another account; run bambu-login again`,
      );
    }
    const code =
      typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : 'error';
    if (/timeout/i.test(err instanceof Error ? err.message : '')) {
      return new CloudError('timeout', `no answer from the cloud MQTT broker ${host}:${port}`);
    }
    return new CloudError(
      'network',
      `cannot reach the cloud MQTT broker ${host}:${port} (${code}): check the internet connection`,
    );
  }
}
