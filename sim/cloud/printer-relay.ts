/**
 * The printer side of the virtual cloud: one ordinary MQTT client per bound virtual printer,
 * logged in to the printer's LAN broker with its access code, like a real printer's outbound
 * cloud connection. Reports flow up to the cloud broker; commands flow down.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { DeviceLiveStatus } from './cloud-data.ts';
import type { VirtualCloudDevice } from './virtual-cloud-api.ts';

export interface RelayEvents {
  /** A report arrived from the printer (raw bytes, forwarded as they are). */
  onReport(serial: string, payload: Buffer): void;
  /** The printer's connection came up or went down. */
  onConnection(serial: string, up: boolean): void;
}

interface Link {
  readonly client: MqttClient;
  readonly status: DeviceLiveStatus;
}

/** Relays for every device that has an MQTT port. */
export class PrinterRelay {
  readonly #links = new Map<string, Link>();

  constructor(devices: readonly VirtualCloudDevice[], events: RelayEvents) {
    for (const dev of devices) {
      if (dev.mqttPort === undefined || this.#links.has(dev.serial)) continue;
      this.#links.set(dev.serial, this.#connect(dev, events));
    }
  }

  #connect(dev: VirtualCloudDevice, events: RelayEvents): Link {
    const status: DeviceLiveStatus = {
      online: false,
      gcodeState: null,
      progress: null,
      jobName: null,
      remainingMinutes: null,
    };
    const client = mqtt.connect({
      protocol: 'mqtts',
      host: dev.host ?? '127.0.0.1',
      port: dev.mqttPort ?? 8883,
      username: 'bblp',
      password: dev.accessCode,
      clientId: `bambu-cloud-relay-${dev.serial}`,
      protocolVersion: 4,
      clean: true,
      keepalive: 30,
      reconnectPeriod: 500,
      connectTimeout: 5_000,
      // Verify the printer's own certificate when we have it; otherwise this is a loopback
      // simulator talking to its own self-signed printers.
      ...(dev.certificatePem === undefined
        ? { rejectUnauthorized: false }
        : { ca: [dev.certificatePem], servername: dev.serial, rejectUnauthorized: true }),
    });
    const report = `device/${dev.serial}/report`;
    client.on('connect', () => {
      client.subscribe(report, { qos: 0 }, () => {
        if (!status.online) {
          status.online = true;
          events.onConnection(dev.serial, true);
        }
        client.publish(
          `device/${dev.serial}/request`,
          JSON.stringify({ pushing: { sequence_id: '0', command: 'pushall' } }),
        );
      });
    });
    client.on('message', (topic, payload) => {
      if (topic !== report) return;
      track(status, payload);
      events.onReport(dev.serial, payload);
    });
    client.on('close', () => {
      if (status.online) {
        status.online = false;
        events.onConnection(dev.serial, false);
      }
    });
    client.on('error', () => {
      // Refusals and resets surface as 'close'; the client keeps retrying.
    });
    return { client, status };
  }

  status(serial: string): DeviceLiveStatus {
    return (
      this.#links.get(serial)?.status ?? {
        online: false,
        gcodeState: null,
        progress: null,
        jobName: null,
        remainingMinutes: null,
      }
    );
  }

  onlineSerials(): string[] {
    return [...this.#links].filter(([, l]) => l.status.online).map(([s]) => s);
  }

  /** Sends a command to the printer; false when its link is down. */
  forward(serial: string, payload: Buffer): boolean {
    const link = this.#links.get(serial);
    if (link === undefined || !link.status.online) return false;
    link.client.publish(`device/${serial}/request`, payload);
    return true;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#links.values()].map((l) => l.client.endAsync(true)));
    this.#links.clear();
  }
}

/** Keeps the few fields the REST side shows (bind list, print status) from a report. */
function track(status: DeviceLiveStatus, payload: Buffer): void {
  let msg: unknown;
  try {
    msg = JSON.parse(payload.toString('utf8'));
  } catch {
    return;
  }
  const print = (msg as { print?: unknown }).print;
  if (typeof print !== 'object' || print === null) return;
  const p = print as Record<string, unknown>;
  if (typeof p['gcode_state'] === 'string') status.gcodeState = p['gcode_state'];
  if (typeof p['mc_percent'] === 'number') status.progress = p['mc_percent'];
  if (typeof p['subtask_name'] === 'string') status.jobName = p['subtask_name'];
  if (typeof p['mc_remaining_time'] === 'number') status.remainingMinutes = p['mc_remaining_time'];
}
