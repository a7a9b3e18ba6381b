/**
 * Where the Bambu cloud lives, per region, and how to point the client somewhere else
 * (the virtual cloud, a proxy).
 */

/** `global` serves every account outside mainland China; `china` serves bambulab.cn accounts. */
export type CloudRegion = 'global' | 'china';

export const CLOUD_REGIONS: readonly CloudRegion[] = ['global', 'china'];

/** Resolved base URLs of one cloud. */
export interface CloudEndpoints {
  readonly region: CloudRegion;
  /** REST base, no trailing slash, e.g. `https://api.bambulab.com`. */
  readonly apiUrl: string;
  /** Web origin used by the TOTP sign-in and the China SMS code, e.g. `https://bambulab.com`. */
  readonly webUrl: string;
  /** Cloud MQTT broker, e.g. `mqtts://us.mqtt.bambulab.com:8883`. */
  readonly mqttUrl: string;
}

/** Overrides for {@link resolveEndpoints}. */
export interface EndpointOverrides {
  region?: CloudRegion;
  /** Another REST base (e.g. `http://127.0.0.1:4100` for the virtual cloud). */
  apiUrl?: string;
  /** Another web origin; defaults to `apiUrl` when that is overridden, else the region's. */
  webUrl?: string;
  /** Another MQTT broker URL (`mqtts://host:port`). */
  mqttUrl?: string;
}

const DEFAULTS: Record<CloudRegion, Omit<CloudEndpoints, 'region'>> = {
  global: {
    apiUrl: 'https://api.bambulab.com',
    webUrl: 'https://bambulab.com',
    mqttUrl: 'mqtts://us.mqtt.bambulab.com:8883',
  },
  china: {
    apiUrl: 'https://api.bambulab.cn',
    webUrl: 'https://bambulab.cn',
    mqttUrl: 'mqtts://cn.mqtt.bambulab.com:8883',
  },
};

/** True when `value` names a region. */
export function isCloudRegion(value: unknown): value is CloudRegion {
  return value === 'global' || value === 'china';
}

/** The region's URLs with any overrides applied; trailing slashes are removed. */
export function resolveEndpoints(overrides: EndpointOverrides = {}): CloudEndpoints {
  const region = overrides.region ?? 'global';
  const base = DEFAULTS[region];
  const apiUrl = trimSlash(overrides.apiUrl ?? base.apiUrl);
  const webUrl = trimSlash(
    overrides.webUrl ?? (overrides.apiUrl === undefined ? base.webUrl : overrides.apiUrl),
  );
  return { region, apiUrl, webUrl, mqttUrl: overrides.mqttUrl ?? base.mqttUrl };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
