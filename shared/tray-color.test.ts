import { describe, expect, it } from 'vitest';
import { amsUnits, externalSpools, trayAlpha, trayColor } from './normalize-ams.ts';

describe('tray colours with alpha (quirks.md: transparent filament)', () => {
  it('keeps the alpha of RRGGBBAA colours below FF', () => {
    expect([trayColor('FF0000FF'), trayAlpha('FF0000FF')]).toEqual(['#FF0000', null]);
    expect([trayColor('ff000080'), trayAlpha('ff000080')]).toEqual(['#FF0000', 128]);
    expect([trayColor('00000000'), trayAlpha('00000000')]).toEqual([null, 0]);
    expect([trayColor('00AE42'), trayAlpha('00AE42')]).toEqual(['#00AE42', null]);
    expect(trayAlpha('zz000000')).toBeNull();
    expect(trayAlpha(undefined)).toBeNull();
  });

  it('a loaded tray with 00000000 is clear filament, not "no colour"', () => {
    const print = {
      ams: {
        ams: [
          {
            id: '0',
            tray: [
              { id: '0', tray_type: 'PETG', tray_color: '00000000', remain: 80 },
              { id: '1', tray_type: 'PLA', tray_color: 'F2F2F2FF', remain: 50 },
              { id: '2', tray_type: 'PLA', tray_color: '0000FF7F', remain: 10 },
              { id: '3' },
            ],
          },
        ],
      },
    };
    const [unit] = amsUnits(print, null, null);
    const trays = unit?.trays ?? [];
    expect(trays[0]).toMatchObject({ empty: false, material: 'PETG', color: null, alpha: 0 });
    expect(trays[1]).toMatchObject({ color: '#F2F2F2' });
    expect(trays[1]).not.toHaveProperty('alpha');
    expect(trays[2]).toMatchObject({ color: '#0000FF', alpha: 127 });
    expect(trays[3]).toMatchObject({ empty: true, color: null });
    expect(trays[3]).not.toHaveProperty('alpha');
  });

  it('an external spool of clear filament carries alpha 0 too', () => {
    const [spool] = externalSpools({
      vt_tray: { id: '254', tray_type: 'PETG', tray_color: '00000000' },
    });
    expect(spool).toMatchObject({ material: 'PETG', alpha: 0 });
  });
});
