import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeGcode3mf } from '../../test/support/threemf-builder.ts';
import { readThreeMfInWorker } from './read-in-worker.ts';

const dir = mkdtempSync(join(tmpdir(), 'farmdeck-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// From the sources the worker first loads tsx, which takes a second or two on a busy machine.
describe('readThreeMfInWorker', { timeout: 30_000 }, () => {
  const file = join(dir, 'two.gcode.3mf');
  writeGcode3mf(file, { plates: [{ index: 1 }, { index: 2, thumbnail: false }] });

  it('reads plates and thumbnails in one pass', async () => {
    const { info, thumbnails } = await readThreeMfInWorker(file, { thumbnailMaxBytes: 1024 });
    expect(info.plates.map((p) => p.index)).toEqual([1, 2]);
    expect(thumbnails[0]?.byteLength).toBeGreaterThan(0);
    expect(thumbnails[1]).toBeNull();
  });

  it('stops when its requester goes away, and the next file still reads', async () => {
    const stop = new AbortController();
    const reading = readThreeMfInWorker(file, { thumbnailMaxBytes: 1024, signal: stop.signal });
    stop.abort();
    await expect(reading).rejects.toMatchObject({ code: 'aborted' });
    const again = await readThreeMfInWorker(file, { thumbnailMaxBytes: 1024 });
    expect(again.info.plates).toHaveLength(2);
  });

  it('says which file is missing', async () => {
    await expect(
      readThreeMfInWorker(join(dir, 'none.gcode.3mf'), { thumbnailMaxBytes: 1024 }),
    ).rejects.toMatchObject({ code: 'not-found' });
  });
});
