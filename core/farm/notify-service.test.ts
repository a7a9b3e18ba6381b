import { describe, expect, it } from 'vitest';
import type { PrinterView } from '../../shared/contract/farm-schemas.ts';
import type { FarmNotification } from '../../shared/contract/notify-schemas.ts';
import type { PrinterState } from '../../shared/printer-state.ts';
import { createMemorySecretStore } from './memory-stores.ts';
import { NOTIFY_PREFS_KEY, NotifyService } from './notify-service.ts';
import { silentLogger } from './ports.ts';

const view = (gcodeState: string, status: PrinterView['connection']['status'] = 'online') =>
  ({
    id: 'p-7',
    name: 'Corner X1',
    connection: { status, since: 0, error: null },
    state: { gcodeState, hms: [], jobName: null, printError: null } as unknown as PrinterState,
  }) as PrinterView;

describe('NotifyService', () => {
  it('publishes allowed kinds with an id and a time, and honours the saved switches', async () => {
    const store = createMemorySecretStore();
    const published: FarmNotification[] = [];
    const service = new NotifyService(
      store,
      (n) => published.push(n),
      silentLogger,
      () => 1234,
    );
    await service.load();
    service.observe([view('RUNNING')]);
    service.observe([view('FINISH')]);
    expect(published).toEqual([
      expect.objectContaining({ id: 'n-1', kind: 'print-finished', printerId: 'p-7', at: 1234 }),
    ]);

    await service.setPrefs({ ...service.getPrefs(), 'printer-offline': false });
    service.observe([view('FINISH', 'offline')]);
    expect(published).toHaveLength(1);

    // A new engine reads the switches back.
    const again = new NotifyService(store, () => undefined, silentLogger, Date.now);
    await again.load();
    expect(again.getPrefs()['printer-offline']).toBe(false);
    expect(again.getPrefs()['print-failed']).toBe(true);
  });

  it('falls back to every kind on when the saved switches are unreadable', async () => {
    const store = createMemorySecretStore({ [NOTIFY_PREFS_KEY]: '{not json' });
    const service = new NotifyService(store, () => undefined, silentLogger, Date.now);
    await service.load();
    expect(Object.values(service.getPrefs())).toEqual([true, true, true, true, true, true]);
  });

  it('loads switches saved before the queue kinds existed with those kinds on', async () => {
    const old = {
      'print-finished': false,
      'print-failed': true,
      'hms-error': true,
      'printer-offline': true,
    };
    const store = createMemorySecretStore({ [NOTIFY_PREFS_KEY]: JSON.stringify(old) });
    const service = new NotifyService(store, () => undefined, silentLogger, Date.now);
    await service.load();
    expect(service.getPrefs()).toEqual({ ...old, 'queue-empty': true, 'bed-waiting': true });
  });

  it('raises the queue\'s events, with no printer for "queue empty"', async () => {
    const published: FarmNotification[] = [];
    const forwarded: FarmNotification[] = [];
    const service = new NotifyService(
      createMemorySecretStore(),
      (n) => published.push(n),
      silentLogger,
      () => 99,
      (n) => forwarded.push(n),
    );
    await service.load();
    service.raiseFarm({ kind: 'queue-empty' });
    service.raiseFarm({ kind: 'bed-waiting', printerId: 'p-2', printerName: 'Rack B' });
    expect(published).toEqual([
      expect.objectContaining({ kind: 'queue-empty', printerId: null, printerName: null, at: 99 }),
      expect.objectContaining({
        kind: 'bed-waiting',
        printerId: 'p-2',
        printerName: 'Rack B',
        title: 'Rack B waits for "Bed cleared"',
      }),
    ]);
    expect(forwarded).toEqual(published);
  });

  it('forwards to the alert channels even the kinds switched off on the desktop', async () => {
    const published: FarmNotification[] = [];
    const forwarded: FarmNotification[] = [];
    const service = new NotifyService(
      createMemorySecretStore(),
      (n) => published.push(n),
      silentLogger,
      () => 1,
      (n) => forwarded.push(n),
    );
    await service.setPrefs({ ...service.getPrefs(), 'print-finished': false });
    service.observe([view('RUNNING')]);
    service.observe([view('FINISH')]);
    expect(published).toEqual([]);
    expect(forwarded.map((n) => n.kind)).toEqual(['print-finished']);
  });
});
