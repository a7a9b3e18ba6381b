import { describe, expect, it } from 'vitest';
import type { PrinterState } from '../../shared/printer-state.ts';
import type { SlicedFilament } from '../threemf/slice-info.ts';
import {
  colorDistance,
  loadedTrays,
  parseAmsMapping,
  proposeAmsMapping,
  type TrayCandidate,
} from './ams-mapping.ts';

const fil = (id: number, type: string, color: string): SlicedFilament => ({
  id,
  type,
  color,
  grams: 1,
  meters: 1,
  presetId: null,
});
const tray = (t: number, material: string, color: string): TrayCandidate => ({
  tray: t,
  label: `t${t}`,
  material,
  color,
});

describe('colorDistance', () => {
  it('is 0 for the same colour, large for black vs white, null for junk', () => {
    expect(colorDistance('#161616', '#161616')).toBe(0);
    expect(colorDistance('#000000', '#FFFFFF')).toBeGreaterThan(700);
    expect(colorDistance('#FF0000', '#EE1111')).toBeLessThan(colorDistance('#FF0000', '#0000FF')!);
    expect(colorDistance('red', '#000000')).toBeNull();
  });
});

describe('proposeAmsMapping', () => {
  const trays = [
    tray(0, 'PLA', '#FFFFFF'),
    tray(1, 'PLA', '#101010'),
    tray(2, 'PETG', '#F0F0F0'),
    tray(5, 'PLA', '#E02020'),
  ];

  it('matches material first, then the nearest colour, one slot per filament id', () => {
    const p = proposeAmsMapping([fil(1, 'PLA', '#161616'), fil(3, 'PETG', '#FFFFFF')], trays);
    expect(p.mapping).toEqual([1, -1, 2]);
    expect(p.complete).toBe(true);
    expect(p.matches.map((m) => m.material)).toEqual(['exact', 'exact']);
  });

  it('prefers a material match over a closer colour of another material', () => {
    const p = proposeAmsMapping([fil(1, 'PETG', '#FF0000')], trays);
    expect(p.mapping).toEqual([2]);
  });

  it('accepts the same family when the exact material is missing', () => {
    const p = proposeAmsMapping([fil(1, 'PETG HF', '#EEEEEE')], trays);
    expect(p.matches[0]).toMatchObject({ material: 'family', tray: { tray: 2 } });
  });

  it('leaves unmatched filaments at -1 and says the proposal is incomplete', () => {
    const p = proposeAmsMapping([fil(1, 'PLA', '#FFFFFF'), fil(2, 'ABS', '#000000')], trays);
    expect(p.mapping).toEqual([0, -1]);
    expect(p.complete).toBe(false);
    expect(p.matches[1]).toMatchObject({ material: 'none', tray: null });
  });

  it('lets several filaments share one tray', () => {
    const p = proposeAmsMapping([fil(1, 'PLA', '#FFFFFF'), fil(2, 'PLA', '#FEFEFE')], trays);
    expect(p.mapping).toEqual([0, 0]);
  });
});

describe('loadedTrays', () => {
  it('numbers AMS slots unit*4+slot, AMS HT by unit id, and skips empty trays', () => {
    const state = {
      ams: [
        {
          id: 1,
          kind: 'ams',
          trays: [
            { slot: 0, empty: true, material: null, color: null },
            { slot: 2, empty: false, material: 'PLA', color: '#00FF00' },
          ],
        },
        {
          id: 128,
          kind: 'ams-ht',
          trays: [{ slot: 0, empty: false, material: 'PA-CF', color: null }],
        },
      ],
    } as unknown as PrinterState;
    expect(loadedTrays(state)).toEqual([
      { tray: 6, label: 'AMS 2 slot 3', material: 'PLA', color: '#00FF00' },
      { tray: 128, label: 'AMS HT 128', material: 'PA-CF', color: '#000000' },
    ]);
  });
});

describe('parseAmsMapping', () => {
  const used = [fil(1, 'PLA', '#000000'), fil(3, 'PETG', '#FFFFFF')];
  it('parses a comma list', () => {
    expect(parseAmsMapping('0, -1, 5', used)).toEqual([0, -1, 5]);
    expect(parseAmsMapping('-1,-1,-1', used)).toEqual([-1, -1, -1]);
  });
  it('rejects junk and mappings that forget a used filament', () => {
    expect(() => parseAmsMapping('0,x', used)).toThrow(/tray numbers/);
    expect(() => parseAmsMapping('0,,1', used)).toThrow(/tray numbers/);
    expect(() => parseAmsMapping('0,1', used)).toThrow(/no tray to filament 3 \(PETG #FFFFFF\)/);
  });
});
