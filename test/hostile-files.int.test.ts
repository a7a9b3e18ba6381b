import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FarmEngine } from '../core/farm/farm-engine.ts';
import { farmErrorOf } from '../core/farm/farm-errors.ts';
import { createMemorySecretStore, createMemorySettingsStore } from '../core/farm/memory-stores.ts';
import { startFarmHost, type FarmHost } from '../servers/host/farm-host.ts';
import { threeMfEntries, writeGcode3mf } from './support/threemf-builder.ts';
import { writeZip, type ZipEntrySpec } from './support/zip-writer.ts';

// Hostile .gcode.3mf files through the browser host: each gets a clear 422 quickly, and the host
// keeps serving the page meanwhile (the reading runs in a worker thread).

const dir = mkdtempSync(join(tmpdir(), 'farmdeck-hostile-'));
let farm: FarmEngine;
let host: FarmHost;

const plate = { index: 1, layers: 10 };
const sliceInfo = (body: string): ZipEntrySpec => ({
  name: 'Metadata/slice_info.config',
  data: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
});

/** A sliced file whose entries are replaced by `extra` (same name) or added. */
function hostile(name: string, extra: ZipEntrySpec[]): string {
  const path = join(dir, name);
  const replaced = new Set(extra.map((e) => e.name));
  writeZip(path, [
    ...threeMfEntries({ plates: [plate] }).filter((e) => !replaced.has(e.name)),
    ...extra,
  ]);
  return path;
}

function manyGcodeEntries(name: string, count: number): string {
  const path = join(dir, name);
  const entries: ZipEntrySpec[] = [];
  for (let i = 1; i <= count; i++) {
    entries.push({ name: `Metadata/plate_${i}.gcode`, data: '; empty\n', method: 'store' });
  }
  writeZip(path, entries);
  return path;
}

const zeros = (bytes: number) => Buffer.alloc(bytes, 0x20);

const CASES: { what: string; file: () => string; code: string; message: RegExp }[] = [
  {
    what: 'unclosed tags (<plate> × 120,000)',
    file: () => hostile('unclosed.gcode.3mf', [sliceInfo('<config>' + '<plate>'.repeat(120_000))]),
    code: 'invalid-file',
    message: /not a sliced file Farmdeck can read.*more than 32 deep/,
  },
  {
    what: 'a bad character reference (&#x110000;)',
    file: () =>
      hostile('charref.gcode.3mf', [
        sliceInfo('<config><plate><metadata key="index" value="&#x110000;"/></plate></config>'),
      ]),
    code: 'invalid-file',
    message: /not a sliced file Farmdeck can read.*character entity/,
  },
  {
    what: '10,000 plates described',
    file: () =>
      hostile('plates-xml.gcode.3mf', [
        sliceInfo(
          '<config>' +
            '<plate><metadata key="index" value="1"/></plate>'.repeat(10_000) +
            '</config>',
        ),
      ]),
    code: 'invalid-file',
    message: /more than 256 plates/,
  },
  {
    what: '10,000 plates of G-code',
    file: () => manyGcodeEntries('plates-gcode.gcode.3mf', 10_000),
    code: 'invalid-file',
    message: /10000 entries/,
  },
  {
    what: '300 plates of G-code',
    file: () => manyGcodeEntries('plates-300.gcode.3mf', 300),
    code: 'invalid-file',
    message: /300 plates/,
  },
  {
    what: 'a zip bomb declaring 3 GB',
    file: () =>
      hostile('declared.gcode.3mf', [{ ...sliceInfo('<config/>'), declaredSize: 3_000_000_000 }]),
    code: 'invalid-file',
    message: /unpacks to 3000000000 bytes/,
  },
  {
    what: 'a zip bomb of 64 MB packed 1000:1',
    file: () =>
      hostile('ratio.gcode.3mf', [
        { name: 'Metadata/slice_info.config', data: zeros(64 * 1024 ** 2) },
      ]),
    code: 'invalid-file',
    message: /unpacks to 67108864 bytes/,
  },
  {
    what: 'a zip bomb lying about its size',
    file: () =>
      hostile('lying.gcode.3mf', [
        { name: 'Metadata/slice_info.config', data: zeros(64 * 1024 ** 2), declaredSize: 1000 },
      ]),
    code: 'invalid-file',
    message: /slice_info\.config is damaged/,
  },
];

