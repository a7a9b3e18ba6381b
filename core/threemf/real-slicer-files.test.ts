import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openThreeMfEntry, pickPlate, readPlateThumbnail, readThreeMf } from './read-threemf.ts';
import { modelMismatch, slicedForModel } from './sliced-for.ts';

/** `.gcode.3mf` files exported by real slicers, found in public repositories (SOURCES.md there). */
const DIR = join(import.meta.dirname, '..', '..', 'test', 'fixtures-3mf');
const STUDIO_204 = join(DIR, 'bambustudio-2.04-a1mini-two-filaments.gcode.3mf');
const STUDIO_207 = join(DIR, 'bambustudio-2.07-p1s-two-objects.gcode.3mf');
const ORCA_232 = join(DIR, 'orcaslicer-2.3.2-a1mini-petg.gcode.3mf');

async function text(path: string, entry: string, max = 4096): Promise<string> {
  const stream = await openThreeMfEntry(path, entry);
  let out = '';
  for await (const chunk of stream) {
    out += (chunk as Buffer).toString('utf8');
    if (out.length >= max) {
      stream.destroy();
      break;
    }
  }
  return out;
}

describe('real slicer files', () => {
  it('Bambu Studio 02.04: an A1 mini plate with two filaments', async () => {
    const info = await readThreeMf(STUDIO_204);
    expect(info.application).toBe('BambuStudio-02.04.00.70');
    expect(info.printerModelName).toBe('Bambu Lab A1 mini');
    expect(info.plates).toHaveLength(1);
    const plate = pickPlate(info, undefined);
    expect(plate).toMatchObject({
      index: 1,
      printerModelId: 'N1',
      gcodeEntry: 'Metadata/plate_1.gcode',
      gcodeBytes: 494_805,
      totalLayers: 114,
      predictionSeconds: 1567,
      weightGrams: 4.3,
      bedType: 'textured_plate',
      slicer: 'BambuStudio 02.04.00.70',
    });
    expect(plate.filaments.map((f) => [f.id, f.type, f.color, f.presetId])).toEqual([
      [1, 'PLA', '#000000', 'GFL03'],
      [2, 'PLA', '#69398E', 'GFA00'],
    ]);
    expect(slicedForModel(info, plate)).toBe('A1 mini');
    expect(modelMismatch(info, plate, 'A1 mini')).toBeNull();
    expect(modelMismatch(info, plate, 'P1S')?.message).toMatch(/sliced for a A1 mini/);
  });

  it('Bambu Studio 02.07: a P1S plate with non-ASCII object names and a thumbnail', async () => {
    const info = await readThreeMf(STUDIO_207);
    expect(info.application).toBe('BambuStudio-02.07.01.62');
    const plate = pickPlate(info, 1);
    expect(plate).toMatchObject({
      printerModelId: 'C12',
      totalLayers: 658,
      predictionSeconds: 9038,
      labelObjects: true,
      slicer: 'BambuStudio 02.07.01.62',
    });
    expect(plate.objects.map((o) => o.name)).toEqual([
      '箱体和套筒-内层.STL',
      '箱体和套筒-外层.STL',
    ]);
    expect(slicedForModel(info, plate)).toBe('P1S');
    const png = await readPlateThumbnail(STUDIO_207, plate);
    expect(png?.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('OrcaSlicer 2.3.2: claims BambuStudio in Application; the G-code header says OrcaSlicer', async () => {
    const info = await readThreeMf(ORCA_232);
    expect(info.application).toBe('BambuStudio-2.3.2');
    const plate = pickPlate(info, undefined);
    expect(plate.slicer).toBe('OrcaSlicer 2.3.2');
    expect(plate).toMatchObject({
      printerModelId: 'N1',
      totalLayers: 60,
      bedType: 'hot_plate',
      weightGrams: 7.64,
    });
    expect(plate.filaments).toEqual([
      { id: 1, type: 'PETG', color: '#C52C18', grams: 7.64, meters: 2.5, presetId: 'GFG99' },
    ]);
    expect(slicedForModel(info, plate)).toBe('A1 mini');
    // The plate G-code streams out of the archive as the printer will read it.
    expect(await text(ORCA_232, plate.gcodeEntry)).toMatch(/^; HEADER_BLOCK_START/);
  });
});
