import { describe, expect, it } from 'vitest';
import { base32Decode, hotp, totp, verifyTotp } from './totp.ts';

// RFC 6238 appendix B (SHA-1 key "12345678901234567890"), 8 digits.
const RFC_KEY_B32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('totp', () => {
  it('decodes base32', () => {
    expect(base32Decode(RFC_KEY_B32).toString()).toBe('12345678901234567890');
    expect(base32Decode('jbsw y3dp').toString()).toBe('Hello');
  });

  it('matches the RFC 6238 test vectors', () => {
    const cases: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
    ];
    for (const [t, code] of cases) expect(totp(RFC_KEY_B32, t * 1000, 8)).toBe(code);
  });

  it('matches RFC 4226 HOTP values', () => {
    const key = Buffer.from('12345678901234567890');
    expect([0, 1, 9].map((c) => hotp(key, c))).toEqual(['755224', '287082', '520489']);
  });

  it('accepts one step of drift, not two', () => {
    const now = 1_700_000_000_000;
    expect(verifyTotp(RFC_KEY_B32, totp(RFC_KEY_B32, now - 30_000), now)).toBe(true);
    expect(verifyTotp(RFC_KEY_B32, totp(RFC_KEY_B32, now - 60_000), now)).toBe(false);
  });
});
