import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printOf, type TestClient } from '../sim/test-support/mqtt-test-client.ts';
import { usePrinterPool } from '../sim/test-support/printer-pool.ts';

const pool = usePrinterPool();
type Json = Record<string, unknown>;
const state = (m: Json) => printOf(m)?.['gcode_state'];
const replyTo = (c: TestClient, command: string, seq: string) =>
  c
    .waitFor(
      (m) => printOf(m)?.['command'] === command && printOf(m)?.['sequence_id'] === seq,
      `reply to ${command} #${seq}`,
    )
    .then((m) => printOf(m)!);

let storage: string;
beforeAll(async () => {
  storage = await mkdtemp(join(tmpdir(), 'farmdeck-sim-'));
  await writeFile(join(storage, 'cube.gcode.3mf'), 'not really a 3mf');
});
afterAll(async () => {
  await rm(storage, { recursive: true, force: true });
});

const projectFile = (seq: string, url: string, extra: Json = {}) => ({
  print: {
    sequence_id: seq,
    command: 'project_file',
    param: 'Metadata/plate_2.gcode',
    url,
    file: 'cube.gcode.3mf',
    md5: '',
    subtask_name: 'cube',
    project_id: '0',
    profile_id: '0',
    task_id: '0',
    subtask_id: '0',
    bed_type: 'auto',
    timelapse: false,
    bed_leveling: true,
    flow_cali: false,
    vibration_cali: false,
    layer_inspect: false,
    use_ams: true,
    ams_mapping: [0],
    ...extra,
  },
});

