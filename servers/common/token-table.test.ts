import { describe, expect, it } from 'vitest';
import { bearerToken, TokenTable, tokensEqual } from './token-table.ts';

describe('TokenTable', () => {
  it('finds exact tokens only', () => {
    const table = new TokenTable({ 'custom-token-aaaa': 'real-a', 'custom-token-bbbb': 'real-b' });
    expect(table.size).toBe(2);
    expect(table.lookup('custom-token-bbbb')).toBe('real-b');
    expect(table.lookup('custom-token-bbb')).toBeNull();
    expect(table.lookup('custom-token-bbbbb')).toBeNull();
    expect(table.lookup('')).toBeNull();
  });

  it('compares tokens of different lengths without throwing', () => {
    expect(tokensEqual('a', 'a much longer token')).toBe(false);
    expect(tokensEqual('same-token', 'same-token')).toBe(true);
  });
});

describe('bearerToken', () => {
  it('reads Bearer headers only', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer   abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