beforeAll(async () => {
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Farmdeck</title>');
  farm = await FarmEngine.start({
    settings: createMemorySettingsStore(),
    secrets: createMemorySecretStore(),
  });
  host = await startFarmHost({
    engine: farm,
    staticDir: dir,
    mapError: farmErrorOf,
    uploadIdleTimeoutMs: 500,
  });
}, 30_000);

afterAll(async () => {
  await host?.close();
  await farm?.close();
  rmSync(dir, { recursive: true, force: true });
});

const upload = (name: string, body: RequestInit['body'], signal?: AbortSignal) =>
  fetch(`${host.url}api/print-upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream' },
    body,
    duplex: 'half',
    ...(signal ? { signal } : {}),
  } as RequestInit);

/** Polls `GET /` until stopped; returns the slowest answer, ms, and every status seen. */
function pollPage(): { stop: () => Promise<{ slowestMs: number; statuses: Set<number> }> } {
  let running = true;
  let slowestMs = 0;
  const statuses = new Set<number>();
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const res = await fetch(host.url);
      await res.arrayBuffer();
      statuses.add(res.status);
      slowestMs = Math.max(slowestMs, performance.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { slowestMs, statuses };
    },
  };
}

describe('hostile files through the browser host', () => {
  it.each(CASES)('refuses $what with a clear 422 while the page keeps answering', async (c) => {
    const body = readFileSync(c.file());
    const poll = pollPage();
    const started = performance.now();
    const res = await upload('hostile.gcode.3mf', body);
    const tookMs = performance.now() - started;
    const page = await poll.stop();
    expect(res.status).toBe(422);
    const result = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe(c.code);
    expect(result.error.message).toMatch(c.message);
    expect(result.error.message).toContain('hostile.gcode.3mf');
    // Generous bounds: the point is "seconds, not minutes", measured on a shared machine.
    expect(tookMs).toBeLessThan(10_000);
    expect([...page.statuses]).toEqual([200]);
    expect(page.slowestMs).toBeLessThan(10_000);
  });

  it('still reads a good file, thumbnails included, after the hostile ones', async () => {
    const good = join(dir, 'good.gcode.3mf');
    writeGcode3mf(good, { plates: [plate, { index: 2 }] });
    const res = await upload('good.gcode.3mf', readFileSync(good));
    expect(res.status).toBe(200);
    const result = (await res.json()) as {
      value: { plates: { index: number; thumbnail: string | null }[] };
    };
    expect(result.value.plates.map((p) => p.index)).toEqual([1, 2]);
    expect(result.value.plates[0]?.thumbnail).toMatch(/^data:image\/png;base64,/);
  });

  it('leaves out a thumbnail that unpacks past the limit, and keeps the file', async () => {
    const path = hostile('big-thumb.gcode.3mf', [
      { name: 'Metadata/plate_1.png', data: zeros(32 * 1024 ** 2) },
    ]);
    const res = await upload('big-thumb.gcode.3mf', readFileSync(path));
    expect(res.status).toBe(200);
    const result = (await res.json()) as { value: { plates: { thumbnail: string | null }[] } };
    expect(result.value.plates[0]?.thumbnail).toBeNull();
  });
});

describe('slow uploads', () => {
  const good = join(dir, 'slow.gcode.3mf');
  beforeAll(() => writeGcode3mf(good, { plates: [plate] }));

  /** The file in 20 pieces, `gapMs` apart; `stallAfter` pieces then silence. */
  function trickle(
    bytes: Buffer,
    gapMs: number,
    stallAfter = Infinity,
  ): ReadableStream<Uint8Array> {
    const pieces = 20;
    const size = Math.ceil(bytes.length / pieces);
    let sent = 0;
    return new ReadableStream({
      async pull(controller) {
        if (sent === pieces) return controller.close();
        if (sent === stallAfter) return new Promise(() => undefined);
        await new Promise((r) => setTimeout(r, gapMs));
        controller.enqueue(bytes.subarray(sent * size, (sent + 1) * size));
        sent++;
      },
    });
  }

  it('finishes an upload that takes many idle timeouts in all but never goes quiet', async () => {
    const started = performance.now();
    const res = await upload('slow.gcode.3mf', trickle(readFileSync(good), 150));
    expect(performance.now() - started).toBeGreaterThan(4 * 500);
    expect(res.status).toBe(200);
  });

  it('cuts an upload that goes quiet for longer than the idle timeout', async () => {
    const res = upload('slow.gcode.3mf', trickle(readFileSync(good), 10, 5));
    await expect(res.then((r) => r.status)).rejects.toThrow();
  });
});
