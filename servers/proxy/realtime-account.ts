/**
 * What a realtime session needs to know about the caller's cloud account before it opens an
 * MQTT session: the MQTT user id, and that the printer is bound to the account.
 */
import { createHash } from 'node:crypto';
import { CloudClient } from '../../core/cloud/cloud-client.ts';
import { isCloudError } from '../../core/cloud/cloud-errors.ts';
import { HttpError } from '../common/http-kit.ts';

/** A short, non-reversible key for a secret token (map keys, caches). */
export function tokenKey(realToken: string): string {
  return createHash('sha256').update(realToken).digest('hex').slice(0, 32);
}

/** Looks up uids (cached per token) and bound printers through the cloud REST API. */
export class AccountLookup {
  private readonly uids = new Map<string, string>();

  constructor(private readonly apiUrl: string) {}

  /** The numeric uid of the token's account (from the JWT, else the preference endpoint). */
  async uid(realToken: string): Promise<string> {
    const key = tokenKey(realToken);
    const cached = this.uids.get(key);
    if (cached !== undefined) return cached;
    const username = await cloudCall(() => this.client(realToken).getMqttUsername());
    const uid = username.replace(/^u_/, '');
    if (this.uids.size >= 1000) this.uids.clear();
    this.uids.set(key, uid);
    return uid;
  }

  /** Throws 404 unless `deviceId` is bound to the token's account. */
  async requireBound(realToken: string, deviceId: string): Promise<void> {
    const devices = await cloudCall(() => this.client(realToken).listDevices());
    if (!devices.some((d) => d.dev_id === deviceId)) {
      throw new HttpError(
        404,
        'unknown-device',
        `printer ${deviceId} is not bound to this account: see GET /v1/iot-service/api/user/bind`,
        {},
        { device_id: deviceId },
      );
    }
  }

  private client(realToken: string): CloudClient {
    return new CloudClient({ token: realToken, apiUrl: this.apiUrl, maxRetries: 1 });
  }
}

/** Runs a cloud call; its failure becomes a 502 whose message says what to do. */
async function cloudCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isCloudError(err, 'token-expired')) {
      throw new HttpError(
        502,
        'upstream-token-expired',
        'the cloud token behind this custom token expired: log in again and update the proxy token file',
      );
    }
    const message = isCloudError(err) ? err.message : 'the cloud API could not be reached';
    throw new HttpError(502, 'upstream-failed', message);
  }
}
