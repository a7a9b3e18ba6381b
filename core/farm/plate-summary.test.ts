import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeGcode3mf } from '../../test/support/threemf-builder.ts';
import { readThreeMfWithThumbnails } from '../threemf/read-threemf.ts';
import { StagedFiles } from './print-files.ts';
import { plateSummary } from './plate-summary.ts';

const REAL = join(import.meta.dirname, '..', '..', 'test', 'fixtures-3mf');
const dir = mkdtempSync(join(tmpdir(), 'farmdeck-plate-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('plate summary', () => {
  it.each([
    ['bambustudio-2.04-a1mini-two-filaments.gcode.3mf', 'A1 mini', 2],
    ['bambustudio-2.07-p1s-two-objects.gcode.3mf', 'P1S', 1],
    ['orcaslicer-2.3.2-a1mini-petg.gcode.3mf', 'A1 mini', 1],
  ])('%s: model, 0.4 mm nozzle and filaments from the real file', async (file, model, n) => {
    const { info, thumbnails } = await readThreeMfWithThumbnails(join(REAL, file), {
      thumbnailMaxBytes: 1 << 20,
    });
    const plate = info.plates[0];
    if (!plate) throw new Error('no plate');
    const summary = plateSummary(info, plate, thumbnails[0] ?? null);
    expect(summary).toMatchObject({ index: 1, slicedFor: model, nozzleDiameter: 0.4 });
    expect(summary.filaments).toHaveLength(n);
  });

  it('reads another diameter and says null when the file has none, through StagedFiles', async () => {
    const path = join(dir, 'nozzles.gcode.3mf');
    writeGcode3mf(path, {
      plates: [
        { index: 1, nozzle: '0.6' },
        { index: 2, nozzle: '0.2,0.4' },
        { index: 3, nozzle: '' },
      ],
    });
    const files = new StagedFiles();
    const staged = await files.stage(path, 'nozzles.gcode.3mf', false);
    expect(staged.plates.map((p) => [p.index, p.nozzleDiameter])).toEqual([
      [1, 0.6],
      [2, 0.2],
      [3, null],
    ]);
    await files.close();
  });
});
