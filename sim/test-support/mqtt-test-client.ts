import mqtt, { type MqttClient } from 'mqtt';
import type { VirtualPrinter } from '../virtual-printer-api.ts';

type Json = Record<string, unknown>;

export interface WaitOptions {
  /** Default 15 s: generous for a loaded CI machine. */
  timeoutMs?: number;
  /** Only consider messages from this index on (`messages.length` / `raw.length` taken earlier). */
  since?: number;
}

/** A plain MQTT client on a virtual printer's report topic, for tests (not core/). */
export interface TestClient {
  readonly client: MqttClient;
  /** Every report received, raw, in order. */
  readonly raw: Buffer[];
  /** Every report that parsed as JSON, in order. */
  readonly messages: Json[];
  /** Resolves with the first message matching `pred`, from index `since` (default 0) on. */
  waitFor(pred: (m: Json) => boolean, what: string, opts?: WaitOptions): Promise<Json>;
  /** Resolves with the first raw payload matching `pred`, from index `since` on. */
  waitForRaw(pred: (b: Buffer) => boolean, what: string, opts?: WaitOptions): Promise<Buffer>;
  /** Publishes `message` on the request topic. */
  request(message: Json): Promise<void>;
  end(): Promise<void>;
}

/** Connects over TLS verifying the printer's certificate (CA = its PEM, servername = serial). */
export async function connectTestClient(
  printer: VirtualPrinter,
  options: { password?: string; subscribe?: boolean } = {},
): Promise<TestClient> {
  const client = await mqtt.connectAsync({
    protocol: 'mqtts',
    host: printer.host,
    port: printer.mqttPort,
    username: 'bblp',
    password: options.password ?? printer.accessCode,
    protocolVersion: 4,
    clean: true,
    ca: printer.certificatePem,
    servername: printer.serial,
    rejectUnauthorized: true,
    reconnectPeriod: 0,
    connectTimeout: 20_000,
  });
  const raw: Buffer[] = [];
  const messages: Json[] = [];
  const waiters = new Set<() => void>();
  client.on('message', (_topic, payload) => {
    raw.push(payload);
    try {
      messages.push(JSON.parse(payload.toString('utf8')) as Json);
    } catch {
      // malformed on purpose in some tests; kept in `raw`
    }
    for (const w of [...waiters]) w();
  });
  if (options.subscribe !== false) {
    await client.subscribeAsync(`device/${printer.serial}/report`, { qos: 0 });
  }

  const wait = <T>(find: () => T | undefined, what: string, timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found === undefined) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  return {
    client,
    raw,
    messages,
    waitFor: (pred, what, opts = {}) =>
      wait(() => messages.slice(opts.since ?? 0).find(pred), what, opts.timeoutMs ?? 15_000),
    waitForRaw: (pred, what, opts = {}) =>
      wait(() => raw.slice(opts.since ?? 0).find(pred), what, opts.timeoutMs ?? 15_000),
    async request(message) {
      await client.publishAsync(`device/${printer.serial}/request`, JSON.stringify(message), {
        qos: 1,
      });
    },
    async end() {
      await client.endAsync(true);
    },
  };
}

/** The `print` object of a report, or undefined. */
export const printOf = (m: Json): Json | undefined =>
  m['print'] !== null && typeof m['print'] === 'object' ? (m['print'] as Json) : undefined;
