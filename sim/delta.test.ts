import { describe, expect, it } from 'vitest';
import { diffReport, jsonEqual } from './delta.ts';

describe('diffReport', () => {
  it('keeps only changed keys, recursing into objects', () => {
    const prev = { a: 1, b: 'x', o: { p: 1, q: 2 }, same: { z: [1, 2] } };
    const next = { a: 1, b: 'y', o: { p: 1, q: 3 }, same: { z: [1, 2] } };
    expect(diffReport(prev, next)).toEqual({ b: 'y', o: { q: 3 } });
  });
  it('sends arrays wholesale and adds new keys', () => {
    const prev = { hms: [{ attr: 1, code: 2 }], lights: [] as unknown[] };
    const next = { hms: [], lights: [{ node: 'chamber_light', mode: 'on' }], added: 0 };
    expect(diffReport(prev, next)).toEqual(next);
  });
  it('returns an empty object when nothing changed', () => {
    const s = { a: { b: { c: [1, { d: 2 }] } } };
    expect(diffReport(s, structuredClone(s))).toEqual({});
  });
  it('includes the complete ams.ams unit list whenever anything under ams changed', () => {
    const units = [{ id: '0', tray: [{ id: '0' }, { id: '1' }] }];
    const prev = { ams: { ams: units, tray_now: '255', version: 1 }, x: 1 };
    const next = { ams: { ams: structuredClone(units), tray_now: '1', version: 2 }, x: 1 };
    const d = diffReport(prev, next);
    expect(d).toEqual({ ams: { ams: units, tray_now: '1', version: 2 } });
    expect((d['ams'] as { ams: unknown }).ams).not.toBe(next.ams.ams);
  });
  it('replaces a value whose JSON type changed', () => {
    expect(diffReport({ v: { a: 1 } }, { v: [1] })).toEqual({ v: [1] });
    expect(diffReport({ v: 1 }, { v: '1' })).toEqual({ v: '1' });
  });
});

describe('jsonEqual', () => {
  it('compares structurally', () => {
    expect(jsonEqual({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
  });
});
