import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/fixtures.ts';
import { StateKeeper } from './state-keeper.ts';

type Print = { [key: string]: unknown };
const pushall = () => loadFixture<{ print: Print }>('mqtt-pushall-p1p.json').print;

describe('StateKeeper', () => {
  it('ignores deltas until a full report gives a base, then merges them', () => {
    const k = new StateKeeper('01S00A000000001');
    expect(k.apply({ command: 'push_status', msg: 1, bed_temper: 40 }, 1).applied).toBe(false);
    expect(k.state).toBeNull();
    const full = k.apply({ ...pushall(), msg: 0 }, 2);
    expect(full).toMatchObject({ applied: true, full: true });
    expect(k.hasFullReport).toBe(true);
    const before = k.state;
    k.apply({ command: 'push_status', msg: 1, bed_temper: 61.5 }, 3);
    expect(k.state?.bed.temp).toBe(61.5);
    expect(k.state?.ams).toEqual(before?.ams);
    expect(k.state?.updatedAt).toBe(3);
  });

  it('keeps the last state across a reset and merges into it until a new full report', () => {
    const k = new StateKeeper('01S00A000000001');
    k.apply({ ...pushall(), msg: 0 }, 1);
    k.setOnline(true);
    k.resetBase();
    expect(k.hasFullReport).toBe(false);
    expect(k.setOnline(false)).toBe(true);
    expect(k.state?.online).toBe(false);
    expect(k.state?.status).toBe('offline');
    expect(k.state?.ams.length).toBeGreaterThan(0);
    expect(k.apply({ command: 'push_status', msg: 1, bed_temper: 1 }, 2)).toMatchObject({
      applied: true,
      full: false,
    });
    expect(k.hasFullReport).toBe(false);
    expect(k.state?.bed.temp).toBe(1);
    expect(k.state?.ams.length).toBeGreaterThan(0);
  });

  it('notices module changes and the signature HMS', () => {
    const k = new StateKeeper('01S00A000000001');
    k.apply({ ...pushall(), msg: 0, online: { version: 3 }, hms: [] }, 1);
    expect(k.apply({ msg: 1, online: { version: 3 } }, 2).modulesChanged).toBe(false);
    expect(k.apply({ msg: 1, online: { version: 4 } }, 3).modulesChanged).toBe(true);
    expect(k.signatureHms()).toBe(false);
    k.apply({ msg: 1, hms: [{ attr: 0x05000500, code: 0x00010007 }] }, 4);
    expect(k.signatureHms()).toBe(true);
    expect(k.requiresSignature()).toBe(true);
  });

  it('merges an H2 partial report without msg instead of taking it for a full one', () => {
    const k = new StateKeeper('0948AD000000001');
    const h2d = loadFixture<{ print: Print }>('mqtt-pushall-h2d.json').print;
    expect(h2d['msg']).toBeUndefined();
    expect(k.apply(h2d, 1)).toMatchObject({ applied: true, full: true });
    const before = k.state!;
    expect(before.ams.length).toBeGreaterThan(0);
    const door = { command: 'push_status', sequence_id: '2022', stat: '46A58008' };
    expect(k.apply(door, 2)).toMatchObject({ applied: true, full: false });
    const after = k.state!;
    expect(after.doorOpen).toBe(true);
    expect(before.doorOpen).toBe(false);
    expect({ ...after, doorOpen: before.doorOpen, updatedAt: before.updatedAt }).toEqual(before);
  });

  it('ignores a partial report without msg before anything is known', () => {
    const k = new StateKeeper('0948AD000000001');
    expect(k.apply({ command: 'push_status', stat: '46A58008' }, 1).applied).toBe(false);
    expect(k.state).toBeNull();
  });

  it('takes status reports and get_version replies through ingest, not command replies', () => {
    const k = new StateKeeper('01S00A000000001');
    expect(k.ingest({ print: { command: 'pause', result: 'success' } }, 1)).toEqual({
      report: null,
      version: null,
      changed: false,
    });
    const first = k.ingest({ print: { ...pushall(), msg: 0 } }, 2);
    expect(first.report?.full).toBe(true);
    expect(first.changed).toBe(true);
    const version = loadFixture<Record<string, unknown>>('mqtt-get_version-p1p.json');
    const res = k.ingest(version, 3);
    expect(res.version?.firmware).toBeTruthy();
    expect(res.changed).toBe(true);
  });
});
