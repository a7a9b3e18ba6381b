import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUD_SECRET_KEY } from '../core/farm/cloud-account.ts';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { farmErrorOf } from '../core/farm/farm-errors.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import type { SecretStore } from '../core/farm/ports.ts';
import type { CloudAccountView } from '../shared/contract/cloud-schemas.ts';
import type { FarmEvent } from '../shared/contract/contract.ts';
import { dispatchRequest } from '../shared/contract/dispatch.ts';
import type { VirtualCloud } from '../sim/cloud/virtual-cloud-api.ts';
import { startVirtualCloud } from '../sim/cloud/virtual-cloud.ts';
import type { VirtualPrinter } from '../sim/virtual-printer-api.ts';
import { startVirtualPrinter } from '../sim/virtual-printer.ts';
import { freePort } from './support/free-port.ts';

const EMAIL = 'farm@example.com';
let printer: VirtualPrinter;
let cloud: VirtualCloud;
const engines: FarmEngine[] = [];

beforeAll(async () => {
  printer = await startVirtualPrinter({ model: 'P1S', reportIntervalMs: 200 });
  cloud = await startVirtualCloud({
    accounts: [
      {
        email: EMAIL,
        password: 'pw-secret',
        uid: 4242,
        login: 'email-code',
        devices: [
          {
            serial: printer.serial,
            accessCode: printer.accessCode,
            mqttPort: printer.mqttPort,
            certificatePem: printer.certificatePem,
            name: 'Shelf P1S',
            product: 'P1S',
          },
        ],
      },
    ],
  });
}, 30_000);

afterAll(async () => {
  await Promise.all(engines.map((e) => e.close()));
  await cloud.close();
  await printer.close();
});

async function startEngine(secrets: SecretStore = createMemorySecretStore()) {
  const engine = await FarmEngine.start({
    settings: createMemorySettingsStore(),
    secrets,
    tuning: { reconnect: { initialMs: 100, maxMs: 500 }, connectTimeoutMs: 2_000 },
    cloud: { apiUrl: cloud.apiUrl, mqttUrl: cloud.mqttUrl ?? '', mqttCaPem: cloud.mqttCaPem ?? '' },
  });
  engines.push(engine);
  const events: FarmEvent[] = [];
  engine.onEvent((e) => events.push(e));
  const call = (channel: string, ...args: unknown[]) =>
    dispatchRequest(engine.handlers(), channel, args, farmErrorOf);
  return { engine, events, secrets, call };
}

async function until<T>(get: () => T | undefined | false, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = get();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('cloud account in the farm engine', () => {
  it('logs in with the emailed code, lists the account printers with cloud status, logs out', async () => {
    const { engine, events, secrets, call } = await startEngine();
    const sent = await call('cloud:request-code', { region: 'global', email: EMAIL });
    expect(sent).toMatchObject({ ok: true, value: { status: 'awaiting-code', email: EMAIL } });
    const code = cloud.lastCode(EMAIL);
    expect(code).toMatch(/^\d+$/);

    const wrong = await call('cloud:submit-code', code === '111111' ? '222222' : '111111');
    expect(wrong).toMatchObject({ ok: false, error: { code: 'auth-failed' } });
    expect(JSON.stringify(wrong)).toContain('code is incorrect');

    const done = await call('cloud:submit-code', code);
    expect(done.ok).toBe(true);
    const view = (done as { value: CloudAccountView }).value;
    expect(view.status).toBe('signed-in');
    expect(view.printers).toEqual([
      expect.objectContaining({ serial: printer.serial, name: 'Shelf P1S', farmId: null }),
    ]);
    // The token is in the secret store and nowhere in what the renderer receives.
    const saved = JSON.parse((await secrets.get(CLOUD_SECRET_KEY)) ?? '{}') as { token?: string };
    expect(saved.token?.length).toBeGreaterThan(10);
    const online = await until(
      () =>
        events.find((e) => e.channel === 'cloud:changed' && e.payload.printers[0]?.online === true),
      'the printer online over cloud MQTT',
    );
    expect(online.payload).toMatchObject({ mqtt: 'connected' });
    expect(JSON.stringify(events)).not.toContain(saved.token);
    expect(JSON.stringify(engine.cloud.view())).not.toContain(printer.accessCode);

    const out = await call('cloud:logout');
    expect(out).toMatchObject({ ok: true, value: { status: 'signed-out', printers: [] } });
    expect(await secrets.get(CLOUD_SECRET_KEY)).toBeNull();
  }, 60_000);

  it('uses LAN when reachable and the cloud otherwise, and says which', async () => {
    const { engine } = await startEngine();
    const lanDown = await engine.addPrinter({
      name: 'Shelf',
      host: '127.0.0.1',
      port: await freePort(),
      serial: printer.serial,
      accessCode: printer.accessCode,
      tls: { mode: 'custom-ca', caPem: printer.certificatePem },
    });
    expect(lanDown.via).toBeUndefined(); // signed out: no path to tell
    await engine.cloud.requestCode({ region: 'global', email: EMAIL });
    await engine.cloud.submitCode(cloud.lastCode(EMAIL) ?? '');
    const viaCloud = await until(() => {
      const v = engine.getSnapshot().printers[0];
      return v?.via === 'cloud' && v.state !== null ? v : undefined;
    }, 'the printer state over the cloud');
    expect(viaCloud.connection.status).not.toBe('online');
    expect(viaCloud.state?.serial).toBe(printer.serial);
    expect(engine.cloud.view().printers[0]).toMatchObject({ farmId: lanDown.id, path: 'cloud' });

    await engine.updatePrinter(lanDown.id, {
      port: printer.mqttPort,
      accessCode: printer.accessCode,
    });
    await until(() => engine.getSnapshot().printers[0]?.via === 'lan', 'the LAN path');
    expect(engine.getSnapshot().printers[0]?.connection.status).toBe('online');
  }, 60_000);

  it('restores the login from the saved token and adds a printer with the cloud access code', async () => {
    const secrets = createMemorySecretStore();
    const first = await startEngine(secrets);
    await first.engine.cloud.requestCode({ region: 'global', email: EMAIL });
    await first.engine.cloud.submitCode(cloud.lastCode(EMAIL) ?? '');
    await first.engine.close();

    const { engine, call } = await startEngine(secrets);
    await until(() => engine.cloud.view().status === 'signed-in', 'the restored login');
    const added = await call('cloud:add-printer', {
      serial: printer.serial,
      host: '127.0.0.1',
    });
    expect(added.ok).toBe(true);
    // The access code came from the cloud (the renderer never sees it).
    const id = (added as { value: { id: string; hasAccessCode: boolean } }).value;
    expect(id.hasAccessCode).toBe(true);
    expect(engine.cloud.view().printers[0]?.farmId).toBe(id.id);
    const unknown = await call('cloud:add-printer', {
      serial: '01P00A999999999',
      host: '10.0.0.9',
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } });
  }, 60_000);
});
