import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendToMany, type FarmProgress } from '../core/printing/send-to-many.ts';
import { startRig, type Rig } from './support/print-rig.ts';
import { writeGcode3mf } from './support/threemf-builder.ts';

const dir = mkdtempSync(join(tmpdir(), 'farmdeck-many-'));
const file = join(dir, 'farm job.gcode.3mf');
let rigs: Rig[] = [];

beforeAll(async () => {
  writeGcode3mf(file, { plates: [{ index: 1, layers: 30, gcodeBytes: 512 * 1024 }] });
  rigs = await Promise.all(Array.from({ length: 10 }, () => startRig()));
}, 60_000);
afterAll(async () => {
  await Promise.all(rigs.map((r) => r.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('send to many', () => {
  it('prints on 10 printers with bounded concurrency; one without a card fails alone', async () => {
    const broken = rigs[3]!;
    broken.ftps.setStoragePresent(false);
    const events = new Map<string, FarmProgress['phase'][]>();
    const active = new Set<string>();
    let maxActive = 0;
    const results = await sendToMany(
      file,
      rigs.map((r) => ({ id: r.link.serial, link: r.link, ftps: r.ftpsOptions })),
      {
        concurrency: 3,
        onProgress: (id, p) => {
          events.set(id, [...(events.get(id) ?? []), p.phase]);
          if (p.phase === 'uploading') active.add(id);
          if (p.phase === 'started' || p.phase === 'failed') active.delete(id);
          maxActive = Math.max(maxActive, active.size);
        },
      },
    );
    expect(results.map((r) => r.id)).toEqual(rigs.map((r) => r.link.serial));
    const failed = results.filter((r) => !r.ok);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ id: broken.link.serial, error: { code: 'no-storage' } });
    expect(failed[0]?.ok === false && failed[0].error.message).toMatch(/SD card or USB drive/);
    for (const [i, r] of results.entries()) {
      if (!r.ok) continue;
      expect(r.result.started?.gcodeState).toMatch(/PREPARE|RUNNING/);
      expect(existsSync(join(rigs[i]!.ftps.storageDir, 'farm_job.gcode.3mf'))).toBe(true);
    }
    expect(maxActive).toBeGreaterThan(0);
    expect(maxActive).toBeLessThanOrEqual(3);
    for (const r of rigs) {
      const phases = events.get(r.link.serial) ?? [];
      expect(phases[0]).toBe('queued');
      expect(phases.at(-1)).toBe(r === broken ? 'failed' : 'started');
    }
  }, 120_000);
});
