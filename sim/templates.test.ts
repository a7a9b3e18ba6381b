import { describe, expect, it } from 'vitest';
import { MODEL_PRESETS, SIM_MODELS, parseSimModel } from './models.ts';
import { PrinterModel } from './printer-model.ts';
import { buildTemplate } from './templates.ts';

const SERIAL = '01P00A000000042';

describe('buildTemplate', () => {
  it.each(SIM_MODELS)('%s: the capture serial is replaced everywhere', (model) => {
    const t = buildTemplate(model, SERIAL, '127.0.0.1');
    const text = JSON.stringify(t);
    expect(text).not.toMatch(/MOCK-/);
    const main = t.modules.filter((m) =>
      ['ota', 'esp32', 'ap', 'rv1126'].includes(String(m['name'])),
    );
    expect(main.length).toBeGreaterThan(0);
    for (const m of main) expect(m['sn']).toBe(SERIAL);
    expect(t.print).not.toHaveProperty('msg');
    expect(t.print).not.toHaveProperty('sequence_id');
  });

  it('gives each model its identity', () => {
    const ota = (model: Parameters<typeof buildTemplate>[0]) =>
      buildTemplate(model, SERIAL, 'h').modules.find((m) => m['name'] === 'ota')!;
    expect(ota('P1S')['project_name']).toBe('C12');
    expect(ota('P1P')['project_name']).toBe('C11');
    expect(ota('A1 mini')['project_name']).toBe('N1');
    expect(ota('A1')['project_name']).toBe('N2S');
    expect(ota('X1E')['product_name']).toBe('Bambu Lab X1E');
    expect(ota('X1C')['product_name']).toBe('Bambu Lab X1-Carbon');
  });

  it('does not share state between printers', () => {
    const a = buildTemplate('X1C', 'A', 'h');
    const b = buildTemplate('X1C', 'B', 'h');
    (a.print['ams'] as Record<string, unknown>)['tray_now'] = 'changed';
    expect((b.print['ams'] as Record<string, unknown>)['tray_now']).not.toBe('changed');
  });
});

describe('PrinterModel', () => {
  it('starts idle and sets/clears fun bit 29 with requireSignature', () => {
    const make = (requireSignature: boolean) =>
      new PrinterModel(MODEL_PRESETS.X1C, buildTemplate('X1C', SERIAL, 'h'), {
        requireSignature,
        transientErrorMs: 3000,
      });
    const signed = make(true);
    expect(BigInt(`0x${String(signed.print['fun'])}`) & (1n << 29n)).toBe(1n << 29n);
    signed.setRequireSignature(false);
    expect(BigInt(`0x${String(signed.print['fun'])}`) & (1n << 29n)).toBe(0n);
    expect(make(false).print).toMatchObject({
      gcode_state: 'IDLE',
      stg_cur: -1,
      print_type: 'idle',
    });
  });

  it('heats toward targets and keeps packed device temperatures in step', () => {
    const m = new PrinterModel(MODEL_PRESETS.H2D, buildTemplate('H2D', SERIAL, 'h'), {
      requireSignature: false,
      transientErrorMs: 3000,
    });
    m.machine.targets.nozzle = 250;
    m.machine.targets.bed = 80;
    m.step(600_000, 1);
    expect(m.print['nozzle_temper']).toBe(250);
    expect(m.print['bed_temper']).toBe(80);
    const device = m.print['device'] as { bed: { info: { temp: number } } };
    expect(device.bed.info.temp).toBe((80 << 16) | 80);
  });
});

describe('parseSimModel', () => {
  it('accepts loose spellings', () => {
    expect(parseSimModel('p1s')).toBe('P1S');
    expect(parseSimModel('a1mini')).toBe('A1 mini');
    expect(parseSimModel('A1-mini')).toBe('A1 mini');
    expect(parseSimModel('X9')).toBeUndefined();
  });
});