describe('virtual printer: jobs', () => {
  it('runs a job PREPARE (stages, prepare %) → RUNNING (progress, layers, heating) → FINISH', async () => {
    const p = await pool.start({ model: 'X1C', timeScale: 600, reportIntervalMs: 50 });
    const c = await pool.connect(p);
    p.startJob({ file: 'cube.gcode.3mf', plate: 1, totalLayers: 50, minutes: 10 });
    const prep = printOf(await c.waitFor((m) => state(m) === 'PREPARE', 'PREPARE'))!;
    expect(prep['stg']).toEqual([2, 13, 7, 14]);
    expect(prep['subtask_name']).toBe('cube');
    expect(prep['gcode_file']).toBe('/data/Metadata/plate_1.gcode');
    expect(prep['nozzle_target_temper']).toBe(220);
    await c.waitFor(
      (m) => state(m) === 'PREPARE' && [13, 7, 14].includes(printOf(m)!['stg_cur'] as number),
      'a preparation stage',
    );
    const run = printOf(
      await c.waitFor(
        (m) => state(m) === 'RUNNING' && (printOf(m)!['mc_percent'] as number) > 0,
        'RUNNING',
      ),
    )!;
    expect(run['stg_cur']).toBe(0);
    expect(run['gcode_file_prepare_percent']).toBe('100');
    expect(run['layer_num']).toBeGreaterThan(0);
    expect(run['total_layer_num']).toBe(50);
    const expected = 10 * (1 - (run['mc_percent'] as number) / 100);
    expect(Math.abs((run['mc_remaining_time'] as number) - expected)).toBeLessThanOrEqual(1);
    expect(run['nozzle_temper']).toBeGreaterThan(100);
    const fin = printOf(await c.waitFor((m) => state(m) === 'FINISH', 'FINISH'))!;
    expect(fin['mc_percent']).toBe(100);
    expect(fin['layer_num']).toBe(50);
    expect(fin['mc_remaining_time']).toBe(0);
    expect(fin['stg_cur']).toBe(-1);
    expect(fin['nozzle_target_temper']).toBe(0);
  });

  it('starts project_file, echoes its options, names the job; a busy printer refuses the next', async () => {
    const p = await pool.start({ model: 'P1S' });
    const c = await pool.connect(p);
    await c.request(projectFile('20001', 'ftp:///cube.gcode.3mf'));
    const ok = await replyTo(c, 'project_file', '20001');
    expect(ok['result']).toBe('SUCCESS');
    expect(ok['bed_type']).toBe('auto');
    expect(ok['ams_mapping']).toEqual([0]);
    const prep = printOf(await c.waitFor((m) => state(m) === 'PREPARE', 'PREPARE'))!;
    expect(prep['subtask_name']).toBe('cube');
    expect(prep['gcode_file']).toBe('cube.gcode.3mf');
    expect(prep['stg']).toEqual([2, 13, 1, 7, 14]);

    await c.request(projectFile('20002', 'ftp:///cube.gcode.3mf'));
    const busy = await replyTo(c, 'project_file', '20002');
    expect(busy['result']).toBe('FAIL');
    await c.waitFor((m) => printOf(m)?.['print_error'] === 0x05004004, 'print_error 0500_4004');
    expect(p.received.map((m) => (m['print'] as Json)['sequence_id'])).toEqual(['20001', '20002']);
  });

  it('with storageDir: a missing file fails (FAILED + 0500_C010), an existing one starts', async () => {
    const asked: [string, number][] = [];
    const p = await pool.start({
      model: 'X1C',
      storageDir: storage,
      resolveJob: (file, plate) => {
        asked.push([file, plate]);
        return { totalLayers: 7, minutes: 5 };
      },
    });
    const c = await pool.connect(p);
    await c.request(projectFile('1', 'ftp:///nope.gcode.3mf', { file: 'nope.gcode.3mf' }));
    expect((await replyTo(c, 'project_file', '1'))['result']).toBe('FAIL');
    const failed = printOf(await c.waitFor((m) => state(m) === 'FAILED', 'FAILED'))!;
    expect(failed['print_error']).toBe(0x0500c010);
    for (const [seq, url] of [
      ['2', 'file:///sdcard/cube.gcode.3mf'],
      ['3', 'ftp://cube.gcode.3mf'],
    ] as const) {
      await c.request(projectFile(seq, url));
      expect((await replyTo(c, 'project_file', seq))['result']).toBe(
        seq === '2' ? 'SUCCESS' : 'FAIL',
      );
    }
    const prep = printOf(await c.waitFor((m) => state(m) === 'PREPARE', 'PREPARE'))!;
    expect(prep['gcode_file']).toBe('/data/Metadata/plate_2.gcode');
    expect(prep['print_error']).toBe(0);
    expect(prep['total_layer_num']).toBe(7);
    expect(prep['mc_remaining_time']).toBe(5);
    expect(asked).toContainEqual(['cube.gcode.3mf', 2]);
  });

  it('pause/resume/stop reply and change state; stop shows 0300_400C briefly, then 0', async () => {
    const p = await pool.start({ model: 'A1', timeScale: 10 });
    const c = await pool.connect(p);
    p.startJob({ file: 'benchy.3mf', minutes: 600 });
    await c.waitFor((m) => state(m) === 'PREPARE', 'PREPARE');
    await c.request({ print: { sequence_id: '11', command: 'pause', param: '' } });
    expect((await replyTo(c, 'pause', '11'))['result']).toBe('success');
    const paused = printOf(await c.waitFor((m) => state(m) === 'PAUSE', 'PAUSE'))!;
    expect(paused['stg_cur']).toBe(16);
    await c.request({ print: { sequence_id: '12', command: 'resume', param: '' } });
    expect((await replyTo(c, 'resume', '12'))['result']).toBe('success');
    const since = c.messages.length;
    await c.waitFor((m) => state(m) === 'PREPARE' || state(m) === 'RUNNING', 'resumed', { since });
    await c.request({ print: { sequence_id: '13', command: 'stop', param: '' } });
    expect((await replyTo(c, 'stop', '13'))['result']).toBe('success');
    const stopped = printOf(await c.waitFor((m) => state(m) === 'FAILED', 'FAILED'))!;
    expect(stopped['print_error']).toBe(0x0300400c);
    const at = c.messages.length;
    await c.waitFor((m) => printOf(m)?.['print_error'] === 0, 'print_error back to 0', {
      since: at,
    });
    await c.request({ print: { sequence_id: '14', command: 'resume', param: '' } });
    const bad = await replyTo(c, 'resume', '14');
    expect(bad['result']).toBe('fail');
    expect(bad['reason']).not.toBe('');
  });

  it('print_speed changes the remaining time by the speed factor', async () => {
    const p = await pool.start({ model: 'P2S', timeScale: 1 });
    const c = await pool.connect(p);
    p.startJob({ file: 'long.3mf', minutes: 100 });
    await c.waitFor((m) => printOf(m)?.['mc_remaining_time'] === 100, 'remaining 100 min');
    await c.request({ print: { sequence_id: '3', command: 'print_speed', param: '4' } });
    expect((await replyTo(c, 'print_speed', '3'))['result']).toBe('success');
    const fast = printOf(await c.waitFor((m) => printOf(m)?.['spd_lvl'] === 4, 'speed 4'))!;
    expect(fast['mc_remaining_time']).toBe(Math.ceil(100 / 1.66));
    expect(fast['spd_mag']).toBe(166);
    await c.request({ print: { sequence_id: '4', command: 'print_speed', param: '9' } });
    expect((await replyTo(c, 'print_speed', '4'))['result']).toBe('fail');
  });
});
