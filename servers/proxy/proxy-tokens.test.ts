import { describe, expect, it } from 'vitest';
import { rateClassOf } from './proxy-limits.ts';
import { generateCustomToken, parseTokenFile, TokenFileError } from './proxy-tokens.ts';

describe('parseTokenFile', () => {
  it("reads the seed's {custom: real} format", () => {
    const map = parseTokenFile('{"custom-token-1": "real-a", "custom-token-2": " real-b\\n"}', 'f');
    expect([...map]).toEqual([
      ['custom-token-1', 'real-a'],
      ['custom-token-2', 'real-b'],
    ]);
  });

  it.each(['not json', '[]', '"x"', '{"a": 1}', '{"a": ""}', '{"": "real"}'])(
    'refuses %s',
    (text) => {
      expect(() => parseTokenFile(text, 'proxy_tokens.json')).toThrow(TokenFileError);
    },
  );
});

describe('generateCustomToken', () => {
  it('makes distinct 192-bit tokens', () => {
    const a = generateCustomToken();
    expect(a).toMatch(/^fdp_[A-Za-z0-9_-]{32}$/);
    expect(generateCustomToken()).not.toBe(a);
  });
});

describe('rateClassOf', () => {
  it('puts account endpoints in the user class', () => {
    expect(rateClassOf('/v1/user-service/my/tasks')).toBe('user');
    expect(rateClassOf('/v1/design-user-service/my/preference')).toBe('user');
    expect(rateClassOf('/v1/iot-service/api/user/bind')).toBe('default');
  });
});
