import { describe, expect, it } from 'vitest';
import { listFixtures, loadFixture } from '../test/fixtures.ts';
import { normalizeState } from './normalize-state.ts';
import type { PrinterState } from './printer-state.ts';
import type { RawObject } from './raw-report.ts';
import { mergeReport } from './report-merge.ts';
import { parseVersionInfo } from './version-info.ts';

type Expected = Partial<PrinterState> & { trays?: string[][]; kinds?: string[] };

/** Serial prefixes that match each capture's model; get_version gives the rest. */
const SERIALS: Record<string, string> = {
  a1: '03900A000000001',
  'h2d-local': '0948AB000000001',
  h2d: '0948AB000000002',
  p1p: '01S00A000000001',
  p2s: '22E00A000000001',
  'x1-openbambuapi': '00M00A000000001',
  x1c: '00M00A000000002',
};

/** Values read by hand from each fixture file. Trays: "material color remain" per slot. */
const EXPECTED: Record<string, Expected> = {
  a1: {
    model: 'A1',
    status: 'idle',
    gcodeState: 'IDLE',
    stage: null,
    layer: null,
    totalLayers: null,
    jobName: null,
    nozzles: [{ temp: 27.8125, target: 0, diameter: 0.4, type: 'stainless_steel' }],
    bed: { temp: 29.75, target: 0 },
    chamber: null,
    lights: { chamber: 'off' },
    kinds: ['ams-lite'],
    trays: [['PLA #76D9F4 100', 'PLA #FFF144 100', 'PLA #FF80FF 100', 'PLA #0ACC38 100']],
    externalSpools: [
      { id: 254, slot: 0, empty: false, material: 'PLA', color: '#FFFFFF', remainPercent: null },
    ],
    wifiSignalDbm: -48,
    firmware: '01.05.00.00',
    controlRequiresSignature: false,
    doorOpen: null,
    sdCard: true,
    rtspUrl: null,
  },
  'h2d-local': {
    model: 'H2D',
    status: 'printing',
    stage: null,
    progress: 6,
    remainingMinutes: 549,
    layer: 1,
    totalLayers: 200,
    jobName: 'T-pose - slim H2D dual AMS riser',
    nozzles: [
      { temp: 245, target: 245, diameter: 0.4, type: 'HS01' },
      { temp: 47, target: 0, diameter: 0.4, type: 'HS01' },
    ],
    bed: { temp: 70, target: 70 },
    chamber: { temp: 35, target: 0 },
    fans: { partCooling: 0, aux: 0, chamber: 32, heatbreak: 100 },
    kinds: ['ams-2-pro', 'ams-2-pro'],
    trays: [
      ['PLA-S #FFFFFF 1', 'PLA #FFFFFF 31', 'PETG #FFFFFF 100', 'PLA #FFFFFF 100'],
      ['PLA #000000 55', 'PLA #000000 100', 'PETG-CF #000000 100', 'PETG #ADB1B2 51'],
    ],
    firmware: '01.01.01.00',
    controlRequiresSignature: true,
    doorOpen: false,
  },
  h2d: {
    model: 'H2D',
    status: 'printing',
    gcodeState: 'RUNNING',
    stage: 'cleaning nozzle tip',
    progress: 0,
    remainingMinutes: 115,
    totalLayers: 26,
    nozzles: [
      { temp: 264, target: 225, diameter: 0.4, type: 'HS01' },
      { temp: 40, target: 0, diameter: 0.4, type: 'HH01' },
    ],
    bed: { temp: 100, target: 100 },
    chamber: { temp: 48, target: 60 },
    fans: { partCooling: 10, aux: 0, chamber: 0, heatbreak: 100 },
    kinds: ['ams', 'ams-ht'],
    trays: [
      ['PLA #FFFFFF 47', 'PLA #000000 35', 'PLA #DE4343 82', 'PETG #000000 26'],
      ['PA-GF #000000 100'],
    ],
    externalSpools: [
      { id: 255, slot: 0, empty: true, material: null, color: null, remainPercent: null },
      { id: 254, slot: 0, empty: true, material: null, color: null, remainPercent: null },
    ],
    wifiSignalDbm: -55,
    firmware: '01.01.02.07',
    controlRequiresSignature: true,
    doorOpen: false,
    rtspUrl: 'rtsps://192.168.19.123:322/streaming/live/1',
  },
  p1p: {
    model: 'P1P',
    status: 'failed',
    gcodeState: 'FAILED',
    stage: null,
    layer: 1,
    totalLayers: 70,
    remainingMinutes: 759,
    jobName: 'Fidget Collection',
    nozzles: [{ temp: 21.25, target: 0, diameter: 0.4, type: 'hardened_steel' }],
    bed: { temp: 19.84375, target: 0 },
    chamber: null,
    speedLevel: 2,
    kinds: ['ams'],
    trays: [['PLA #D357FE null', 'PLA #D357FE null', 'PLA #D357FE null', 'PLA #D357FE null']],
    externalSpools: [
      { id: 254, slot: 0, empty: false, material: 'PLA', color: '#161616', remainPercent: null },
    ],
    wifiSignalDbm: -53,
    firmware: '01.07.00.00',
    doorOpen: null,
    printError: null,
  },
  p2s: {
    model: 'P2S',
    status: 'printing',
    progress: 64,
    remainingMinutes: 62,
    layer: 170,
    totalLayers: 305,
    jobName: 'Rear Dry Pod AMS 2 PRO',
    nozzles: [{ temp: 254, target: 255, diameter: 0.4, type: 'HS01' }],
    bed: { temp: 70, target: 70 },
    chamber: { temp: 47, target: 0 },
    fans: { partCooling: 56, aux: 0, chamber: 0, heatbreak: 100 },
    kinds: ['ams-2-pro'],
    trays: [['PLA #FFFFFF 41', 'PLA #000000 39', 'PLA #000000 null', 'PETG #FFFFFF null']],
    wifiSignalDbm: -68,
    firmware: '01.01.00.00',
    controlRequiresSignature: true,
    doorOpen: false,
    rtspUrl: 'disable',
  },
  'x1-openbambuapi': {
    model: 'X1C',
    status: 'idle',
    nozzles: [{ temp: 25, target: 25, diameter: 0.4, type: null }],
    chamber: { temp: 24, target: null },
    lights: { chamber: 'on' },
    kinds: ['ams'],
    trays: [['empty', 'PLA #000000 0', 'PLA #DFE2E3 0', 'PLA #F95959 0']],
    firmware: '01.01.01.00',
    controlRequiresSignature: false,
    doorOpen: false,
  },
  x1c: {
    model: 'X1C',
    status: 'finished',
    gcodeState: 'FINISH',
    progress: 100,
    layer: 480,
    totalLayers: 480,
    jobName: 'Garden Hose Healer: Male fitting',
    nozzles: [{ temp: 26, target: 0, diameter: 0.4, type: 'HX01' }],
    bed: { temp: 23, target: 0 },
    chamber: { temp: 25, target: 0 },
    kinds: ['ams', 'ams', 'ams-2-pro', 'ams-ht'],
    trays: [
      ['PLA #000000 93', 'PLA #7D6556 100', 'PLA #4D3324 100', 'PLA #AE835B 83'],
      ['ABS #D32941 21', 'ABS #489FDF 20', 'ABS #FFFFFF 71', 'ABS #87909A 100'],
      ['empty', 'ABS #FF6A13 100', 'ABS #789D4A 62', 'ABS #000000 100'],
      ['PA-CF #000000 100'],
    ],
    wifiSignalDbm: -66,
    firmware: '01.09.00.01',
    controlRequiresSignature: true,
    doorOpen: false,
  },
};

