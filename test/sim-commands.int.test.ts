import { describe, expect, it } from 'vitest';
import { printOf, type TestClient } from '../sim/test-support/mqtt-test-client.ts';
import { usePrinterPool } from '../sim/test-support/printer-pool.ts';

const pool = usePrinterPool();
type Json = Record<string, unknown>;
const replyOf = (c: TestClient, cls: string, seq: string) =>
  c
    .waitFor(
      (m) => (m[cls] as Json | undefined)?.['sequence_id'] === seq && 'result' in (m[cls] as Json),
      `${cls} reply #${seq}`,
    )
    .then((m) => m[cls] as Json);

describe('virtual printer: commands', () => {
  it('ledctrl updates lights_report and is echoed under system', async () => {
    const p = await pool.start({ model: 'X1C' });
    const c = await pool.connect(p);
    const led = {
      sequence_id: '1',
      command: 'ledctrl',
      led_node: 'chamber_light',
      led_mode: 'off',
      led_on_time: 500,
      led_off_time: 500,
      loop_times: 0,
      interval_time: 0,
    };
    await c.request({ system: led });
    expect(await replyOf(c, 'system', '1')).toEqual({ ...led, result: 'success', reason: '' });
    const m = await c.waitFor(
      (m) =>
        ((printOf(m)?.['lights_report'] as Json[]) ?? []).some(
          (l) => l['node'] === 'chamber_light' && l['mode'] === 'off',
        ),
      'chamber light off',
    );
    expect(printOf(m)!['lights_report']).toContainEqual({ node: 'work_light', mode: 'flashing' });
  });

  it('gcode_line M104/M140 set heater targets', async () => {
    const p = await pool.start({ model: 'H2D' });
    const c = await pool.connect(p);
    await c.request({
      print: { sequence_id: '2', command: 'gcode_line', param: 'M104 S215\nM140 S60\n' },
    });
    expect((await replyOf(c, 'print', '2'))['result']).toBe('success');
    const m = printOf(
      await c.waitFor((m) => printOf(m)?.['nozzle_target_temper'] === 215, 'nozzle target 215'),
    )!;
    expect(m['bed_target_temper']).toBe(60);
    const bed = ((m['device'] as Json)['bed'] as Json)['info'] as Json;
    expect((bed['temp'] as number) >>> 16).toBe(60);
  });

  it('skip_objects updates s_obj during a job; ams_control accepts known params', async () => {
    const p = await pool.start({ model: 'P1S' });
    const c = await pool.connect(p);
    p.startJob({ file: 'plate.3mf' });
    await c.request({ print: { sequence_id: '3', command: 'skip_objects', obj_list: [206, 318] } });
    expect((await replyOf(c, 'print', '3'))['result']).toBe('success');
    await c.waitFor((m) => JSON.stringify(printOf(m)?.['s_obj']) === '[206,318]', 's_obj');
    await c.request({ print: { sequence_id: '4', command: 'ams_control', param: 'resume' } });
    expect((await replyOf(c, 'print', '4'))['result']).toBe('success');
    await c.request({ print: { sequence_id: '5', command: 'ams_control', param: 'explode' } });
    expect((await replyOf(c, 'print', '5'))['result']).toBe('fail');
  });

  it('answers unknown commands with fail / "unsupported command" and records everything in order', async () => {
    const p = await pool.start({ model: 'A1' });
    const c = await pool.connect(p);
    await c.request({ print: { sequence_id: '6', command: 'make_coffee' } });
    expect(await replyOf(c, 'print', '6')).toMatchObject({
      command: 'make_coffee',
      result: 'fail',
      reason: 'unsupported command',
    });
    await c.request({
      camera: { sequence_id: '7', command: 'ipcam_record_set', control: 'enable' },
    });
    expect((await replyOf(c, 'camera', '7'))['result']).toBe('fail');
    await c.client.publishAsync(`device/${p.serial}/request`, 'not json', { qos: 1 });
    await c.request({ info: { sequence_id: '8', command: 'get_version' } });
    await replyOf(c, 'info', '8');
    expect(p.received).toEqual([
      { print: { sequence_id: '6', command: 'make_coffee' } },
      { camera: { sequence_id: '7', command: 'ipcam_record_set', control: 'enable' } },
      { info: { sequence_id: '8', command: 'get_version' } },
    ]);
  });
});
