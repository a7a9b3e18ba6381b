import { describe, expect, it } from 'vitest';
import type { Tray } from '../../shared/printer-state.ts';
import { trayColorText, traySwatchStyle } from './tray-swatch.ts';

const tray = (over: Partial<Tray>): Tray => ({
  slot: 0,
  empty: false,
  material: 'PLA',
  color: null,
  remainPercent: null,
  ...over,
});

describe('tray swatches', () => {
  it('shows clear filament over a checkerboard, not as "no colour"', () => {
    const clear = tray({ alpha: 0 });
    expect(traySwatchStyle(clear)?.background).toMatch(/repeating-conic-gradient/);
    expect(trayColorText(clear)).toBe('clear');
    expect(traySwatchStyle(tray({}))).toBeUndefined();
    expect(trayColorText(tray({}))).toBe('no colour reported');
  });

  it('tints translucent filament with its alpha and keeps opaque colours plain', () => {
    const red = tray({ color: '#FF0000', alpha: 128 });
    expect(traySwatchStyle(red)?.background).toMatch(/^linear-gradient\(#FF000080, #FF000080\)/);
    expect(trayColorText(red)).toBe('#FF0000, translucent');
    expect(traySwatchStyle(tray({ color: '#000000' }))).toEqual({
      backgroundColor: '#000000',
      color: '#fff',
    });
    expect(traySwatchStyle(tray({ empty: true, alpha: 0 }))).toBeUndefined();
  });
});
