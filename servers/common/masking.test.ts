import { describe, expect, it } from 'vitest';
import { MASK, maskJson, maskText, maskToken } from './masking.ts';

describe('maskText', () => {
  it('removes known secrets, IPv4 addresses and signed URL queries', () => {
    const text =
      'token eyJhbGciOiJSUzI1NiJ9.secretpart from 192.168.1.50 via ' +
      'https://s3.us-west-2.amazonaws.com/bucket/a.3mf?X-Amz-Signature=abc&X-Amz-Credential=k';
    const out = maskText(text, ['eyJhbGciOiJSUzI1NiJ9.secretpart']);
    expect(out).toBe(
      'token [redacted] from [ip] via https://s3.us-west-2.amazonaws.com/bucket/a.3mf?[redacted]',
    );
  });

  it('keeps loopback, firmware versions and plain URLs', () => {
    expect(maskText('http://127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080/x');
    expect(maskText('firmware 01.08.02.00 on 1.2.3')).toBe('firmware 01.08.02.00 on 1.2.3');
    expect(maskText('see https://wiki.bambulab.com/en/hms/home')).toBe(
      'see https://wiki.bambulab.com/en/hms/home',
    );
  });

  it('masks the longer secret first when one contains another', () => {
    expect(maskText('abcd1234efgh', ['abcd', 'abcd1234efgh'])).toBe('[redacted]');
  });
});

describe('maskJson', () => {
  it('masks credential fields, tokens and addresses at any depth', () => {
    const out = maskJson({
      devices: [{ dev_id: 'S1', dev_access_code: '12345678', online: true }],
      accessToken: 'abcdefghijklmnopqrstuvwxyz',
      refreshToken: '',
      net: { info: [{ ip: 3232235826, mask: 16777215 }] },
      ttcode: 'TT',
      passwd: 'pw',
      code: 4,
      error: null,
    });
    expect(out).toEqual({
      devices: [{ dev_id: 'S1', dev_access_code: MASK, online: true }],
      accessToken: 'abcd…(26 chars)',
      refreshToken: '',
      net: { info: [{ ip: '[ip]', mask: 16777215 }] },
      ttcode: MASK,
      passwd: MASK,
      code: 4,
      error: null,
    });
  });

  it('masks string codes (email codes) but keeps numeric error codes', () => {
    expect(maskJson({ code: '123456' })).toEqual({ code: MASK });
    expect(maskJson({ code: 1 })).toEqual({ code: 1 });
  });

  it('does not recurse forever into deep data', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 200; i++) deep = [deep];
    expect(() => maskJson(deep)).not.toThrow();
  });
});

describe('maskToken', () => {
  it('shows four characters of long tokens and nothing of short ones', () => {
    expect(maskToken('short')).toBe(MASK);
    expect(maskToken('fdp_0123456789abcdef')).toBe('fdp_…(20 chars)');
  });
});
