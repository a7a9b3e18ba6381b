import { describe, expect, it } from 'vitest';
import { decodeMessage, decodeText } from './message-decoder.ts';

describe('decodeMessage', () => {
  it('parses a JSON object', () => {
    const r = decodeMessage(Buffer.from('{"print":{"command":"push_status","msg":1}}'));
    expect(r).toEqual({ ok: true, message: { print: { command: 'push_status', msg: 1 } } });
  });

  it('refuses a payload over the cap before parsing it', () => {
    const big = Buffer.alloc(5000, 0x20);
    big.write('{"a":1}', 0);
    const r = decodeMessage(big, 4096);
    expect(r).toMatchObject({ ok: false, reason: 'oversized', bytes: 5000 });
    expect(decodeMessage(big, 5000).ok).toBe(true);
  });

  it('reports malformed JSON and non-objects', () => {
    expect(decodeMessage(Buffer.from('{"print": {'))).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    expect(decodeMessage(Buffer.from('[1,2]'))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(decodeMessage(Buffer.from('42'))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(decodeMessage(Buffer.from(''))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('falls back to Latin-1 for invalid UTF-8', () => {
    // "Café" with é as the single Latin-1 byte 0xE9: invalid UTF-8.
    const payload = Buffer.concat([
      Buffer.from('{"print":{"subtask_name":"Caf'),
      Buffer.from([0xe9]),
      Buffer.from('"}}'),
    ]);
    const r = decodeMessage(payload);
    expect(r).toEqual({ ok: true, message: { print: { subtask_name: 'Café' } } });
    expect(decodeText(Buffer.from('Grüße', 'utf8'))).toBe('Grüße');
  });

  it('tolerates raw newlines inside strings (X1 firmware)', () => {
    const r = decodeMessage(Buffer.from('{"mc_print":{"param":"line one\nline two"}}'));
    expect(r).toEqual({ ok: true, message: { mc_print: { param: 'line one line two' } } });
  });
});
