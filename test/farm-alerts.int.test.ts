import { afterEach, describe, expect, it } from 'vitest';
import { AlertsView } from '../shared/contract/alert-schemas.ts';
import type { AlertsInput } from '../shared/contract/alert-schemas.ts';
import type { PrinterView } from '../shared/contract/farm-schemas.ts';
import { FarmEngine, type FarmEngineOptions } from '../core/farm/farm-engine.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import type { FarmLogger } from '../core/farm/ports.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../sim/virtual-printer.ts';
import { startAlertReceiver, type AlertReceiver } from './support/alert-receiver.ts';
import { freePort } from './support/free-port.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

const HOOK_SECRET = 'hook-secret-T0K3N';
const NTFY_TOKEN = 'tk_ntfy-secret-123';
const ALL_KINDS = [
  'print-finished',
  'print-failed',
  'hms-error',
  'printer-offline',
  'queue-empty',
  'bed-waiting',
] as const;

async function receiver(): Promise<AlertReceiver> {
  const r = await startAlertReceiver();
  cleanups.push(() => r.close());
  return r;
}

async function virtualPrinter(): Promise<VirtualPrinter> {
  const printer = await startVirtualPrinter({
    model: 'P1S',
    reportIntervalMs: 200,
    timeScale: 600,
  });
  cleanups.push(() => printer.close());
  return printer;
}

/** An engine whose logger keeps every line, to prove no secret reaches a log. */
async function engine(extra: Partial<FarmEngineOptions> = {}) {
  const lines: string[] = [];
  const logger: FarmLogger = {
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
  };
  const secrets = createMemorySecretStore();
  const farm = await FarmEngine.start({
    settings: createMemorySettingsStore(),
    secrets,
    logger,
    tuning: { reconnect: { initialMs: 100, maxMs: 500 } },
    ...extra,
  });
  cleanups.push(() => farm.close());
  return { farm, lines, secrets, handlers: farm.handlers() };
}

const lanInput = (p: VirtualPrinter) => ({
  name: 'Rack A 1',
  host: p.host,
  port: p.mqttPort,
  serial: p.serial,
  accessCode: p.accessCode,
  tls: { mode: 'custom-ca' as const, caPem: p.certificatePem },
});

function waitForView(farm: FarmEngine, id: string, check: (v: PrinterView) => boolean) {
  const now = farm.getSnapshot().printers.find((p) => p.id === id);
  if (now && check(now)) return Promise.resolve(now);
  return new Promise<PrinterView>((resolve) => {
    const off = farm.onBatch((batch) => {
      const view = batch.printers.find((p) => p.id === id);
      if (view && check(view)) {
        off();
        resolve(view);
      }
    });
  });
}

const both = (r: AlertReceiver, kinds: AlertsInput['webhook']['kinds'] = [...ALL_KINDS]) => ({
  webhook: { enabled: true, kinds, url: `${r.origin}/hook/${HOOK_SECRET}` },
  ntfy: {
    enabled: true,
    kinds,
    server: `${r.origin}/ntfy`,
    topic: 'farm_alerts',
    token: NTFY_TOKEN,
  },
});

