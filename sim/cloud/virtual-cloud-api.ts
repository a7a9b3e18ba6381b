/**
 * The public face of the virtual Bambu cloud, agreed between sim/ and the tests and demo that
 * drive it. Implemented by `startVirtualCloud` in virtual-cloud.ts.
 */

/** A printer bound to an account: where its LAN broker listens (a virtual printer). */
export interface VirtualCloudDevice {
  serial: string;
  /** LAN access code; the relay logs in to the printer's broker with it. */
  accessCode: string;
  /** Host of the printer's MQTT broker (default 127.0.0.1). */
  host?: string;
  /** Port of the printer's MQTT/TLS broker; without it the device is listed but never online. */
  mqttPort?: number;
  /** Display name (default `Bambu <product>`). */
  name?: string;
  /** The printer's certificate (PEM, CN = serial): the relay verifies it when given. */
  certificatePem?: string;
  /** Product name as the cloud spells it: `P1S`, `P1P`, `X1 Carbon`, `A1 mini`, ... (default P1S). */
  product?: string;
}

/** How an account logs in. */
export type AccountLogin = 'password' | 'email-code' | 'totp';

export interface VirtualCloudAccount {
  email: string;
  password: string;
  /** Numeric user id (default: derived from the account index). */
  uid?: number;
  name?: string;
  /** Default `password` (a direct token). */
  login?: AccountLogin;
  /** Base32 TOTP secret, required when `login` is `totp`. */
  totpSecret?: string;
  /** Issue opaque tokens instead of JWT-shaped ones (clients must then ask for the uid). */
  opaqueTokens?: boolean;
  devices?: VirtualCloudDevice[];
}

/** One-shot faults, applied to the next `count` requests whose path starts with `path`. */
export interface CloudFault {
  kind:
    | 'cloudflare-403'
    | 'cloudflare-429'
    | 'rate-limit'
    | 'server-error'
    /** 503 without Retry-After (clients may retry GETs). */
    | 'unavailable'
    | 'malformed-json'
    | 'empty-400'
    /** Never answer (the client's timeout must fire). */
    | 'hang';
  /** Path prefix, e.g. `/v1/iot-service/api/user/bind` (default: every path). */
  path?: string;
  /** How many requests it hits (default 1). */
  count?: number;
  /** Retry-After seconds for `rate-limit` (default 1). */
  retryAfterSec?: number;
}

export interface VirtualCloudOptions {
  accounts: VirtualCloudAccount[];
  /** Default 127.0.0.1. */
  host?: string;
  /** HTTP port; 0 (default) picks a free one. */
  httpPort?: number;
  /** Cloud MQTT/TLS port; 0 (default) picks a free one; `false` runs no broker. */
  mqttPort?: number | false;
  /** Token lifetime, seconds (default 7776000, 90 days like the real cloud). */
  tokenTtlSec?: number;
  /** Email code lifetime, seconds (default 300). */
  codeTtlSec?: number;
  /** Logins allowed per account per minute before 429 (default 10). */
  loginsPerMinute?: number;
  /** Authenticated requests allowed per token per minute before 429 (default 600). */
  requestsPerMinute?: number;
  /** Answer `/v1/iot-service` in envelope `{code:0,message,data}` instead of the real top-level form. */
  dataEnvelope?: boolean;
  /**
   * Make the website's TOTP sign-in answer 403 to anything but Bambu's own network agent, as
   * reported since 2026 (clients must fall back to the email code).
   */
  officialTfaOnly?: boolean;
  /** Log sink (email codes are written here, as a real mail would arrive). Default: none. */
  log?: (line: string) => void;
}

/** A running virtual cloud. */
export interface VirtualCloud {
  /** REST base, also the web origin (TOTP, CSRF) and the fake S3 host. */
  readonly apiUrl: string;
  /** `mqtts://127.0.0.1:<port>`, or null when no broker runs. */
  readonly mqttUrl: string | null;
  /** PEM of the broker's self-signed certificate, for clients that verify; null without broker. */
  readonly mqttCaPem: string | null;
  /** Every log line so far (email codes included). */
  readonly log: readonly string[];
  /** Bytes stored by the fake S3, by object key. */
  readonly uploads: ReadonlyMap<string, Buffer>;
  /** The latest email code sent to `email`, or null. */
  lastCode(email: string): string | null;
  /** Makes the pending email code of `email` expire now (the next code login gets code 1). */
  expireCode(email: string): void;
  /** A fresh valid token for `email`, skipping login (for tests). */
  issueToken(email: string, ttlSec?: number): string;
  /** Expires every token of `email` (all accounts when omitted): the next call gets 401 code 4. */
  expireTokens(email?: string): void;
  inject(fault: CloudFault): void;
  /** Serials whose printer relay is connected right now. */
  onlineSerials(): string[];
  close(): Promise<void>;
}
