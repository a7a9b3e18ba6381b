import { describe, expect, it } from 'vitest';
import type { PrinterView } from '../../shared/contract/farm-schemas.ts';
import type { HmsEntry, PrinterState } from '../../shared/printer-state.ts';
import { countsText, farmCounts } from './notify-counts.ts';

function view(
  status: PrinterState['status'],
  connection: PrinterView['connection']['status'] = 'online',
  hms: Partial<HmsEntry>[] = [],
): PrinterView {
  return {
    id: `p-${Math.random()}`,
    name: 'x',
    host: 'h',
    port: 8883,
    serial: 'S',
    hasAccessCode: true,
    tlsMode: 'bambu-ca',
    connection: { status: connection, since: 0, error: null },
    control: 'allowed',
    state: { status, hms } as unknown as PrinterState,
  };
}

describe('farmCounts', () => {
  it('counts printing and attention once per printer', () => {
    const counts = farmCounts([
      view('printing'),
      view('preparing'),
      view('printing', 'online', [{ severity: 'serious' }]),
      view('printing', 'online', [{ severity: 'info' }]),
      view('paused'),
      view('failed'),
      view('idle'),
      view('printing', 'offline'),
      view('idle', 'auth-failed'),
    ]);
    expect(counts).toEqual({ printing: 3, attention: 5, total: 9 });
    expect(countsText(counts)).toBe('3 printing · 5 need attention');
  });

  it('trusts the cloud path of a printer the LAN cannot reach', () => {
    const onCloud = { ...view('printing', 'offline'), via: 'cloud' as const };
    expect(farmCounts([onCloud])).toEqual({ printing: 1, attention: 0, total: 1 });
    expect(countsText({ printing: 0, attention: 1, total: 1 })).toBe(
      '0 printing · 1 needs attention',
    );
  });
});