describe('alerts through the engine (loopback webhook and ntfy servers)', () => {
  it('sends a finished print to the webhook and to ntfy, and keeps the secrets out of alerts:get and logs', async () => {
    const r = await receiver();
    const vp = await virtualPrinter();
    const { farm, lines, secrets, handlers } = await engine();

    const saved = await handlers['alerts:set'](both(r));
    const got = await handlers['alerts:get']();
    for (const view of [saved, got]) {
      expect(AlertsView.parse(view)).toEqual(view);
      expect(JSON.stringify(view)).not.toContain(HOOK_SECRET);
      expect(JSON.stringify(view)).not.toContain(NTFY_TOKEN);
    }
    expect(got.webhook).toMatchObject({ urlHint: `${r.origin}/…`, hasSecret: true });
    expect(got.ntfy).toMatchObject({
      server: `${r.origin}/ntfy`,
      topic: 'farm_alerts',
      hasSecret: true,
    });
    expect(await secrets.get('alert:webhook:url')).toBe(`${r.origin}/hook/${HOOK_SECRET}`);
    expect(await secrets.get('alert:ntfy:token')).toBe(NTFY_TOKEN);

    const { id } = await farm.addPrinter(lanInput(vp));
    await waitForView(farm, id, (v) => v.connection.status === 'online' && v.state !== null);
    vp.startJob({ file: 'bracket.gcode.3mf', minutes: 30 });

    const hook = await r.waitFor((a) => a.path === `/hook/${HOOK_SECRET}`);
    expect(hook.method).toBe('POST');
    expect(hook.headers['content-type']).toBe('application/json');
    const payload = JSON.parse(hook.body) as Record<string, unknown>;
    expect(payload).toMatchObject({
      event: 'print-finished',
      title: 'Print finished on Rack A 1',
      printer: { name: 'Rack A 1', serial: vp.serial },
      farmdeck: { version: expect.any(String) as unknown },
    });
    expect(new Date(payload.at as string).toISOString()).toBe(payload.at);

    const push = await r.waitFor((a) => a.path === '/ntfy/farm_alerts');
    expect(push.method).toBe('POST');
    expect(push.headers).toMatchObject({
      title: 'Print finished on Rack A 1',
      priority: '3',
      authorization: `Bearer ${NTFY_TOKEN}`,
    });
    expect(push.headers.tags).toContain('print-finished');
    expect(push.body).toContain(vp.serial);

    await farm.alerts.idle();
    const after = await handlers['alerts:get']();
    expect(after.webhook.last).toMatchObject({ ok: true, status: 200 });
    expect(after.ntfy.last).toMatchObject({ ok: true, status: 200 });
    const log = lines.join('\n');
    expect(log).toContain('alert webhook: sent (HTTP 200)');
    expect(log).not.toContain(HOOK_SECRET);
    expect(log).not.toContain(NTFY_TOKEN);
    expect(log).not.toContain('/hook/');
  });

  it('sends queue events (no printer for "queue empty") only to the channels that want their kind', async () => {
    const r = await receiver();
    const { farm, handlers } = await engine();
    await handlers['alerts:set']({
      ...both(r, ['queue-empty', 'bed-waiting']),
      ntfy: { ...both(r).ntfy, kinds: ['bed-waiting'] },
    });
    farm.notifications.raiseFarm({ kind: 'queue-empty' });
    farm.notifications.raiseFarm({ kind: 'bed-waiting', printerId: 'p-x', printerName: 'Rack C' });
    await farm.alerts.idle();
    const hooks = r.received.filter((a) => a.path.startsWith('/hook/'));
    expect(hooks.map((a) => (JSON.parse(a.body) as { event: string }).event)).toEqual([
      'queue-empty',
      'bed-waiting',
    ]);
    expect((JSON.parse(hooks[0]?.body ?? '{}') as { printer: unknown }).printer).toBeNull();
    // a printer the farm does not know (anymore) has no serial, but keeps its name
    expect((JSON.parse(hooks[1]?.body ?? '{}') as { printer: unknown }).printer).toEqual({
      name: 'Rack C',
      serial: null,
    });
    const pushes = r.received.filter((a) => a.path.startsWith('/ntfy/'));
    expect(pushes.map((a) => a.headers.tags)).toEqual(['raised_hand,farmdeck,bed-waiting']);
  });

  it('answers the test button with the status, or with what to fix', async () => {
    const r = await receiver();
    const { handlers, lines } = await engine();
    await expect(handlers['alerts:test']('webhook')).rejects.toThrow(/save a webhook URL first/);

    await handlers['alerts:set'](both(r));
    expect(await handlers['alerts:test']('webhook')).toMatchObject({
      ok: true,
      status: 200,
      message: 'the webhook answered 200',
    });
    const test = await r.waitFor((a) => a.path.startsWith('/hook/'));
    expect(JSON.parse(test.body)).toMatchObject({ event: 'test', printer: null });
    expect(await handlers['alerts:test']('ntfy')).toMatchObject({ ok: true, status: 200 });

    r.answer(`/hook/${HOOK_SECRET}`, 404);
    expect(await handlers['alerts:test']('webhook')).toMatchObject({
      ok: false,
      status: 404,
      message: 'the webhook answered 404: check the URL',
    });
    r.answer('/ntfy/farm_alerts', 403);
    expect((await handlers['alerts:test']('ntfy')).message).toBe(
      'the ntfy server answered 403: check the access token and that it may publish to this topic',
    );
    // a redirect to another host is not followed (the URL is a secret; the other host is not trusted)
    r.answer(`/hook/${HOOK_SECRET}`, 307, { location: 'http://localhost:1/elsewhere' });
    const redirected = await handlers['alerts:test']('webhook');
    expect(redirected.message).toMatch(/redirects to another host \(localhost:1\)/);
    expect(r.received.some((a) => a.path === '/elsewhere')).toBe(false);
    // a redirect within the same host keeps the POST
    r.answer(`/hook/${HOOK_SECRET}`, 308, { location: '/hook/moved' });
    expect(await handlers['alerts:test']('webhook')).toMatchObject({ ok: true, status: 200 });
    expect((await r.waitFor((a) => a.path === '/hook/moved')).method).toBe('POST');

    const got = await handlers['alerts:get']();
    expect(got.webhook.last).toMatchObject({ ok: true, status: 200 });
    expect(got.ntfy.last).toMatchObject({ ok: false, status: 403 });
    expect(lines.join('\n')).toContain('alert ntfy: failed (HTTP 403)');
    expect(lines.join('\n')).not.toContain(HOOK_SECRET);
  });

  it('keeps, deletes and refuses secrets as the settings say', async () => {
    const r = await receiver();
    const { handlers, secrets } = await engine();
    await handlers['alerts:set'](both(r));
    // absent = keep
    const kept = await handlers['alerts:set']({
      webhook: { enabled: true, kinds: ['print-failed'] },
      ntfy: {
        enabled: true,
        kinds: ['print-failed'],
        server: `${r.origin}/ntfy`,
        topic: 'farm_alerts',
      },
    });
    expect(kept.webhook).toMatchObject({ hasSecret: true, kinds: ['print-failed'] });
    expect(await secrets.get('alert:ntfy:token')).toBe(NTFY_TOKEN);
    // the saved token never follows a new server by itself
    await expect(
      handlers['alerts:set']({
        webhook: { enabled: true, kinds: [] },
        ntfy: { enabled: true, kinds: [], server: 'https://ntfy.elsewhere.example', topic: 'x' },
      }),
    ).rejects.toThrow(/saved ntfy token was for another server/);
    // only http(s)
    await expect(
      handlers['alerts:set']({
        ...both(r),
        webhook: { enabled: true, kinds: [], url: 'ftp://x/y' },
      }),
    ).rejects.toThrow(/must start with http:\/\/ or https:\/\//);
    await expect(
      handlers['alerts:set']({
        ...both(r),
        ntfy: { ...both(r).ntfy, server: `http://u:${NTFY_TOKEN}@127.0.0.1:1` },
      }),
    ).rejects.toThrow(/token field, not in the server address/);
    await expect(
      handlers['alerts:set']({ ...both(r), ntfy: { ...both(r).ntfy, token: 'tk ü' } }),
    ).rejects.toThrow(/characters a token cannot have/);
    // '' = delete
    const cleared = await handlers['alerts:set']({
      webhook: { enabled: false, kinds: [], url: '' },
      ntfy: {
        enabled: false,
        kinds: [],
        server: `${r.origin}/ntfy`,
        topic: 'farm_alerts',
        token: '',
      },
    });
    expect(cleared.webhook).toMatchObject({ hasSecret: false, urlHint: null });
    expect(cleared.ntfy.hasSecret).toBe(false);
    expect(await secrets.get('alert:webhook:url')).toBeNull();
    expect(await secrets.get('alert:ntfy:token')).toBeNull();
  });

  it('a dead endpoint never blocks the engine: refused and hanging servers report their error', async () => {
    const r = await receiver();
    const closedPort = await freePort();
    const vp = await virtualPrinter();
    const { farm, handlers, lines } = await engine({
      tuning: { reconnect: { initialMs: 100, maxMs: 500 }, silenceTimeoutMs: 1_500 },
      alerts: { timeoutMs: 400, retryDelaysMs: [20, 20], maxPending: 2 },
    });
    await handlers['alerts:set']({
      webhook: { enabled: true, kinds: [...ALL_KINDS], url: `${r.origin}/hang/${HOOK_SECRET}` },
      ntfy: {
        enabled: true,
        kinds: [...ALL_KINDS],
        server: `http://127.0.0.1:${closedPort}`,
        topic: 'farm',
        token: NTFY_TOKEN,
      },
    });
    const refused = await handlers['alerts:test']('ntfy');
    expect(refused).toMatchObject({ ok: false, status: null });
    expect(refused.message).toBe(
      `ntfy server unreachable: connection refused by 127.0.0.1:${closedPort}: check the address and that the server is running`,
    );
    const hung = await handlers['alerts:test']('webhook');
    expect(hung.message).toBe(
      `webhook unreachable: no answer from 127.0.0.1:${r.port} within 400 ms: check that the server is up`,
    );

    // While the webhook hangs, the engine keeps going: a printer goes offline and the farm reports it.
    const { id } = await farm.addPrinter(lanInput(vp));
    await waitForView(farm, id, (v) => v.connection.status === 'online' && v.state !== null);
    vp.inject('silent');
    await waitForView(farm, id, (v) => v.connection.status === 'offline');
    expect((await handlers['farm:get-snapshot']()).printers).toHaveLength(1);

    // More alerts than a channel keeps: the oldest waiting ones are dropped and counted.
    for (let i = 0; i < 5; i += 1) farm.notifications.raiseFarm({ kind: 'queue-empty' });
    await farm.alerts.idle();
    const view = await handlers['alerts:get']();
    // one alert is in flight at most, so at least 2 of 5 cannot wait
    expect(view.webhook.dropped).toBeGreaterThanOrEqual(2);
    expect(view.webhook.last).toMatchObject({ ok: false, status: null });
    expect(view.webhook.last?.message).toContain('no answer from');
    expect(view.ntfy.last?.message).toContain('connection refused');
    // Closing the engine while an alert hangs aborts it instead of waiting for the endpoint.
    // (an aborted alert records no result: without the abort, close would wait out the timeout and
    // its retries, and a new result would replace the last one)
    const before = r.received.length;
    const lastBefore = farm.alerts.view().webhook.last;
    farm.notifications.raiseFarm({ kind: 'queue-empty' });
    await r.waitFor((a) => r.received.indexOf(a) >= before && a.path.startsWith('/hang/'));
    await farm.close();
    expect(farm.alerts.view().webhook.last).toBe(lastBefore);
    const log = lines.join('\n');
    expect(log).toContain('alert webhook: failed (no answer)');
    expect(log).not.toContain(HOOK_SECRET);
    expect(log).not.toContain(NTFY_TOKEN);
  });
});
