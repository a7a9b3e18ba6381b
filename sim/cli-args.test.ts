import { describe, expect, it } from 'vitest';
import { parseSimArgs, SimUsageError } from './cli-args.ts';

describe('parseSimArgs', () => {
  it('defaults to one P1S on a free port on loopback', () => {
    expect(parseSimArgs([])).toMatchObject({
      models: ['P1S'],
      port: 0,
      host: '127.0.0.1',
      printing: false,
      json: false,
    });
  });
  it('cycles a model list across --count', () => {
    const c = parseSimArgs(['--model', 'X1C,p1s,a1mini', '--count', '5', '--port', '8883']);
    expect(c.models).toEqual(['X1C', 'P1S', 'A1 mini', 'X1C', 'P1S']);
    expect(c.port).toBe(8883);
    expect(parseSimArgs(['--model', 'H2D,P2S']).models).toEqual(['H2D', 'P2S']);
  });
  it('reads every flag', () => {
    const c = parseSimArgs([
      '--serial=01P00A000000001',
      '--access-code',
      '12345678',
      '--printing',
      '--require-signature',
      '--interval-ms',
      '50',
      '--time-scale',
      '2.5',
      '--json',
      '--host',
      '0.0.0.0',
      '--quirks',
      'no-msg, single-session,no-msg',
    ]);
    expect(c).toMatchObject({
      serial: '01P00A000000001',
      accessCode: '12345678',
      printing: true,
      requireSignature: true,
      intervalMs: 50,
      timeScale: 2.5,
      json: true,
      host: '0.0.0.0',
      quirks: ['no-msg', 'single-session'],
    });
    expect(parseSimArgs([]).quirks).toEqual([]);
  });
  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--model', 'X9'], /unknown model "X9"/],
    [['--count', '0'], /--count must be an integer ≥ 1/],
    [['--count', 'two'], /--count/],
    [['--port', '65535', '--count', '2'], /leaves no room/],
    [['--serial', 'S', '--count', '2'], /--count 1/],
    [['--time-scale', '0'], /greater than 0/],
    [['--interval-ms', '1'], /--interval-ms must be an integer ≥ 10/],
    [['extra'], /positional/i],
    [['--quirks', 'no-msg,bogus'], /--quirks: unknown quirk "bogus" \(known: no-msg, /],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseSimArgs(argv)).toThrow(SimUsageError);
    expect(() => parseSimArgs(argv)).toThrow(message);
  });
});
