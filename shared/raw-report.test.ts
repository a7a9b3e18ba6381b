import { describe, expect, it } from 'vitest';
import { arr, at, bool, hexBits, int, num, obj, str, testBit, text } from './raw-report.ts';

describe('raw readers', () => {
  it('num accepts numbers and numeric strings only', () => {
    expect(num(5)).toBe(5);
    expect(num('26.2')).toBe(26.2);
    expect(num(' -53 ')).toBe(-53);
    for (const v of ['', ' ', 'abc', '12abc', null, undefined, NaN, Infinity, true, {}, []]) {
      expect(num(v)).toBeNull();
    }
    expect(int('7.9')).toBe(7);
    expect(int('x')).toBeNull();
  });

  it('str, text, bool, obj and arr tolerate every wire type', () => {
    expect(str(3)).toBe('3');
    expect(str(null)).toBeNull();
    expect(text('  ')).toBeNull();
    expect(text(' PLA ')).toBe('PLA');
    expect([bool(true), bool(1), bool('enable'), bool('TRUE'), bool('on')]).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([bool(false), bool(0), bool('disable'), bool('0')]).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(bool('maybe')).toBeNull();
    expect(obj([])).toBeNull();
    expect(obj({ a: 1 })).toEqual({ a: 1 });
    expect(arr('x')).toEqual([]);
    expect(arr([1])).toEqual([1]);
  });

  it('hexBits reads up to 64-bit hex strings and testBit tests them', () => {
    expect(hexBits('60029FD1A3FF9CB7')).toBe(0x60029fd1a3ff9cb7n);
    expect(hexBits('0x10')).toBe(16n);
    expect(hexBits(-1)).toBe(0xffffffffffffffffn);
    expect(hexBits('zz')).toBeNull();
    expect(hexBits('')).toBeNull();
    expect(testBit('20000000', 29)).toBe(true);
    expect(testBit('1FFFFFFF', 29)).toBe(false);
    expect(testBit('41AFFF9CFF', 38)).toBe(true);
    expect(testBit(null, 1)).toBeNull();
  });

  it('at follows own keys only', () => {
    const v = { device: { bed: { info: { temp: 5 } } } };
    expect(at(v, 'device', 'bed', 'info', 'temp')).toBe(5);
    expect(at(v, 'device', 'nope', 'x')).toBeUndefined();
    expect(at(v, 'toString')).toBeUndefined();
    expect(at(null, 'a')).toBeUndefined();
  });
});
