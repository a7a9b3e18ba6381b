import { describe, expect, it } from 'vitest';
import type { PrinterState } from '../../shared/printer-state.ts';
import type { ThreeMfInfo, ThreeMfPlate } from '../threemf/read-threemf.ts';
import { planTarget, type PlanPrinter } from './print-plan.ts';

const plate: ThreeMfPlate = {
  index: 2,
  printerModelId: 'C12',
  nozzleDiameters: [0.4],
  predictionSeconds: 3600,
  weightGrams: 20,
  labelObjects: false,
  filaments: [
    { id: 1, type: 'PLA', color: '#101010', grams: 10, meters: 3, presetId: null },
    { id: 3, type: 'PETG HF', color: '#FF0000', grams: 10, meters: 3, presetId: null },
  ],
  objects: [],
  gcodeEntry: 'Metadata/plate_2.gcode',
  gcodeBytes: 1000,
  thumbnailEntry: null,
  totalLayers: 50,
  bedType: null,
  slicer: null,
};
const info: ThreeMfInfo = {
  path: '/tmp/x.gcode.3mf',
  fileBytes: 1000,
  application: null,
  title: null,
  printerModelName: 'Bambu Lab P1S',
  plates: [plate],
};

function state(over: Record<string, unknown> = {}): PrinterState {
  return {
    online: true,
    model: 'P1S',
    gcodeState: 'IDLE',
    jobName: null,
    ams: [
      {
        id: 0,
        trays: [
          { slot: 0, empty: false, material: 'PLA', color: '#FFFFFF' },
          { slot: 1, empty: false, material: 'PLA', color: '#111111' },
          { slot: 2, empty: false, material: 'PETG', color: '#EE1111' },
          { slot: 3, empty: true, material: null, color: null },
        ],
      },
    ],
    externalSpools: [],
    nozzles: [{}],
    ...over,
  } as unknown as PrinterState;
}

const printer = (s: PrinterState | null, online = true): PlanPrinter => ({
  id: 'p1',
  name: 'Rack 1',
  online,
  state: s,
});

describe('planTarget', () => {
  it('is ready with a mapping by material, then family, then colour', () => {
    const plan = planTarget(info, plate, printer(state()));
    expect(plan).toMatchObject({ readiness: 'ready', reason: null, complete: true });
    expect(plan.mapping).toEqual([1, -1, 2]);
    expect(plan.matches).toEqual([
      { filamentId: 1, tray: 1, quality: 'exact' },
      { filamentId: 3, tray: 2, quality: 'family' },
    ]);
    expect(plan.trays.map((t) => t.label)).toEqual([
      'AMS 1 slot 1',
      'AMS 1 slot 2',
      'AMS 1 slot 3',
    ]);
  });

  it('says why a printer cannot take the plate: other model, offline, busy', () => {
    const a1 = planTarget(info, plate, printer(state({ model: 'A1' })));
    expect(a1.readiness).toBe('incompatible');
    expect(a1.reason).toBe(
      "plate 2 was sliced for the P1S, not for Rack 1's A1: slice it for this model",
    );
    const offline = planTarget(info, plate, printer(state(), false));
    expect(offline).toMatchObject({ readiness: 'offline' });
    expect(offline.reason).toMatch(/Rack 1 is not connected/);
    const busy = planTarget(
      info,
      plate,
      printer(state({ gcodeState: 'RUNNING', jobName: 'gear' })),
    );
    expect(busy.readiness).toBe('busy');
    expect(busy.reason).toMatch(/busy \(RUNNING: gear\): send only/);
  });

  it('proposes the external spool for a filament that matches it and no AMS tray', () => {
    const ext = { slot: 0, empty: false, material: 'PETG', color: '#FF0000' };
    const onlyPla = state({
      ams: [{ id: 0, trays: [{ slot: 0, empty: false, material: 'PLA', color: '#111111' }] }],
      externalSpools: [{ ...ext, id: 255 }],
      nozzles: [{}],
    });
    const plan = planTarget(info, plate, printer(onlyPla));
    expect(plan.mapping).toEqual([0, -1, 255]);
    expect(plan.complete).toBe(true);
    expect(plan.matches).toEqual([
      { filamentId: 1, tray: 0, quality: 'exact' },
      { filamentId: 3, tray: 255, quality: 'family' },
    ]);
    expect(plan.trays.map((t) => t.label)).toEqual(['AMS 1 slot 1', 'external spool']);
    // An AMS tray of the material wins over the external spool, even with a nearer colour there.
    const both = planTarget(
      info,
      plate,
      printer(state({ externalSpools: [{ ...ext, id: 255, color: '#101010', material: 'PLA' }] })),
    );
    expect(both.mapping).toEqual([1, -1, 2]);
  });

  it("H2D: proposes the left nozzle's external spool as 254; still incomplete when nothing fits", () => {
    const h2d = state({
      model: 'H2D',
      ams: [{ id: 0, trays: [{ slot: 0, empty: false, material: 'PLA', color: '#111111' }] }],
      externalSpools: [
        { id: 254, slot: 0, empty: false, material: 'PETG HF', color: '#FF0000' },
        { id: 255, slot: 0, empty: true, material: null, color: null },
      ],
      nozzles: [{}, {}],
    });
    const plan = planTarget({ ...info, printerModelName: null }, plate, printer(h2d));
    expect(plan.mapping).toEqual([0, -1, 254]);
    expect(plan.matches[1]).toEqual({ filamentId: 3, tray: 254, quality: 'exact' });
    expect(plan.trays.at(-1)?.label).toBe('external spool (left nozzle)');
    const none = planTarget(
      { ...info, printerModelName: null },
      plate,
      printer(state({ ...h2d, externalSpools: [] })),
    );
    expect(none.complete).toBe(false);
    expect(none.matches[1]).toEqual({ filamentId: 3, tray: null, quality: 'none' });
  });

  it('proposes no mapping without a loaded AMS (external spool)', () => {
    const plan = planTarget(info, plate, printer(state({ ams: [] })));
    expect(plan).toMatchObject({ readiness: 'ready', mapping: [], trays: [], complete: false });
    expect(planTarget(info, plate, printer(null, false)).readiness).toBe('offline');
  });
});
