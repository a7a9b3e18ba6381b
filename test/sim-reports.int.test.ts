import { describe, expect, it } from 'vitest';
import { printOf } from '../sim/test-support/mqtt-test-client.ts';
import { usePrinterPool } from '../sim/test-support/printer-pool.ts';

const pool = usePrinterPool();
type Json = Record<string, unknown>;

describe('virtual printer: report styles', () => {
  it('P1S sends deltas (msg 1, changed keys only); X1C sends full reports every push', async () => {
    const p1s = await pool.start({ model: 'P1S', idleReportIntervalMs: 100 });
    const x1c = await pool.start({ model: 'X1C', idleReportIntervalMs: 100 });
    const [c1, c2] = await Promise.all([pool.connect(p1s), pool.connect(x1c)]);
    const delta = printOf(await c1.waitFor((m) => printOf(m)?.['msg'] === 1, 'a P1S delta'))!;
    expect(delta['command']).toBe('push_status');
    expect(delta).not.toHaveProperty('upgrade_state');
    expect(delta).not.toHaveProperty('ams');
    expect(Object.keys(delta).length).toBeLessThan(15);
    const pushes = () => c2.messages.map(printOf).filter((m) => m?.['command'] === 'push_status');
    await c2.waitFor(() => pushes().length >= 2, 'two X1C pushes');
    for (const m of pushes()) {
      expect(m?.['msg']).toBe(0);
      expect(m).toHaveProperty('ams');
      expect(m).toHaveProperty('upgrade_state');
    }
  });

  it('sends the complete ams.ams list in a delta when the AMS changes', async () => {
    const p = await pool.start({ model: 'A1', idleReportIntervalMs: 100 });
    const c = await pool.connect(p);
    await c.request({
      print: { sequence_id: '5', command: 'ams_change_filament', ams_id: 0, slot_id: 2, target: 2 },
    });
    const reply = await c.waitFor(
      (m) => printOf(m)?.['command'] === 'ams_change_filament',
      'reply',
    );
    expect(printOf(reply)?.['result']).toBe('success');
    const d = await c.waitFor(
      (m) => printOf(m)?.['msg'] === 1 && !!printOf(m)?.['ams'],
      'a delta with AMS data',
    );
    const ams = printOf(d)!['ams'] as Json;
    expect(ams['tray_now']).toBe('2');
    const units = ams['ams'] as Json[];
    expect(units).toHaveLength(1);
    expect(units[0]!['tray'] as unknown[]).toHaveLength(4);
  });

  it('every model starts idle with its own serial, product identity and report style', async () => {
    const expectations = [
      ['X1E', 'product_name', 'Bambu Lab X1E', 0, -1],
      ['P1P', 'project_name', 'C11', 1, 255],
      ['A1 mini', 'project_name', 'N1', 1, 255],
      ['H2D', 'product_name', 'Bambu Lab H2D', 0, -1],
      ['P2S', 'product_name', 'Bambu Lab P2S', 0, -1],
    ] as const;
    for (const [model, key, value, msg, idleStage] of expectations) {
      const p = await pool.start({ model, idleReportIntervalMs: 100 });
      const c = await pool.connect(p);
      await c.request({
        pushing: { sequence_id: '1', command: 'pushall' },
        info: { sequence_id: '2', command: 'get_version' },
      });
      const full = printOf(await c.waitFor((m) => printOf(m)?.['msg'] === 0, `${model} pushall`))!;
      expect(full['gcode_state']).toBe('IDLE');
      expect(full['stg_cur']).toBe(idleStage);
      expect(JSON.stringify(full)).not.toContain('MOCK-');
      const info = (await c.waitFor((m) => !!m['info'], `${model} version`))['info'] as Json;
      const ota = (info['module'] as Json[]).find((m) => m['name'] === 'ota')!;
      expect(ota[key]).toBe(value);
      expect(ota['sn']).toBe(p.serial);
      const periodic = printOf(
        await c.waitFor(
          (m) =>
            printOf(m)?.['command'] === 'push_status' &&
            printOf(m)?.['sequence_id'] !== full['sequence_id'],
          `${model} periodic push`,
        ),
      )!;
      expect(periodic['msg']).toBe(msg);
    }
  });

  it('reports HMS entries set on demand, encoded as {attr, code}', async () => {
    const p = await pool.start({ model: 'X1C' });
    const c = await pool.connect(p);
    p.setHms([{ code: '0300_0100_0001_0007' }, { code: '0700_2000_0002_0001' }]);
    const m = await c.waitFor(
      (m) => ((printOf(m)?.['hms'] as unknown[]) ?? []).length === 2,
      'HMS',
    );
    expect(printOf(m)!['hms']).toEqual([
      { attr: 0x03000100, code: 0x00010007 },
      { attr: 0x07002000, code: 0x00020001 },
    ]);
    const since = c.messages.indexOf(m) + 1;
    p.setHms([]);
    await c.waitFor(
      (m) => Array.isArray(printOf(m)?.['hms']) && (printOf(m)!['hms'] as unknown[]).length === 0,
      'HMS cleared',
      { since },
    );
  });
});
