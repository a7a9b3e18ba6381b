import type { CloudAccountView, CloudPrinterView } from '../../shared/contract/cloud-schemas.ts';
import type { PrinterView } from '../../shared/contract/farm-schemas.ts';
import { FarmFailure, type ErrorCode } from '../../shared/contract/result.ts';
import { CloudError } from '../cloud/cloud-errors.ts';
import type { CloudMqttConnection } from '../cloud/cloud-mqtt.ts';
import type { BoundDevice } from '../cloud/cloud-schemas.ts';

/** A farm printer as the cloud account needs to know it. */
export interface FarmPrinterRef {
  id: string;
  serial: string;
  /** True while the LAN session is online. */
  lanOnline: boolean;
}

const AUTH_CODES = new Set([
  'wrong-credentials',
  'code-required',
  'code-wrong',
  'code-expired',
  'login-failed',
  'token-expired',
  'unauthorized',
]);

/** A cloud failure as the engine reports it: the cloud client's message already says what to do. */
export function farmFailureOfCloud(err: unknown): FarmFailure {
  if (err instanceof FarmFailure) return err;
  if (err instanceof CloudError) {
    const code: ErrorCode = AUTH_CODES.has(err.code)
      ? 'auth-failed'
      : err.code === 'network'
        ? 'unreachable'
        : err.code === 'timeout'
          ? 'timeout'
          : 'cloud-failed';
    return new FarmFailure(code, `Bambu cloud: ${err.message}`);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new FarmFailure('cloud-failed', `Bambu cloud: ${message}`);
}

/** The account's printers with cloud status, joined with the farm by serial. */
export function cloudPrinterViews(
  devices: readonly BoundDevice[],
  mqtt: CloudMqttConnection | null,
  farm: readonly FarmPrinterRef[],
): CloudPrinterView[] {
  return devices.map((device) => {
    const serial = device.dev_id;
    const live = mqtt?.state(serial) ?? null;
    const inFarm = farm.find((p) => p.serial === serial) ?? null;
    const online = mqtt?.isOnline(serial) ?? device.online ?? false;
    return {
      serial,
      name: device.name ?? serial,
      model: device.dev_product_name ?? device.dev_model_name ?? null,
      online,
      status: live?.status ?? device.print_status ?? null,
      progress: live?.progress ?? null,
      farmId: inFarm?.id ?? null,
      path: inFarm === null ? null : inFarm.lanOnline || live === null ? 'lan' : 'cloud',
      hasAccessCode: typeof device.dev_access_code === 'string' && device.dev_access_code !== '',
    };
  });
}

/**
 * A farm printer's view with its path: LAN while the LAN session is online, else the account's cloud
 * MQTT state when the cloud has one. Printers the account does not know are returned unchanged.
 */
export function overlayCloud(view: PrinterView, mqtt: CloudMqttConnection | null): PrinterView {
  if (mqtt === null || !mqtt.serials.includes(view.serial)) return view;
  if (view.connection.status === 'online') return { ...view, via: 'lan' };
  const cloudState = mqtt.state(view.serial);
  if (cloudState === null) return { ...view, via: 'lan' };
  return { ...view, via: 'cloud', state: { ...cloudState, online: mqtt.isOnline(view.serial) } };
}

/** The signed-out account view. */
export function signedOutView(region: CloudAccountView['region']): CloudAccountView {
  return { status: 'signed-out', region, email: null, mqtt: null, printers: [], error: null };
}
