import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeGcode3mf } from '../../test/support/threemf-builder.ts';
import { StagedFiles } from './print-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'farmdeck-staged-'));
const source = join(dir, 'source.gcode.3mf');
writeGcode3mf(source, { plates: [{ index: 1 }, { index: 3, thumbnail: false }] });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const upload = (n: number) => {
  const path = join(dir, `upload-${n}.3mf`);
  copyFileSync(source, path);
  return path;
};

describe('StagedFiles', () => {
  it('summarises plates with thumbnails and keeps the latest files, deleting old uploads', async () => {
    const files = new StagedFiles(2);
    const first = await files.stage(upload(1), 'a.gcode.3mf', true);
    expect(first.plates.map((p) => [p.index, p.thumbnail !== null])).toEqual([
      [1, true],
      [3, false],
    ]);
    expect(files.get(first.fileId).name).toBe('a.gcode.3mf');
    await files.stage(upload(2), 'b.gcode.3mf', true);
    const mine = await files.stage(source, 'c.gcode.3mf', false);
    expect(existsSync(join(dir, 'upload-1.3mf'))).toBe(false);
    expect(() => files.get(first.fileId)).toThrow(/drop it again/);
    await files.close();
    expect(existsSync(join(dir, 'upload-2.3mf'))).toBe(false);
    // The user's own file (Electron: read from its path) is never deleted.
    expect(existsSync(source)).toBe(true);
    expect(mine.name).toBe('c.gcode.3mf');
  });

  it('refuses a file that is not a sliced 3MF and deletes the upload', async () => {
    const files = new StagedFiles();
    const path = upload(3);
    await expect(files.stage(path, 'model.stl', true)).rejects.toMatchObject({
      code: 'invalid-file',
    });
    expect(existsSync(path)).toBe(false);
  });
});

describe('StagedFiles in use', () => {
  it('keeps a file a job still uploads, even past the limit', async () => {
    let busy = '';
    const files = new StagedFiles(1, (id) => id === busy);
    const first = await files.stage(upload(10), 'a.gcode.3mf', true);
    busy = first.fileId;
    await files.stage(upload(11), 'b.gcode.3mf', true);
    expect(files.get(first.fileId).name).toBe('a.gcode.3mf');
    expect(existsSync(join(dir, 'upload-10.3mf'))).toBe(true);
    busy = '';
    await files.stage(upload(12), 'c.gcode.3mf', true);
    expect(() => files.get(first.fileId)).toThrow(/drop it again/);
    await files.close();
  });
});
