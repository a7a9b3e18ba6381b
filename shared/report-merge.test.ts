import { describe, expect, it } from 'vitest';
import { loadFixture } from '../test/fixtures.ts';
import { normalizeState } from './normalize-state.ts';
import type { RawObject } from './raw-report.ts';
import { isStatusReport, mergeReport, reportKind } from './report-merge.ts';

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const child of Object.values(v)) deepFreeze(child);
    Object.freeze(v);
  }
  return v;
}

const printOf = (name: string): RawObject => loadFixture<{ print: RawObject }>(name).print;

describe('mergeReport', () => {
  it('replaces the base with a fresh copy on a full report (msg 0)', () => {
    const full = { msg: 0, gcode_state: 'IDLE', ams: { ams: [] } };
    const out = mergeReport({ old: 1, gcode_state: 'RUNNING' }, full);
    expect(out).toEqual(full);
    expect(out).not.toBe(full);
    expect(out['ams']).not.toBe(full.ams);
  });

  it('copies the first report even when it is a delta', () => {
    expect(mergeReport(undefined, { msg: 1, bed_temper: 20 })).toEqual({ msg: 1, bed_temper: 20 });
  });

  it('merges objects recursively and adds new keys on a delta (msg 1 or absent)', () => {
    const base = { msg: 0, bed_temper: 20, ipcam: { timelapse: 'disable', resolution: '1080p' } };
    const out = mergeReport(base, { msg: 1, ipcam: { timelapse: 'enable' }, layer_num: 3 });
    expect(out).toEqual({
      msg: 1,
      bed_temper: 20,
      ipcam: { timelapse: 'enable', resolution: '1080p' },
      layer_num: 3,
    });
    const noMsg = mergeReport(base, { bed_temper: 21 });
    expect(noMsg['bed_temper']).toBe(21);
    expect(noMsg['ipcam']).toEqual(base.ipcam);
  });

  it('replaces arrays wholesale: hms [] clears, lights_report is replaced', () => {
    const base = {
      hms: [{ attr: 50331904, code: 65543 }],
      lights_report: [
        { node: 'chamber_light', mode: 'on' },
        { node: 'work_light', mode: 'flashing' },
      ],
    };
    const out = mergeReport(base, {
      hms: [],
      lights_report: [{ node: 'chamber_light', mode: 'off' }],
    });
    expect(out['hms']).toEqual([]);
    expect(out['lights_report']).toEqual([{ node: 'chamber_light', mode: 'off' }]);
  });

  it('replaces a value whose type changed', () => {
    const out = mergeReport({ a: { b: 1 }, c: 5, d: [1] }, { a: 7, c: { x: 1 }, d: { y: 2 } });
    expect(out).toEqual({ a: 7, c: { x: 1 }, d: { y: 2 } });
  });

  const amsBase = {
    ams: {
      tray_now: '0',
      ams: [
        {
          id: '0',
          humidity: '4',
          tray: [
            { id: '0', state: 11, tray_type: 'PLA', tray_color: 'FF0000FF', remain: 80 },
            { id: '1', state: 11, tray_type: 'PETG', tray_color: '00FF00FF', remain: 50 },
          ],
        },
        { id: '1', humidity: '5', tray: [{ id: '0', state: 11, tray_type: 'ABS' }] },
      ],
    },
  };

  it('merges AMS units by id and trays by id, keeping tray fields missing in the delta', () => {
    const delta = {
      ams: {
        ams: [
          { id: '1', humidity: '3', tray: [{ id: '0', remain: 10 }] },
          {
            id: '0',
            tray: [
              { id: '0', remain: 79 },
              { id: '1', tray_color: '0000FFFF' },
            ],
          },
        ],
      },
    };
    const out = mergeReport(amsBase, delta);
    expect(out['ams']).toEqual({
      tray_now: '0',
      ams: [
        { id: '1', humidity: '3', tray: [{ id: '0', state: 11, tray_type: 'ABS', remain: 10 }] },
        {
          id: '0',
          humidity: '4',
          tray: [
            { id: '0', state: 11, tray_type: 'PLA', tray_color: 'FF0000FF', remain: 79 },
            { id: '1', state: 11, tray_type: 'PETG', tray_color: '0000FFFF', remain: 50 },
          ],
        },
      ],
    });
  });

  it('treats a tray holding only id (+ state) as an empty slot that clears the old data', () => {
    const delta = { ams: { ams: [{ id: '0', tray: [{ id: '0', state: 0 }, { id: '1' }] }] } };
    const out = mergeReport(amsBase, delta);
    const unit = (out['ams'] as { ams: { tray: unknown[] }[] }).ams[0];
    expect(unit?.tray).toEqual([{ id: '0', state: 0 }, { id: '1' }]);
  });

  it('removes units absent from a received ams.ams list, keeps the list when ams.ams is absent', () => {
    const removed = mergeReport(amsBase, { ams: { ams: [{ id: '1' }] } });
    expect((removed['ams'] as { ams: { id: string }[] }).ams.map((u) => u.id)).toEqual(['1']);
    const kept = mergeReport(amsBase, { ams: { tray_now: '1' } });
    expect(kept['ams']).toEqual({ ...amsBase.ams, tray_now: '1' });
  });

  it('never mutates its inputs', () => {
    const base = deepFreeze(structuredClone(amsBase)) as RawObject;
    const before = JSON.stringify(base);
    const delta = deepFreeze({
      msg: 1,
      ams: { ams: [{ id: '0', tray: [{ id: '0', remain: 1 }] }] },
    });
    expect(() => mergeReport(base, delta)).not.toThrow();
    expect(() => mergeReport(base, deepFreeze({ msg: 0, x: { y: 1 } }))).not.toThrow();
    expect(JSON.stringify(base)).toBe(before);
    const out = mergeReport(base, { bed_temper: 1 });
    expect(base['bed_temper']).toBeUndefined();
    expect(out).not.toBe(base);
  });

  it('ignores __proto__, constructor and prototype keys from the printer', () => {
    const hostile = JSON.parse(
      '{"__proto__":{"polluted":1},"ams":{"ams":[{"id":"0","__proto__":{"polluted":2},' +
        '"tray":[{"id":"0","constructor":{"prototype":{"polluted":3}}}]}]},"constructor":{"x":1}}',
    ) as RawObject;
    for (const base of [undefined, { ams: { ams: [{ id: '0', tray: [{ id: '0' }] }] } }]) {
      const out = mergeReport(base, hostile);
      expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
      expect(Object.hasOwn(out, '__proto__')).toBe(false);
      expect(Object.hasOwn(out, 'constructor')).toBe(false);
      const unit = (out['ams'] as { ams: RawObject[] }).ams[0] ?? {};
      expect(Object.hasOwn(unit, '__proto__')).toBe(false);
      expect(JSON.stringify(out)).not.toContain('polluted');
    }
    expect(({} as RawObject)['polluted']).toBeUndefined();
  });

  it('survives absurdly deep nesting without a stack overflow', () => {
    let deep: RawObject = { leaf: 1 };
    for (let i = 0; i < 20_000; i++) deep = { n: deep };
    expect(() => mergeReport({ n: { n: 1 } }, { n: deep })).not.toThrow();
    expect(() => mergeReport(undefined, { msg: 0, n: deep })).not.toThrow();
  });

  it('applies the real H2D deltas on the H2D pushall', () => {
    let state = mergeReport(undefined, printOf('mqtt-pushall-h2d.json'));
    const deltas = loadFixture<Record<string, { print: RawObject }>>('mqtt-deltas-h2d.json');
    const norm = () =>
      normalizeState({ serial: '0948AB000000001', print: state, online: true, updatedAt: 1 });
    expect(norm().doorOpen).toBe(false);

    state = mergeReport(state, deltas['push_door_opened']!.print);
    expect(state['stat']).toBe('46A58008');
    expect(norm().doorOpen).toBe(true);
    state = mergeReport(state, deltas['push_door_closed']!.print);
    expect(norm().doorOpen).toBe(false);

    state = mergeReport(state, deltas['push_left_extruder']!.print);
    const extruder = (state['device'] as { extruder: { state: number; info: unknown[] } }).extruder;
    expect(extruder.state).toBe(274);
    expect(extruder.info).toHaveLength(2);

    state = mergeReport(state, deltas['push_alt_nozzle_info']!.print);
    const nozzles = norm().nozzles;
    expect(nozzles.map((n) => [n.diameter, n.type])).toEqual([
      [0.2, 'HS00'],
      [0.6, 'HX05'],
    ]);
    expect(nozzles.map((n) => n.temp)).toEqual([264, 40]);
    // Everything else survived the deltas.
    expect(norm().jobName).toBe('Number 10 House Numbers_plate_1');
    expect(norm().ams).toHaveLength(2);
  });

  it('reads the X1 door from home_flag deltas', () => {
    let state = mergeReport(undefined, printOf('mqtt-pushall-x1c.json'));
    const deltas = loadFixture<Record<string, { print: RawObject }>>('mqtt-deltas-h2d.json');
    const door = () =>
      normalizeState({ serial: '00M00A000000001', print: state, online: true, updatedAt: 1 })
        .doorOpen;
    state = mergeReport(state, deltas['push_old_door_opened']!.print);
    expect(door()).toBe(true);
    state = mergeReport(state, deltas['push_old_door_closed']!.print);
    expect(door()).toBe(false);
  });
});

describe('isStatusReport', () => {
  it('accepts push_status and reports without a command, rejects command replies', () => {
    expect(isStatusReport({ command: 'push_status', msg: 1 })).toBe(true);
    expect(isStatusReport({ stat: '46A58008' })).toBe(true);
    expect(isStatusReport({ command: 'pause', result: 'success' })).toBe(false);
    expect(isStatusReport({ command: 'project_file', result: 'FAIL' })).toBe(false);
    expect(isStatusReport(printOf('mqtt-pushall-p1p.json'))).toBe(true);
  });
});

describe('reportKind', () => {
  it('calls msg 0 full, an H2 pushall answer without msg a snapshot, the rest partial', () => {
    expect(reportKind(printOf('mqtt-pushall-p1p.json'))).toBe('full');
    expect(reportKind(printOf('mqtt-pushall-h2d.json'))).toBe('snapshot');
    expect(reportKind({ command: 'push_status', sequence_id: '1', stat: '46A58008' })).toBe(
      'partial',
    );
    expect(reportKind({ ...printOf('mqtt-pushall-p1p.json'), msg: 1 })).toBe('partial');
  });
});
