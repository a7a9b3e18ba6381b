import { describe, expect, it } from 'vitest';
import { listFixtures, loadFixture } from '../test/fixtures.ts';
import { parseVersionInfo } from './version-info.ts';

const EXPECTED: Record<string, { firmware: string | null; model: string | null; modules: number }> =
  {
    'mqtt-get_version-a1.json': { firmware: '01.05.00.00', model: 'A1', modules: 5 },
    'mqtt-get_version-h2d-local.json': { firmware: '01.01.01.00', model: 'H2D', modules: 10 },
    'mqtt-get_version-h2d.json': { firmware: '01.01.02.07', model: 'H2D', modules: 11 },
    'mqtt-get_version-p1p.json': { firmware: '01.07.00.00', model: 'P1P', modules: 5 },
    'mqtt-get_version-p2s-obn.json': { firmware: '01.02.00.00', model: 'P2S', modules: 2 },
    'mqtt-get_version-p2s.json': { firmware: '01.01.00.00', model: 'P2S', modules: 7 },
    'mqtt-get_version-x1-openbambuapi.json': { firmware: '01.01.01.00', model: 'X1C', modules: 5 },
    'mqtt-get_version-x1c.json': { firmware: '01.09.00.01', model: 'X1C', modules: 10 },
  };

describe('parseVersionInfo', () => {
  it('has expectations for every captured get_version', () => {
    expect(listFixtures('mqtt-get_version-')).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, want] of Object.entries(EXPECTED)) {
    it(`parses ${file}`, () => {
      const info = parseVersionInfo(loadFixture(file));
      expect(info.firmware).toBe(want.firmware);
      expect(info.model).toBe(want.model);
      expect(info.modules).toHaveLength(want.modules);
    });
  }

  it('keeps module names, versions and serials', () => {
    const info = parseVersionInfo(loadFixture('mqtt-get_version-h2d.json'));
    expect(info.modules[1]).toEqual({
      name: 'ams/0',
      swVer: '00.01.06.62',
      hwVer: 'AMS08',
      sn: '00600A360905728',
    });
    expect(info.modules.map((m) => m.name)).toContain('n3s/128');
  });

  it('accepts the bare info object and the legacy hw_ver rules', () => {
    const x1e = {
      module: [
        { name: 'ota', sw_ver: '01.01.02.00' },
        { name: 'ap', hw_ver: 'AP02' },
      ],
    };
    expect(parseVersionInfo(x1e)).toMatchObject({ firmware: '01.01.02.00', model: 'X1E' });
    const mini = { info: { module: [{ name: 'esp32', project_name: 'N1', hw_ver: 'AP05' }] } };
    expect(parseVersionInfo(mini).model).toBe('A1 mini');
  });

  it('never throws on garbage', () => {
    for (const v of [
      null,
      1,
      'x',
      [],
      {},
      { info: null },
      { info: { module: 'x' } },
      { module: [null, 1, { name: 5 }] },
    ]) {
      const info = parseVersionInfo(v);
      expect(info.firmware).toBeNull();
      expect(info.model).toBeNull();
    }
    expect(parseVersionInfo({ module: [{ name: 5, sw_ver: 1 }] }).modules).toEqual([
      { name: '5', swVer: '1', hwVer: '' },
    ]);
  });
});
