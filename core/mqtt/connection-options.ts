/** Where and how a link connects: local printer or Bambu cloud broker, TLS trust, credentials. */
import type { ConnectionOptions } from 'node:tls';
import type { IClientOptions } from 'mqtt';
import { sharedSecureContext } from '../util/printer-tls.ts';
import { BAMBU_PRINTER_CAS } from './bambu-ca.ts';

/** A printer on the LAN (user `bblp`, access code) or through the Bambu cloud broker. */
export type LinkTarget =
  | {
      kind: 'local';
      /** Printer IP address or host name. */
      host: string;
      /** MQTT/TLS port (default 8883). */
      port?: number;
      serial: string;
      /** LAN access code from the printer's screen. */
      accessCode: string;
    }
  | {
      kind: 'cloud';
      region: 'global' | 'china';
      /** Numeric Bambu user id; the MQTT user is `u_<uid>`. */
      uid: string;
      /** Cloud access token. */
      token: string;
      serial: string;
      /** Broker override for tests (default `us.mqtt.bambulab.com` / `cn.mqtt.bambulab.com`). */
      host?: string;
      port?: number;
    };

export interface TlsTrust {
  /**
   * CA certificates (PEM) to trust instead of the default: Bambu's printer CAs for local
   * targets, the system's public CAs for the cloud.
   */
  ca?: string | Buffer | readonly (string | Buffer)[];
  /** Skip certificate verification entirely. Only when asked for. */
  insecure?: boolean;
}

export const DEFAULT_MQTT_PORT = 8883;

/** Cloud MQTT broker per region (README "Regions"). */
export const CLOUD_BROKERS = {
  global: 'us.mqtt.bambulab.com',
  china: 'cn.mqtt.bambulab.com',
} as const;

export function reportTopic(serial: string): string {
  return `device/${serial}/report`;
}

export function requestTopic(serial: string): string {
  return `device/${serial}/request`;
}

/** Host and port the target resolves to. */
export function endpointOf(target: LinkTarget): { host: string; port: number } {
  if (target.kind === 'local') return { host: target.host, port: target.port ?? DEFAULT_MQTT_PORT };
  return {
    host: target.host ?? CLOUD_BROKERS[target.region],
    port: target.port ?? DEFAULT_MQTT_PORT,
  };
}

/** A client id that names Farmdeck honestly and is unique per link. */
export function defaultClientId(): string {
  return `farmdeck-${Math.random().toString(16).slice(2, 10)}${Date.now().toString(16).slice(-4)}`;
}

/**
 * mqtt.js options for one connection attempt: MQTT 3.1.1, clean session, no automatic
 * reconnect (the link runs its own backoff), TLS verified against Bambu's CAs with SNI =
 * serial for local printers (the printer's certificate has CN = serial, not its IP).
 */
export function buildClientOptions(
  target: LinkTarget,
  tls: TlsTrust | undefined,
  opts: { clientId: string; keepaliveSeconds: number; connectTimeoutMs: number },
): IClientOptions {
  const { host, port } = endpointOf(target);
  const options: IClientOptions = {
    protocol: 'mqtts',
    host,
    port,
    protocolVersion: 4,
    clean: true,
    keepalive: opts.keepaliveSeconds,
    reconnectPeriod: 0,
    connectTimeout: opts.connectTimeoutMs,
    clientId: opts.clientId,
    rejectUnauthorized: tls?.insecure !== true,
  };
  const ca = caList(tls?.ca);
  if (target.kind === 'local') {
    options.username = 'bblp';
    options.password = target.accessCode;
    options.servername = target.serial;
    options.ca = (ca ?? [...BAMBU_PRINTER_CAS]) as string[];
    // One context per trust, shared by all links (Node uses it instead of `ca`): a context per
    // connection cost up to 66 KB of native memory per printer.
    // mqtt.js hands its options to tls.connect, which takes a secureContext; its types omit it.
    (options as ConnectionOptions).secureContext = sharedSecureContext(
      tls?.insecure === true ? undefined : options.ca,
    );
  } else {
    options.username = `u_${target.uid}`;
    options.password = target.token;
    if (ca !== undefined) options.ca = ca as string[];
  }
  return options;
}

function caList(ca: TlsTrust['ca']): (string | Buffer)[] | undefined {
  if (ca === undefined) return undefined;
  if (typeof ca === 'string' || Buffer.isBuffer(ca)) return [ca];
  return [...ca];
}
