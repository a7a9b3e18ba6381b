import { describe, expect, it } from 'vitest';
import { encodeHms } from './hms.ts';

describe('encodeHms', () => {
  it('encodes the display form into attr/code like the capture in hms.md', () => {
    expect(encodeHms('0300_0100_0001_0007')).toEqual({ attr: 50331904, code: 65543 });
  });
  it('accepts HMS_ prefix, lower case and no separators; keeps values unsigned', () => {
    expect(encodeHms('HMS_0500_0500_0001_0007')).toEqual({ attr: 0x05000500, code: 0x00010007 });
    expect(encodeHms('18ff800000020001')).toEqual({ attr: 0x18ff8000, code: 0x00020001 });
    expect(encodeHms('FFFF_FFFF_FFFF_FFFF')).toEqual({ attr: 0xffffffff, code: 0xffffffff });
  });
  it('rejects malformed codes with a message saying what is expected', () => {
    expect(() => encodeHms('0300_0100_0001')).toThrow(/four groups of 4 hex digits/);
    expect(() => encodeHms('0300_0100_0001_00G7')).toThrow(/invalid HMS code/);
  });
});
