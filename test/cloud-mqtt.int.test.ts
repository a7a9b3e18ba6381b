import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudClient } from '../core/cloud/cloud-client.ts';
import { CloudError } from '../core/cloud/cloud-errors.ts';
import { CloudMqttConnection } from '../core/cloud/cloud-mqtt.ts';
import type { VirtualCloud } from '../sim/cloud/virtual-cloud-api.ts';
import { startVirtualCloud } from '../sim/cloud/virtual-cloud.ts';
import type { VirtualPrinter } from '../sim/virtual-printer-api.ts';
import { startVirtualPrinter } from '../sim/virtual-printer.ts';

let p1s: VirtualPrinter;
let x1c: VirtualPrinter;
let cloud: VirtualCloud;
let token: string;
const open: CloudMqttConnection[] = [];

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function connection(serials: string[], tokenOverride = token): CloudMqttConnection {
  const c = new CloudMqttConnection({
    uid: 1111,
    token: tokenOverride,
    serials,
    mqttUrl: cloud.mqttUrl ?? '',
    tls: { ca: cloud.mqttCaPem ?? '' },
    reconnectMs: 300,
  });
  open.push(c);
  return c;
}

beforeAll(async () => {
  [p1s, x1c] = await Promise.all([
    startVirtualPrinter({ model: 'P1S', reportIntervalMs: 200 }),
    startVirtualPrinter({ model: 'X1C', reportIntervalMs: 200 }),
  ]);
  cloud = await startVirtualCloud({
    accounts: [
      {
        email: 'farm@example.com',
        password: 'pw',
        uid: 1111,
        devices: [p1s, x1c].map((p) => ({
          serial: p.serial,
          accessCode: p.accessCode,
          host: p.host,
          mqttPort: p.mqttPort,
          certificatePem: p.certificatePem,
          product: p.model === 'X1C' ? 'X1 Carbon' : p.model,
        })),
      },
      { email: 'other@example.com', password: 'pw', uid: 2222 },
    ],
  });
  token = cloud.issueToken('farm@example.com');
  await until(() => cloud.onlineSerials().length === 2, 'the relay to reach both printers');
});

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await cloud.close();
  await Promise.all([p1s.close(), x1c.close()]);
});

describe('cloud MQTT through the virtual cloud', () => {
  it('serves every printer of the account over one connection with normalized state', async () => {
    const conn = connection([p1s.serial, x1c.serial]);
    await conn.connect();
    expect(conn.status).toBe('connected');
    const full = (s: { gcodeState: string | null; online: boolean }) =>
      s.gcodeState !== null && s.online;
    const [a, b] = await Promise.all([
      conn.waitForState(p1s.serial, full, 15_000),
      conn.waitForState(x1c.serial, full, 15_000),
    ]);
    expect(a.serial).toBe(p1s.serial);
    expect(b.serial).toBe(x1c.serial);
    expect(a.nozzles.length).toBeGreaterThan(0);
    expect(a.bed.temp).not.toBeNull();
    // get_version went through the relay too.
    const withFirmware = await conn.waitForState(p1s.serial, (s) => s.firmware !== null, 15_000);
    expect(withFirmware.firmware).toMatch(/^\d\d\.\d\d\.\d\d\.\d\d$/);
  });

  it('the REST bind list shows the relayed printers online', async () => {
    const client = new CloudClient({ apiUrl: cloud.apiUrl, token });
    const devices = await client.listDevices();
    expect(devices.map((d) => [d.dev_id, d.online])).toEqual([
      [p1s.serial, true],
      [x1c.serial, true],
    ]);
  });

  it('relays commands down to the printer', async () => {
    const conn = connection([p1s.serial]);
    await conn.connect();
    await conn.publish(p1s.serial, {
      system: {
        sequence_id: '4242',
        command: 'ledctrl',
        led_node: 'chamber_light',
        led_mode: 'on',
      },
    });
    await until(
      () => p1s.received.some((m) => JSON.stringify(m).includes('"4242"')),
      'the command at the printer',
    );
  });

  it('refuses a wrong token, and another account using this uid', async () => {
    const bad = connection([p1s.serial], 'not-a-token');
    const err = await bad.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudError);
    expect((err as CloudError).code).toBe('unauthorized');
    expect((err as CloudError).message).not.toContain('not-a-token');
    expect(bad.status).toBe('auth-failed');

    const stolen = connection([p1s.serial], cloud.issueToken('other@example.com'));
    expect(((await stolen.connect().catch((e: unknown) => e)) as CloudError).code).toBe(
      'unauthorized',
    );
  });

  it('reports an unreachable broker as network', async () => {
    const c = new CloudMqttConnection({
      uid: 1111,
      token,
      serials: [p1s.serial],
      mqttUrl: 'mqtts://127.0.0.1:9',
      connectTimeoutMs: 3000,
      reconnectMs: 60_000,
    });
    open.push(c);
    const err = (await c.connect().catch((e: unknown) => e)) as CloudError;
    expect(err).toBeInstanceOf(CloudError);
    expect(err.code).toBe('network');
    expect(err.message).toMatch(
      /cannot reach the cloud MQTT broker 127\.0\.0\.1:9 \(ECONNREFUSED\)/,
    );
    expect(err.message).not.toContain(token);
  });

  it('gets nothing for a printer of another account', async () => {
    const other = new CloudMqttConnection({
      uid: 2222,
      token: cloud.issueToken('other@example.com'),
      serials: [p1s.serial],
      mqttUrl: cloud.mqttUrl ?? '',
      tls: { ca: cloud.mqttCaPem ?? '' },
    });
    open.push(other);
    await other.connect();
    const got = await other.waitForState(p1s.serial, () => true, 1500).catch((e: unknown) => e);
    expect((got as CloudError).code).toBe('timeout');
  });

  it('marks a printer offline on client.disconnected and online again on client.connected', async () => {
    const conn = connection([x1c.serial]);
    const seen: boolean[] = [];
    conn.on('online', (serial, online) => {
      if (serial === x1c.serial) seen.push(online);
    });
    await conn.connect();
    await until(() => seen.includes(true), 'the printer online');
    x1c.inject('drop');
    await until(() => seen.lastIndexOf(false) > seen.indexOf(true), 'the disconnected event');
    expect(conn.state(x1c.serial)?.online).toBe(false);
    await until(() => seen.at(-1) === true, 'the printer back online after the relay reconnects');
    expect(conn.isOnline(x1c.serial)).toBe(true);
  });
});
