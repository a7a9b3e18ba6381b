import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TINY_PNG, writeGcode3mf, writeProject3mf } from '../../test/support/threemf-builder.ts';
import { writeZip } from '../../test/support/zip-writer.ts';
import { openThreeMfEntry, pickPlate, readPlateThumbnail, readThreeMf } from './read-threemf.ts';
import { modelMismatch, slicedForModel } from './sliced-for.ts';
import { ThreeMfError } from './threemf-error.ts';

const dir = mkdtempSync(join(tmpdir(), 'farmdeck-3mf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (): string => join(dir, `f${++n}.gcode.3mf`);

async function failure(p: Promise<unknown>): Promise<ThreeMfError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ThreeMfError);
  return err as ThreeMfError;
}

describe('readThreeMf', () => {
  it('reads plates, filaments, objects, times and the model of a two-plate file', async () => {
    const path = file();
    writeGcode3mf(path, {
      title: 'Brackets & clips',
      plates: [
        {
          index: 1,
          prediction: 5025,
          layers: 120,
          printerModelId: 'C12',
          filaments: [
            {
              id: 1,
              type: 'PLA',
              color: '#161616',
              usedG: 22.46,
              usedM: 7.53,
              trayInfoIdx: 'GFA00',
            },
            { id: 3, type: 'PETG HF', color: '#f2f2f2ff', usedG: 0.99, usedM: 0.33 },
          ],
          objects: [
            { id: 101, name: 'Part A.stl' },
            { id: 102, name: 'Hidden', skipped: true },
          ],
        },
        { index: 3, prediction: 60, layers: 5, bedType: 'cool_plate', thumbnail: false },
      ],
    });
    const info = await readThreeMf(path);
    expect(info.title).toBe('Brackets & clips');
    expect(info.application).toBe('BambuStudio-02.01.01.52');
    expect(info.printerModelName).toBe('Bambu Lab P1S');
    expect(info.plates.map((p) => p.index)).toEqual([1, 3]);
    const [p1, p3] = info.plates;
    expect(p1).toMatchObject({
      gcodeEntry: 'Metadata/plate_1.gcode',
      thumbnailEntry: 'Metadata/plate_1.png',
      predictionSeconds: 5025,
      totalLayers: 120,
      weightGrams: 23.45,
      nozzleDiameters: [0.4],
      printerModelId: 'C12',
      labelObjects: true,
      bedType: 'textured_plate',
      objects: [{ id: 101, name: 'Part A.stl' }],
    });
    expect(p1?.filaments).toEqual([
      { id: 1, type: 'PLA', color: '#161616', grams: 22.46, meters: 7.53, presetId: 'GFA00' },
      { id: 3, type: 'PETG HF', color: '#F2F2F2', grams: 0.99, meters: 0.33, presetId: 'GFL99' },
    ]);
    expect(p1?.gcodeBytes).toBeGreaterThan(1000);
    expect(p3).toMatchObject({ thumbnailEntry: null, totalLayers: 5, bedType: 'cool_plate' });
    expect(slicedForModel(info, p1!)).toBe('P1S');
  });

  it('picks plates by index and explains what exists', async () => {
    const path = file();
    writeGcode3mf(path, { plates: [{ index: 2 }, { index: 4 }] });
    const info = await readThreeMf(path);
    expect(pickPlate(info, 4).gcodeEntry).toBe('Metadata/plate_4.gcode');
    expect(() => pickPlate(info, 1)).toThrow(/no plate 1; it contains plates 2, 4/);
    expect(() => pickPlate(info)).toThrow(/choose one \(--plate N\)/);
    const single = file();
    writeGcode3mf(single, { plates: [{ index: 3 }] });
    expect(pickPlate(await readThreeMf(single)).index).toBe(3);
  });

  it('falls back to the G-code header when slice_info.config is missing', async () => {
    const path = file();
    writeGcode3mf(path, {
      plates: [{ index: 1, prediction: 5400, layers: 77 }],
      omitSliceInfo: true,
    });
    const [plate] = (await readThreeMf(path)).plates;
    expect(plate).toMatchObject({
      index: 1,
      totalLayers: 77,
      predictionSeconds: 5400,
      filaments: [],
    });
  });

  it('rejects a file that is not a zip', async () => {
    const path = file();
    writeFileSync(path, 'solid cube\nfacet normal 0 0 1\n');
    const err = await failure(readThreeMf(path));
    expect(err.code).toBe('not-zip');
    expect(err.message).toMatch(/not a 3MF file .*Bambu Studio or OrcaSlicer/);
  });

  it('rejects a missing file with its path', async () => {
    const err = await failure(readThreeMf(join(dir, 'nope.3mf')));
    expect(err.code).toBe('not-found');
    expect(err.message).toContain('nope.3mf');
  });

  it('tells the user to slice a project 3MF', async () => {
    const path = file();
    writeProject3mf(path);
    const err = await failure(readThreeMf(path));
    expect(err.code).toBe('not-sliced');
    expect(err.message).toMatch(/slice it and export the plate/);
  });

  it('reports a corrupt metadata entry', async () => {
    const path = file();
    writeGcode3mf(path, {
      plates: [{ index: 1 }],
      extra: [{ name: 'Metadata/slice_info.config', data: '<config>'.repeat(50), corrupt: true }],
    });
    const err = await failure(readThreeMf(path));
    expect(err.code).toBe('corrupt');
    expect(err.message).toMatch(/slice_info\.config is damaged.*export the plate again/);
  });

  it('detects a stored entry whose bytes do not match its checksum', async () => {
    const path = file();
    writeGcode3mf(path, {
      plates: [{ index: 1 }],
      extra: [{ name: 'Metadata/plate_1.png', data: TINY_PNG, method: 'store', corrupt: true }],
    });
    const info = await readThreeMf(path);
    const err = await failure(readPlateThumbnail(path, info.plates[0]!));
    expect(err.code).toBe('corrupt');
  });

  it('reads the thumbnail bytes and streams the G-code', async () => {
    const path = file();
    writeGcode3mf(path, { plates: [{ index: 1, layers: 9 }] });
    const info = await readThreeMf(path);
    const png = await readPlateThumbnail(path, info.plates[0]!);
    expect(png?.equals(TINY_PNG)).toBe(true);
    const stream = await openThreeMfEntry(path, 'Metadata/plate_1.gcode');
    let text = '';
    for await (const c of stream as AsyncIterable<Buffer>) text += c.toString();
    expect(text).toContain('; total layer number: 9');
    expect(text).toContain('M991 S0 P3');
  });

  it('warns when a plate was sliced for another model, not when it matches', async () => {
    const path = file();
    writeGcode3mf(path, {
      plates: [{ index: 1, printerModelId: 'N2S' }],
      printerModel: 'Bambu Lab A1',
    });
    const info = await readThreeMf(path);
    const plate = info.plates[0]!;
    expect(modelMismatch(info, plate, 'A1')).toBeNull();
    expect(modelMismatch(info, plate, null)).toBeNull();
    const warn = modelMismatch(info, plate, 'X1C');
    expect(warn?.code).toBe('model-mismatch');
    expect(warn?.message).toMatch(/sliced for a A1, but this printer is a X1C/);
  });

  it('uses project_settings when the plate has no model code', async () => {
    const path = file();
    writeGcode3mf(path, {
      plates: [{ index: 1, printerModelId: '' }],
      printerModel: 'Bambu Lab X1 Carbon',
    });
    const info = await readThreeMf(path);
    expect(slicedForModel(info, info.plates[0]!)).toBe('X1C');
  });

  it('reads a large archive without loading its G-code', async () => {
    const path = file();
    writeGcode3mf(path, { plates: [{ index: 1, gcodeBytes: 64 * 1024 * 1024 }] });
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const info = await readThreeMf(path);
    const after = process.memoryUsage().heapUsed;
    expect(info.plates[0]!.gcodeBytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(info.fileBytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(after - before).toBeLessThan(16 * 1024 * 1024);
  }, 60_000);

  it('handles a zip without any 3MF structure as not sliced', async () => {
    const path = file();
    writeZip(path, [{ name: 'readme.txt', data: 'hello' }]);
    expect((await failure(readThreeMf(path))).code).toBe('not-sliced');
  });
});
