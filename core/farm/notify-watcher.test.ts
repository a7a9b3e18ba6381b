import { describe, expect, it } from 'vitest';
import type { PrinterView } from '../../shared/contract/farm-schemas.ts';
import type { HmsEntry, PrinterState } from '../../shared/printer-state.ts';
import { NotifyWatcher } from './notify-watcher.ts';

function view(
  gcodeState: string | null,
  extra: { hms?: HmsEntry[]; status?: PrinterView['connection']['status']; error?: string } = {},
): PrinterView {
  const state = {
    gcodeState,
    jobName: 'benchy',
    hms: extra.hms ?? [],
    printError: extra.error ? { code: '0300_400C', message: extra.error } : null,
  } as unknown as PrinterState;
  return {
    id: 'p-1',
    name: 'Rack A',
    host: '10.0.0.2',
    port: 8883,
    serial: '01P00A000000001',
    hasAccessCode: true,
    tlsMode: 'bambu-ca',
    connection: { status: extra.status ?? 'online', since: 0, error: null },
    control: 'allowed',
    state: gcodeState === null ? null : state,
  };
}

const hms = (code: string, severity: HmsEntry['severity'] = 'serious'): HmsEntry => ({
  code,
  severity,
  module: 'mc',
  message: `problem ${code}`,
  url: 'https://wiki.bambulab.com',
});

describe('NotifyWatcher', () => {
  it('raises nothing for the first view of a printer (no replay of old news)', () => {
    const w = new NotifyWatcher();
    expect(w.observe(view('FAILED', { hms: [hms('0300_0100_0001_0001')] }))).toEqual([]);
  });

  it('announces a finished and a failed print, naming the printer and the job', () => {
    const w = new NotifyWatcher();
    w.observe(view('RUNNING'));
    const [done] = w.observe(view('FINISH'));
    expect(done).toMatchObject({ kind: 'print-finished', printerId: 'p-1', printerName: 'Rack A' });
    expect(done?.title).toBe('Print finished on Rack A');
    expect(w.observe(view('FINISH'))).toEqual([]);
    w.observe(view('PAUSE'));
    const [failed] = w.observe(view('FAILED', { error: 'Filament ran out' }));
    expect(failed?.kind).toBe('print-failed');
    expect(failed?.body).toContain('Filament ran out');
  });

  it('does not call a FINISH seen after IDLE a finished print', () => {
    const w = new NotifyWatcher();
    w.observe(view('IDLE'));
    expect(w.observe(view('FINISH'))).toEqual([]);
  });

  it('announces each new HMS error once and ignores info entries', () => {
    const w = new NotifyWatcher();
    w.observe(view('RUNNING', { hms: [hms('A'), hms('I', 'info')] }));
    expect(w.observe(view('RUNNING', { hms: [hms('A'), hms('B'), hms('J', 'info')] }))).toEqual([
      expect.objectContaining({ kind: 'hms-error', body: 'problem B (HMS B)' }),
    ]);
    expect(w.observe(view('RUNNING', { hms: [hms('A'), hms('B')] }))).toEqual([]);
  });

  it('announces a printer that went offline, once, and keeps the job state while offline', () => {
    const w = new NotifyWatcher();
    w.observe(view('RUNNING'));
    expect(w.observe(view(null, { status: 'offline' }))).toEqual([
      expect.objectContaining({ kind: 'printer-offline', title: 'Rack A is offline' }),
    ]);
    expect(w.observe(view(null, { status: 'offline' }))).toEqual([]);
    w.observe(view(null, { status: 'connecting' }));
    expect(w.observe(view('FINISH'))).toEqual([
      expect.objectContaining({ kind: 'print-finished' }),
    ]);
  });

  it('starts over for a printer it forgot', () => {
    const w = new NotifyWatcher();
    w.observe(view('RUNNING'));
    w.forget('p-1');
    expect(w.observe(view('FAILED'))).toEqual([]);
  });
});