function stateFor(name: string): PrinterState {
  const print = loadFixture<{ print: RawObject }>(`mqtt-pushall-${name}.json`).print;
  const version = parseVersionInfo(loadFixture(`mqtt-get_version-${name}.json`));
  return normalizeState({
    serial: SERIALS[name] ?? '',
    print: mergeReport(undefined, print),
    online: true,
    version,
    updatedAt: 1_700_000_000_000,
  });
}

describe('normalizeState over every captured pushall', () => {
  const names = listFixtures('mqtt-pushall-').map((f) => f.slice('mqtt-pushall-'.length, -5));

  it('has hand-read expectations for every fixture', () => {
    expect(names.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const name of names) {
    it(`normalizes ${name}`, () => {
      const state = stateFor(name);
      const { trays, kinds, ...fields } = EXPECTED[name] ?? {};
      expect(state).toMatchObject(fields);
      expect(state.online).toBe(true);
      expect(state.updatedAt).toBe(1_700_000_000_000);
      expect(state.hms).toEqual([]);
      expect(state.printError).toBeNull();
      if (kinds) expect(state.ams.map((u) => u.kind)).toEqual(kinds);
      if (trays) {
        const got = state.ams.map((u) =>
          u.trays.map((t) => (t.empty ? 'empty' : `${t.material} ${t.color} ${t.remainPercent}`)),
        );
        expect(got).toEqual(trays);
      }
    });
  }

  it('reads AMS humidity and temperature per unit', () => {
    const h2d = stateFor('h2d');
    expect(h2d.ams.map((u) => [u.id, u.humidityIndex, u.humidityPercent, u.temp])).toEqual([
      [0, 4, 24, 26.2],
      [128, null, 6, 27.9],
    ]);
    const a1 = stateFor('a1');
    expect(a1.ams[0]).toMatchObject({ humidityIndex: 5, humidityPercent: null, temp: null });
  });

  it('takes the model from the serial prefix when get_version has not arrived', () => {
    const print = loadFixture<{ print: RawObject }>('mqtt-pushall-p1p.json').print;
    const state = normalizeState({ serial: '01P00A3B1300123', print, online: true, updatedAt: 0 });
    expect(state.model).toBe('P1S');
    expect(state.chamber).toBeNull();
    expect(state.firmware).toBeNull();
  });
});

describe('normalizeState rules', () => {
  const base = (print: RawObject, online = true): PrinterState =>
    normalizeState({ serial: '00M00A000000001', print, online, updatedAt: 5 });

  it('maps gcode_state to a status, and offline wins', () => {
    const cases: [string, PrinterState['status']][] = [
      ['IDLE', 'idle'],
      ['INIT', 'idle'],
      ['PREPARE', 'preparing'],
      ['SLICING', 'preparing'],
      ['RUNNING', 'printing'],
      ['PAUSE', 'paused'],
      ['FINISH', 'finished'],
      ['FAILED', 'failed'],
      ['OFFLINE', 'unknown'],
      ['something new', 'unknown'],
    ];
    for (const [gcode, status] of cases) expect(base({ gcode_state: gcode }).status).toBe(status);
    expect(base({ gcode_state: 'RUNNING' }, false).status).toBe('offline');
    expect(base({}).status).toBe('unknown');
    expect(
      normalizeState({ serial: 'x', print: undefined, online: false, updatedAt: 0 }).status,
    ).toBe('offline');
  });

  it('gives a stage text while preparing or paused, none for 0/255/-1 or idle', () => {
    expect(base({ gcode_state: 'PREPARE', stg_cur: 7 }).stage).toBe('heating hotend');
    expect(base({ gcode_state: 'PAUSE', stg_cur: '6' }).stage).toBe('paused: filament runout');
    expect(base({ gcode_state: 'PAUSE', stage: { _id: 16 }, stg_cur: 0 }).stage).toBe(
      'paused by user',
    );
    for (const id of [0, 255, -1])
      expect(base({ gcode_state: 'PREPARE', stg_cur: id }).stage).toBeNull();
    expect(base({ gcode_state: 'IDLE', stg_cur: 7 }).stage).toBeNull();
    expect(base({ gcode_state: 'RUNNING', stg_cur: 0 }).stage).toBeNull();
  });

  it('prefers packed device temperatures over the flat fields', () => {
    const s = base({
      nozzle_temper: 1,
      nozzle_target_temper: 2,
      bed_temper: 3,
      bed_target_temper: 4,
      chamber_temper: 5,
      device: {
        bed: { info: { temp: 60 * 65536 + 58 } },
        ctc: { info: { temp: 45 * 65536 + 40 } },
        extruder: { info: [{ id: 0, temp: 220 * 65536 + 219 }] },
      },
    });
    expect(s.bed).toEqual({ temp: 58, target: 60 });
    expect(s.chamber).toEqual({ temp: 40, target: 45 });
    expect(s.nozzles).toEqual([{ temp: 219, target: 220, diameter: null, type: null }]);
  });

  it('converts fan levels rounding up to the next 10 %, and prefers a nonzero fan_gear', () => {
    const s = base({
      cooling_fan_speed: '15',
      big_fan1_speed: '3',
      big_fan2_speed: '10',
      heatbreak_fan_speed: '1',
    });
    expect(s.fans).toEqual({ partCooling: 100, aux: 20, chamber: 70, heatbreak: 10 });
    const gear = base({ fan_gear: (255 << 16) | (128 << 8) | 51, cooling_fan_speed: '15' });
    expect(gear.fans).toMatchObject({ partCooling: 20, aux: 50, chamber: 100 });
  });

  it('decodes hms, print_error, signature bit, wifi, door and sd card', () => {
    const s = base({
      hms: [{ attr: 50331904, code: 65543 }, { attr: 0, code: 1 }, 'junk'],
      print_error: 50348044,
      fun: '20000000',
      wifi_signal: '-71dBm',
      home_flag: -1058546177,
      sdcard: false,
    });
    expect(s.hms.map((h) => h.code)).toEqual(['0300_0100_0001_0007']);
    expect(s.printError?.code).toBe('0300_400C');
    expect(s.controlRequiresSignature).toBe(true);
    expect(s.wifiSignalDbm).toBe(-71);
    expect(s.doorOpen).toBe(true);
    expect(s.sdCard).toBe(false);
    expect(base({ fun: '1FFFFFFF' }).controlRequiresSignature).toBe(false);
    expect(base({ print_error: 0 }).printError).toBeNull();
  });

  it('maps lights and speed level', () => {
    const s = base({
      lights_report: [
        { node: 'work_light', mode: 'on' },
        { node: 'chamber_light', mode: 'flashing' },
      ],
      spd_lvl: 4,
    });
    expect(s.lights.chamber).toBe('flashing');
    expect(s.speedLevel).toBe(4);
    expect(base({ spd_lvl: 9 }).speedLevel).toBeNull();
  });

  const GARBAGE: unknown[] = [
    null,
    undefined,
    0,
    -1,
    NaN,
    Infinity,
    '',
    'garbage',
    '12abc',
    true,
    [],
    [null, 1, 'x', {}],
    {},
    { ams: 1 },
    { id: '__proto__' },
    1e300,
    -0x80000000,
    '0xZZ',
  ];
  const FIELDS = [
    'gcode_state',
    'stg_cur',
    'stage',
    'mc_percent',
    'mc_remaining_time',
    'layer_num',
    'total_layer_num',
    'subtask_name',
    'nozzle_temper',
    'bed_temper',
    'chamber_temper',
    'cooling_fan_speed',
    'fan_gear',
    'spd_lvl',
    'lights_report',
    'ams',
    'vt_tray',
    'vir_slot',
    'hms',
    'print_error',
    'wifi_signal',
    'fun',
    'home_flag',
    'stat',
    'sdcard',
    'ipcam',
    'device',
    'nozzle_diameter',
  ];

  it(
    'never throws on garbage in any field, at the top level or nested',
    { timeout: 60_000 },
    () => {
      const failures: string[] = [];
      let runs = 0;
      for (const serial of ['01P00A000000001', '', 'x']) {
        for (const field of FIELDS) {
          for (const value of GARBAGE) {
            const prints: RawObject[] = [
              { [field]: value },
              { device: { [field]: value, extruder: { info: [value] }, bed: { info: value } } },
              {
                ams: {
                  ams: [
                    { id: value, info: value, tray: [value, { id: value, tray_color: value }] },
                  ],
                },
              },
              { ams: { ams: value }, vir_slot: [{ id: '255', remain: value, tray_type: value }] },
            ];
            for (const print of prints) {
              const s = normalizeState({ serial, print, online: true, updatedAt: 1 });
              if (s.serial !== serial || JSON.stringify(s).length < 100) failures.push(field);
              runs++;
            }
          }
        }
      }
      expect(failures).toEqual([]);
      expect(runs).toBe(3 * FIELDS.length * GARBAGE.length * 4);
      const weird = normalizeState({
        serial: 42 as unknown as string,
        print: 'nope' as unknown as RawObject,
        online: 'yes' as unknown as boolean,
        version: { firmware: null, model: null, modules: [] },
        updatedAt: NaN,
      });
      expect(weird).toMatchObject({ serial: '', online: false, status: 'offline', updatedAt: 0 });
    },
  );
});
