import { describe, expect, it } from 'vitest';
import { MODELS, modelFromCode, modelFromSerial, modelInfo } from './models.ts';

describe('model table', () => {
  it('names every model models.md lists, once', () => {
    const names = MODELS.map((m) => m.name);
    expect(names.sort()).toEqual(
      [
        'A1',
        'A1 mini',
        'A2L',
        'H2C',
        'H2D',
        'H2D Pro',
        'H2S',
        'P1P',
        'P1S',
        'P2S',
        'X1',
        'X1C',
        'X1E',
        'X2D',
      ].sort(),
    );
  });

  it('finds models by serial prefix', () => {
    const cases: [string, string | null][] = [
      ['01P00A3B1300123', 'P1S'],
      ['01S00C000000001', 'P1P'],
      ['00M00A000000001', 'X1C'],
      ['03W00X000000001', 'X1E'],
      ['0300AA000000001', 'A1 mini'],
      ['03900A000000001', 'A1'],
      ['0948AB000000001', 'H2D'],
      ['093000000000001', 'H2S'],
      ['31B000000000001', 'H2C'],
      ['22E000000000001', 'P2S'],
      ['20P000000000001', 'X2D'],
      ['26A000000000001', 'A2L'],
      ['0ab', null],
      ['99X000', null],
      ['', null],
    ];
    for (const [serial, name] of cases) expect(modelFromSerial(serial)?.name ?? null).toBe(name);
    expect(modelFromSerial('01p00a')?.name).toBe('P1S');
  });

  it('finds models by code', () => {
    const cases: [string, string][] = [
      ['BL-P001', 'X1C'],
      ['BL-P002', 'X1'],
      ['C13', 'X1E'],
      ['C11', 'P1P'],
      ['C12', 'P1S'],
      ['N1', 'A1 mini'],
      ['N2S', 'A1'],
      ['N9', 'A2L'],
      ['N7', 'P2S'],
      ['N6', 'X2D'],
      ['O1D', 'H2D'],
      ['O1D-V2', 'H2D'],
      ['O1E', 'H2D Pro'],
      ['O2D', 'H2D Pro'],
      ['O1S', 'H2S'],
      ['O1C2', 'H2C'],
      ['c12', 'P1S'],
    ];
    for (const [code, name] of cases) expect(modelFromCode(code)?.name).toBe(name);
    expect(modelFromCode('N8')).toBeNull();
    expect(modelFromCode('')).toBeNull();
  });

  it('finds models by any spelling of their name', () => {
    expect(modelInfo('A1 mini')?.codes).toEqual(['N1']);
    expect(modelInfo('A1MINI')?.name).toBe('A1 mini');
    expect(modelInfo('Bambu Lab X1-Carbon')?.name).toBe('X1C');
    expect(modelInfo('X1 Carbon')?.name).toBe('X1C');
    expect(modelInfo('H2DPRO')?.name).toBe('H2D Pro');
    expect(modelInfo('Bambu Lab H2D')?.name).toBe('H2D');
    expect(modelInfo('x1')?.name).toBe('X1');
    expect(modelInfo('Prusa MK4')).toBeNull();
    expect(modelInfo('')).toBeNull();
  });

  it('carries the capabilities models.md gives', () => {
    const get = (n: string) => {
      const m = modelInfo(n);
      if (!m) throw new Error(n);
      return m;
    };
    expect(get('P1S')).toMatchObject({
      camera: 'jpeg',
      chamberSensor: false,
      reportStyle: 'delta',
      mqttSessionBudget: 4,
      cameraStreamBudget: 2,
      nozzleCount: 1,
      ftpsMaxTls: 'TLSv1.2',
    });
    expect(get('A1')).toMatchObject({
      camera: 'jpeg',
      mqttSessionBudget: 1,
      amsKinds: ['ams-lite'],
    });
    expect(get('X1C')).toMatchObject({ camera: 'rtsp', chamberSensor: true, reportStyle: 'full' });
    expect(get('H2D')).toMatchObject({ nozzleCount: 2, series: 'h2', doorSensor: true });
    expect(get('H2S').nozzleCount).toBe(1);
    expect(get('X2D').nozzleCount).toBe(2);
    expect(get('P2S')).toMatchObject({ camera: 'rtsp', chamberSensor: true, wikiSeries: 'p2s' });
    expect(get('A1 mini').wikiSeries).toBe('a1-mini');
    for (const m of MODELS) expect(m.amsKinds.length).toBeGreaterThan(0);
  });
});
