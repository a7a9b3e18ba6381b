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

  it('keeps the last state across a reset, but needs a new full report for deltas', () => {
    const k = new StateKeeper('01S00A000000001');
    k.apply({ ...pushall(), msg: 0 }, 1);
    k.setOnline(true);
    k.resetBase();
    expect(k.hasFullReport).toBe(false);
    expect(k.setOnline(false)).toBe(true);
    expect(k.state?.online).toBe(false);
    expect(k.state?.status).toBe('offline');
    expect(k.state?.ams.length).toBeGreaterThan(0);
    expect(k.apply({ command: 'push_status', msg: 1, bed_temper: 1 }, 2).applied).toBe(false);
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
});
