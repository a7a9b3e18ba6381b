import { describe, expect, it } from 'vitest';
import type { PrinterState } from '../shared/printer-state.ts';
import {
  formatClock,
  formatMinutes,
  formatStateLine,
  formatStatusLine,
  formatTemperature,
} from './format-state.ts';

const at = new Date(2026, 0, 2, 14, 2, 11).getTime();

const printing: PrinterState = {
  serial: '00M09A350100042',
  model: 'X1C',
  online: true,
  status: 'printing',
  gcodeState: 'RUNNING',
  stage: null,
  progress: 45,
  remainingMinutes: 83,
  layer: 120,
  totalLayers: 480,
  jobName: 'Benchy',
  nozzles: [{ temp: 219.6, target: 220, diameter: 0.4, type: 'hardened_steel' }],
  bed: { temp: 60, target: 60 },
  chamber: { temp: 35.2, target: null },
  fans: { partCooling: 100, aux: 0, chamber: 0, heatbreak: 100 },
  speedLevel: 2,
  lights: { chamber: 'on' },
  ams: [],
  externalSpools: [],
  hms: [
    {
      code: '0300_2000_0001_0001',
      severity: 'serious',
      module: 'mc',
      message: 'The nozzle is clogged',
      url: 'https://wiki.bambulab.com/',
    },
  ],
  printError: null,
  wifiSignalDbm: -44,
  firmware: '01.08.02.00',
  controlRequiresSignature: false,
  doorOpen: false,
  sdCard: true,
  rtspUrl: null,
  updatedAt: at,
};

describe('formatStateLine', () => {
  it('shows time, model, status, progress, layers, remaining, temps with targets, job and HMS', () => {
    expect(formatStateLine(printing)).toBe(
      '14:02:11 X1C printing 45% layer 120/480 1h23m left | nozzle 220/220°C bed 60/60°C chamber 35°C' +
        ' | "Benchy" | HMS 1: The nozzle is clogged',
    );
  });

  it('leaves out what is unknown and shows every nozzle and the print error', () => {
    const line = formatStateLine({
      ...printing,
      model: null,
      status: 'failed',
      progress: null,
      layer: null,
      remainingMinutes: 0,
      jobName: null,
      chamber: null,
      hms: [],
      nozzles: [
        { temp: 30, target: 0, diameter: 0.4, type: null },
        { temp: null, target: null, diameter: 0.4, type: null },
      ],
      printError: { code: '0500_4002', message: 'Unsupported print file path or name' },
    });
    expect(line).toBe(
      '14:02:11 failed | nozzles 30/0°C ?°C bed 60/60°C | error 0500_4002: Unsupported print file path or name',
    );
  });

  it('says offline and the preparation stage', () => {
    expect(formatStateLine({ ...printing, online: false })).toMatch(/^14:02:11 X1C offline 45%/);
    expect(formatStateLine({ ...printing, status: 'preparing', stage: 'heating hotend' })).toMatch(
      /X1C preparing \(heating hotend\) 45%/,
    );
  });
});

describe('small formatters', () => {
  it('formats clock, durations and temperatures', () => {
    expect(formatClock(at)).toBe('14:02:11');
    expect(formatMinutes(5)).toBe('5m');
    expect(formatMinutes(65)).toBe('1h05m');
    expect(formatMinutes(60 * 27 + 5)).toBe('1d03h');
    expect(formatTemperature({ temp: 21.5, target: null })).toBe('22°C');
    expect(formatTemperature({ temp: null, target: 60 })).toBe('?/60°C');
  });

  it('formats connection changes, with the reason and the retry when offline', () => {
    expect(formatStatusLine('online', null, at)).toBe('14:02:11 link online');
    expect(formatStatusLine('offline', { message: 'printer unreachable' }, at)).toBe(
      '14:02:11 link offline: printer unreachable (retrying)',
    );
  });
});
