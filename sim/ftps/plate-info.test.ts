import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeGcode3mf } from '../../test/support/threemf-builder.ts';
import { listLine } from './ftps-storage.ts';
import { parseHeader, plateInfo } from './plate-info.ts';

const dir = mkdtempSync(join(tmpdir(), 'farmdeck-sim-plate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sim plate info', () => {
  it('parses the G-code header to layers and minutes', () => {
    expect(
      parseHeader(
        '; total layer number: 42\n; model printing time: 1h; total estimated time: 1h 30m 30s\n',
      ),
    ).toEqual({
      totalLayers: 42,
      minutes: 91,
    });
    expect(parseHeader('G28\n')).toEqual({});
  });

  it('reads the plate of an uploaded archive, and nothing for missing plates or files', async () => {
    writeGcode3mf(join(dir, 'job.gcode.3mf'), {
      plates: [{ index: 3, layers: 64, prediction: 7200 }],
    });
    expect(await plateInfo(dir, 'job.gcode.3mf', 3)).toEqual({ totalLayers: 64, minutes: 120 });
    expect(await plateInfo(dir, 'job.gcode.3mf', 1)).toBeUndefined();
    expect(await plateInfo(dir, 'none.gcode.3mf', 1)).toBeUndefined();
    expect(await plateInfo(dir, '../job.gcode.3mf', 3)).toBeUndefined();
    writeFileSync(join(dir, 'junk.3mf'), 'not a zip');
    expect(await plateInfo(dir, 'junk.3mf', 1)).toBeUndefined();
  });

  it('formats LIST lines like vsftpd', () => {
    const p = join(dir, 'job.gcode.3mf');
    const line = listLine('job.gcode.3mf', statSync(p));
    expect(line).toMatch(
      /^-rw-r--r-- +1 1000 +1000 +\d+ [A-Z][a-z]{2} \d{2} \d{2}:\d{2} job\.gcode\.3mf$/,
    );
    const oldDir = join(dir, 'old');
    mkdirSync(oldDir);
    utimesSync(oldDir, new Date('2020-01-05T00:00:00Z'), new Date('2020-01-05T00:00:00Z'));
    const old = listLine('old', statSync(oldDir));
    expect(old).toMatch(/^drwxr-xr-x .* Jan 05 {2}2020 old$/);
  });
});
