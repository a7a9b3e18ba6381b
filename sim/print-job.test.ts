import { describe, expect, it } from 'vitest';
import { defaultJobParams } from './job-params.ts';
import { PRINT_ERROR, PrintJobMachine, type JobStart } from './print-job.ts';

const job = (minutes = 10, totalLayers = 100): JobStart => ({
  file: 'cube.gcode.3mf',
  plate: 1,
  subtaskName: 'cube',
  stages: [2, 13, 7],
  params: { minutes, totalLayers, nozzleTemp: 220, bedTemp: 60 },
});
const SEC = 1000;

describe('PrintJobMachine', () => {
  it('starts idle with the model idle stage', () => {
    const m = new PrintJobMachine(255, 3000);
    expect(m.fields()).toMatchObject({
      gcode_state: 'IDLE',
      print_type: 'idle',
      stg: [],
      stg_cur: 255,
      mc_percent: 0,
      layer_num: 0,
      total_layer_num: 0,
      print_error: 0,
    });
    expect(m.busy).toBe(false);
  });

  it('walks download, preparation stages, printing and finish', () => {
    const m = new PrintJobMachine(-1, 3000);
    m.start(job(10, 100));
    expect(m.fields()).toMatchObject({ gcode_state: 'PREPARE', stg: [2, 13, 7], stg_cur: -1 });
    expect(m.targets).toEqual({ nozzle: 220, bed: 60 });
    m.tick(5 * SEC, 1);
    expect(m.fields()['gcode_file_prepare_percent']).toBe('50');
    m.tick(5 * SEC, 1);
    expect(m.fields()['stg_cur']).toBe(2);
    m.tick(30 * SEC, 1);
    expect(m.fields()['stg_cur']).toBe(13);
    m.tick(30 * SEC, 1);
    expect(m.fields()['stg_cur']).toBe(7);
    m.tick(30 * SEC, 1);
    expect(m.fields()).toMatchObject({ gcode_state: 'RUNNING', stg_cur: 0, mc_remaining_time: 10 });
    m.tick(5 * 60 * SEC, 1);
    expect(m.fields()).toMatchObject({ mc_percent: 50, layer_num: 50, mc_remaining_time: 5 });
    m.tick(10 * 60 * SEC, 1);
    expect(m.fields()).toMatchObject({
      gcode_state: 'FINISH',
      mc_percent: 100,
      layer_num: 100,
      mc_remaining_time: 0,
      stg_cur: -1,
    });
    expect(m.targets).toEqual({ nozzle: 0, bed: 0 });
    expect(m.busy).toBe(false);
  });

  it('never skips a preparation stage, however long a tick is', () => {
    const m = new PrintJobMachine(-1, 3000);
    m.start(job());
    const seen: unknown[] = [];
    while (m.state === 'PREPARE') {
      m.tick(3_600_000, 1);
      seen.push(m.fields()['stg_cur']);
    }
    expect(seen).toEqual([2, 13, 7, 0]);
  });

  it('applies timeScale to printer time', () => {
    const m = new PrintJobMachine(-1, 3000);
    m.start({ ...job(1), stages: [] });
    m.tick(100, 600); // 60 s of printer time: download (10 s) done, then RUNNING
    expect(m.state).toBe('RUNNING');
  });

  it('pauses and resumes into the state it left; stop fails with a transient cancel error', () => {
    const m = new PrintJobMachine(255, 3000);
    expect(m.pause()).toBe(false);
    m.start({ ...job(), stages: [] });
    m.tick(20 * SEC, 1);
    expect(m.pause()).toBe(true);
    expect(m.fields()).toMatchObject({ gcode_state: 'PAUSE', stg_cur: 16 });
    const before = m.fields()['mc_percent'];
    m.tick(60 * SEC, 1);
    expect(m.fields()['mc_percent']).toBe(before);
    expect(m.resume()).toBe(true);
    expect(m.state).toBe('RUNNING');
    expect(m.resume()).toBe(false);
    expect(m.stop()).toBe(true);
    expect(m.fields()).toMatchObject({ gcode_state: 'FAILED', print_error: PRINT_ERROR.cancelled });
    m.tick(2999, 1);
    expect(m.printError).toBe(PRINT_ERROR.cancelled);
    m.tick(1, 1);
    expect(m.printError).toBe(0);
    expect(m.stop()).toBe(false);
  });

  it('speed levels scale the remaining time and progress', () => {
    const m = new PrintJobMachine(255, 3000);
    m.start({ ...job(100), stages: [] });
    m.tick(10 * SEC, 1);
    expect(m.fields()['mc_remaining_time']).toBe(100);
    expect(m.setSpeed(4)).toBe(true);
    expect(m.fields()).toMatchObject({ spd_lvl: 4, spd_mag: 166, mc_remaining_time: 61 });
    expect(m.setSpeed(1)).toBe(true);
    expect(m.fields()['mc_remaining_time']).toBe(200);
    expect(m.setSpeed(5)).toBe(false);
    expect(m.speedLevel).toBe(1);
  });

  it('keeps a non-transient error until the next job', () => {
    const m = new PrintJobMachine(255, 3000);
    m.start(job());
    m.fail(PRINT_ERROR.storage);
    m.tick(60 * SEC, 1);
    expect(m.fields()).toMatchObject({ gcode_state: 'FAILED', print_error: 0x0500c010 });
    m.start(job());
    expect(m.printError).toBe(0);
  });
});

describe('defaultJobParams', () => {
  it('is deterministic and plausible', () => {
    const a = defaultJobParams('cube.3mf', 1);
    expect(defaultJobParams('cube.3mf', 1)).toEqual(a);
    expect(a.totalLayers).toBeGreaterThanOrEqual(40);
    expect(a.totalLayers).toBeLessThanOrEqual(240);
    expect(a.minutes).toBeGreaterThanOrEqual(20);
    expect(a.minutes).toBeLessThanOrEqual(140);
  });
});
