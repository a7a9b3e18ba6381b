import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUD_SECRET_KEY } from '../core/farm/cloud-account.ts';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { farmErrorOf } from '../core/farm/farm-errors.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import type { CloudAccountView } from '../shared/contract/cloud-schemas.ts';
import { dispatchRequest } from '../shared/contract/dispatch.ts';
import type { PrinterView } from '../shared/contract/farm-schemas.ts';
import { startVirtualCloud } from '../sim/cloud/virtual-cloud.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../sim/virtual-printer.ts';
import {
  startHttpCapture,
  startTlsCapture,
  type CaptureListener,
} from './support/capture-listener.ts';

// Whoever holds the UI tries to make the engine send a saved secret (a printer's access code, the
// cloud token) to a listener of ours on loopback. The listener must never see it.

let vp: VirtualPrinter;
let evil: CaptureListener;
let engine: FarmEngine;
let stored: PrinterView;

const call = (channel: string, ...args: unknown[]) =>
  dispatchRequest(engine.handlers(), channel, args, farmErrorOf);

beforeAll(async () => {
  vp = await startVirtualPrinter({ model: 'P1S', reportIntervalMs: 200, ftps: true });
  evil = await startTlsCapture(vp.serial);
  engine = await FarmEngine.start({
    settings: createMemorySettingsStore(),
    secrets: createMemorySecretStore(),
    connectionTestTimeoutMs: 3_000,
    tuning: { reconnect: { initialMs: 100, maxMs: 500 }, connectTimeoutMs: 2_000 },
  });
  const added = await call('printer:add', {
    name: 'Saved',
    host: '127.0.0.1',
    port: vp.mqttPort,
    serial: vp.serial,
    accessCode: vp.accessCode,
    tls: { mode: 'custom-ca', caPem: vp.certificatePem },
    ...(vp.cameraPort !== null ? { cameraPort: vp.cameraPort } : {}),
    ...(vp.ftpsPort !== undefined ? { ftpsPort: vp.ftpsPort } : {}),
  });
  if (!added.ok) throw new Error(added.error.message);
  stored = added.value as PrinterView;
});

afterAll(async () => {
  await engine?.close();
  await evil?.close();
  await vp?.close();
});

const skip = { mode: 'skip-verification' } as const;

describe('a saved access code only goes to the address it was saved for', () => {
  it('test-connection toward another host, port, serial or certificate check needs the code', async () => {
    const base = { id: stored.id, host: '127.0.0.1', serial: vp.serial };
    const attempts = [
      { ...base, port: evil.port, tls: skip },
      { ...base, host: 'localhost', port: evil.port, tls: skip },
      { ...base, port: evil.port },
      { ...base, port: vp.mqttPort, tls: skip },
      { ...base, port: vp.mqttPort, serial: '01P00A999999999' },
      { ...base, host: 'localhost' },
    ];
    for (const input of attempts) {
      const result = await call('printer:test-connection', input);
      expect(result, JSON.stringify(input)).toMatchObject({
        ok: false,
        error: { code: 'access-code-required' },
      });
      if (!result.ok) expect(result.error.message).toMatch(/enter its LAN access code again/);
    }
  });

  it('printer:update that moves the code elsewhere needs the code; a rename does not', async () => {
    const attempts = [
      { host: 'localhost', port: evil.port, tls: skip },
      { port: evil.port },
      { cameraPort: evil.port },
      { ftpsPort: evil.port },
      { tls: skip },
      { serial: '01P00A999999999' },
      { host: 'localhost' },
    ];
    for (const changes of attempts) {
      const result = await call('printer:update', stored.id, { ...changes, name: 'moved' });
      expect(result, JSON.stringify(changes)).toMatchObject({
        ok: false,
        error: { code: 'access-code-required' },
      });
    }
    const snapshot = engine.getSnapshot().printers[0];
    expect(snapshot).toMatchObject({ name: 'Saved', host: '127.0.0.1', port: vp.mqttPort });
    const renamed = await call('printer:update', stored.id, {
      name: 'Renamed',
      host: '127.0.0.1',
      port: vp.mqttPort,
      serial: vp.serial,
    });
    expect(renamed).toMatchObject({ ok: true, value: { name: 'Renamed', hasAccessCode: true } });
  });

  it('the unchanged address still works without the code', async () => {
    const live = await call('printer:test-connection', {
      id: stored.id,
      host: '127.0.0.1',
      serial: vp.serial,
    });
    expect(live.ok).toBe(true);
  });

  it('the listener never saw the saved code, though it does capture a code typed for it', async () => {
    await new Promise((r) => setTimeout(r, 500));
    expect(evil.received()).not.toContain(vp.accessCode);
    expect(evil.connections).toBe(0);
    // Control: a code typed for that address does reach it, so the listener would have caught one.
    const typed = 'Typed-4-evil';
    const report = await call('printer:test-connection', {
      id: stored.id,
      host: '127.0.0.1',
      port: evil.port,
      serial: vp.serial,
      tls: skip,
      accessCode: typed,
    });
    expect(report.ok).toBe(true);
    expect(evil.received()).toContain(typed);
    expect(evil.received()).not.toContain(vp.accessCode);
  });
});

describe('a saved cloud token only goes to the cloud it was issued by', () => {
  const token = 'cloud-token-secret-0123456789';

  async function restoreWith(saved: Record<string, unknown>) {
    const api = await startHttpCapture();
    const broker = await startTlsCapture('cloud');
    const secrets = createMemorySecretStore({
      [CLOUD_SECRET_KEY]: JSON.stringify({
        region: 'global',
        email: 'a@example.com',
        token,
        ...saved,
      }),
    });
    const other = await FarmEngine.start({
      settings: createMemorySettingsStore(),
      secrets,
      cloud: {
        apiUrl: `http://127.0.0.1:${api.port}`,
        mqttUrl: `mqtts://127.0.0.1:${broker.port}`,
        timeoutMs: 1_000,
      },
    });
    await new Promise((r) => setTimeout(r, 500));
    const view = (await dispatchRequest(other.handlers(), 'cloud:get-account', [], farmErrorOf)).ok
      ? other.cloud.view()
      : null;
    await other.close();
    const seen = api.received() + broker.received();
    await api.close();
    await broker.close();
    return { seen, view: view as CloudAccountView, apiUrl: `http://127.0.0.1:${api.port}` };
  }

  it('a token saved for Bambu is not sent to another configured cloud', async () => {
    const { seen, view } = await restoreWith({
      apiUrl: 'https://api.bambulab.com',
      mqttUrl: 'mqtts://us.mqtt.bambulab.com:8883',
    });
    expect(seen).not.toContain(token);
    expect(seen).toBe('');
    expect(view).toMatchObject({ status: 'signed-out', error: { code: 'cloud-failed' } });
    expect(view.error?.message).toMatch(/sign in again/);
  });

  it('an older save without its cloud counts as Bambu’s and is not sent elsewhere', async () => {
    const { seen } = await restoreWith({});
    expect(seen).not.toContain(token);
  });

  it('control: a token saved for this cloud is sent to it', async () => {
    const api = await startHttpCapture();
    const apiUrl = `http://127.0.0.1:${api.port}`;
    const secrets = createMemorySecretStore({
      [CLOUD_SECRET_KEY]: JSON.stringify({
        region: 'global',
        email: 'a@example.com',
        token,
        apiUrl,
        mqttUrl: 'mqtts://127.0.0.1:1',
      }),
    });
    const other = await FarmEngine.start({
      settings: createMemorySettingsStore(),
      secrets,
      cloud: { apiUrl, mqttUrl: 'mqtts://127.0.0.1:1', timeoutMs: 1_000 },
    });
    await expect.poll(() => api.received(), { timeout: 5_000 }).toContain(token);
    await other.close();
    await api.close();
  });
});

describe('an access code that came from the cloud account', () => {
  it('goes only to the address given when adding, and needs typing to go anywhere else', async () => {
    const email = 'exfil@example.com';
    const cloud = await startVirtualCloud({
      accounts: [
        {
          email,
          password: 'pw-not-used',
          uid: 777,
          login: 'email-code',
          devices: [{ serial: vp.serial, accessCode: vp.accessCode, mqttPort: vp.mqttPort }],
        },
      ],
    });
    const other = await FarmEngine.start({
      settings: createMemorySettingsStore(),
      secrets: createMemorySecretStore(),
      connectionTestTimeoutMs: 2_000,
      tuning: { reconnect: { initialMs: 100, maxMs: 500 }, connectTimeoutMs: 1_000 },
      cloud: {
        apiUrl: cloud.apiUrl,
        mqttUrl: cloud.mqttUrl ?? '',
        mqttCaPem: cloud.mqttCaPem ?? '',
      },
    });
    const on = (channel: string, ...args: unknown[]) =>
      dispatchRequest(other.handlers(), channel, args, farmErrorOf);
    try {
      await other.cloud.requestCode({ region: 'global', email });
      await other.cloud.submitCode(cloud.lastCode(email) ?? '');
      // Added with Bambu's printer CAs (CN = serial): a listener without such a certificate
      // never completes the handshake, so it never sees the MQTT login.
      const added = await on('cloud:add-printer', { serial: vp.serial, host: 'localhost' });
      expect(added).toMatchObject({ ok: true, value: { tlsMode: 'bambu-ca' } });
      const id = (added.ok ? (added.value as PrinterView) : stored).id;
      for (const changes of [{ port: evil.port }, { port: evil.port, tls: skip }, { tls: skip }]) {
        expect(await on('printer:update', id, changes), JSON.stringify(changes)).toMatchObject({
          ok: false,
          error: { code: 'access-code-required' },
        });
      }
      expect(
        await on('printer:test-connection', {
          id,
          host: '127.0.0.1',
          port: evil.port,
          serial: vp.serial,
          tls: skip,
        }),
      ).toMatchObject({ ok: false, error: { code: 'access-code-required' } });
      await new Promise((r) => setTimeout(r, 500));
      expect(evil.received()).not.toContain(vp.accessCode);
    } finally {
      await other.close();
      await cloud.close();
    }
  });
});
