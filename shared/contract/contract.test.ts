import { describe, expect, it } from 'vitest';
import { listFixtures, loadFixture } from '../../test/fixtures.ts';
import { normalizeState } from '../normalize-state.ts';
import type { RawObject } from '../raw-report.ts';
import { EVENT_CHANNELS, REQUEST_CHANNELS, isRequestChannel } from './channels.ts';
import { eventSchemas, requestSchemas, type RequestHandlers } from './contract.ts';
import { dispatchRequest } from './dispatch.ts';
import { PrinterCommand, PrinterInput, PrinterView } from './farm-schemas.ts';
import { PrinterStateSchema } from './printer-state-schema.ts';
import { FarmFailure } from './result.ts';

const validInput = {
  name: 'Rack A',
  host: '192.168.1.40',
  serial: '01p00a123456789',
  accessCode: ' 12345678 ',
};

describe('contract', () => {
  it('declares a schema for every channel and no channel without one', () => {
    expect(Object.keys(requestSchemas).sort()).toEqual([...REQUEST_CHANNELS].sort());
    expect(Object.keys(eventSchemas).sort()).toEqual([...EVENT_CHANNELS].sort());
    expect(isRequestChannel('printer:add')).toBe(true);
    expect(isRequestChannel('__proto__')).toBe(false);
  });

  it('normalizes a printer entered by a person (trimmed code, upper-case serial)', () => {
    const parsed = PrinterInput.parse(validInput);
    expect(parsed.serial).toBe('01P00A123456789');
    expect(parsed.accessCode).toBe('12345678');
  });

  it('rejects a URL as host and a malformed serial with messages that say what to enter', () => {
    const host = PrinterInput.safeParse({ ...validInput, host: 'http://printer.local' });
    expect(host.success).toBe(false);
    expect(host.error?.issues[0]?.message).toContain('IP address or host name only');
    const serial = PrinterInput.safeParse({ ...validInput, serial: 'abc' });
    expect(serial.error?.issues[0]?.message).toContain('Settings > Device');
  });

  it('accepts access codes only as every protocol can carry them (camera: 32 ASCII bytes)', () => {
    const code = (accessCode: string) => PrinterInput.safeParse({ ...validInput, accessCode });
    for (const good of ['12345678', 'a1cC0de9', 'x'.repeat(32)]) {
      expect(code(good).success, good).toBe(true);
    }
    const bad = [
      'x'.repeat(33),
      '1234\u00e95678',
      '1234 5678',
      '1234\r\nPASS',
      '1234\u00005678',
      '',
    ];
    for (const value of bad) expect(code(value).success, JSON.stringify(value)).toBe(false);
    expect(code('x'.repeat(33)).error?.issues[0]?.message).toContain('Settings > LAN only');
  });

  it('accepts only the commands the UI offers, with valid arguments', () => {
    expect(PrinterCommand.safeParse({ type: 'speed', level: 4 }).success).toBe(true);
    expect(PrinterCommand.safeParse({ type: 'speed', level: 5 }).success).toBe(false);
    expect(PrinterCommand.safeParse({ type: 'gcode', line: 'M112' }).success).toBe(false);
  });

  it('the state schema accepts every normalized real capture', () => {
    const names = listFixtures('mqtt-pushall-');
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) {
      const print = loadFixture<{ print: RawObject }>(name).print;
      const state = normalizeState({
        serial: '01P00A000000001',
        print,
        online: true,
        updatedAt: 1,
      });
      const result = PrinterStateSchema.safeParse(state);
      expect(result.success, `${name}: ${JSON.stringify(result.error?.issues[0])}`).toBe(true);
    }
  });

  it('a printer view carries no access code field', () => {
    expect(Object.keys(PrinterView.shape)).not.toContain('accessCode');
    expect(Object.keys(PrinterView.shape)).toContain('hasAccessCode');
  });
});

describe('dispatchRequest', () => {
  const calls: unknown[][] = [];
  const handlers = {
    'farm:get-snapshot': () => Promise.resolve({ seq: 0, printers: [] }),
    'printer:add': (input: unknown) => {
      calls.push([input]);
      return Promise.reject(
        new FarmFailure('duplicate', 'a printer with serial X is already in the farm'),
      );
    },
    'printer:remove': () => {
      throw new Error('boom');
    },
  } as unknown as RequestHandlers;

  it('answers with the handler value', async () => {
    expect(await dispatchRequest(handlers, 'farm:get-snapshot', [])).toEqual({
      ok: true,
      value: { seq: 0, printers: [] },
    });
  });

  it('rejects unknown channels and bad arguments without calling a handler', async () => {
    expect(await dispatchRequest(handlers, 'fs:read-file', [])).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    const bad = await dispatchRequest(handlers, 'printer:add', [{ ...validInput, host: '' }]);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await dispatchRequest(handlers, 'printer:add', 'not-an-array')).toMatchObject({
      ok: false,
    });
    expect(calls).toHaveLength(0);
  });

  it('turns thrown errors into error values, keeping FarmFailure codes', async () => {
    expect(await dispatchRequest(handlers, 'printer:add', [validInput])).toEqual({
      ok: false,
      error: { code: 'duplicate', message: 'a printer with serial X is already in the farm' },
    });
    expect(calls).toHaveLength(1);
    expect(await dispatchRequest(handlers, 'printer:remove', ['p-1'])).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('boom') as unknown },
    });
  });

  it('never echoes an access code in an invalid-input message', async () => {
    const result = await dispatchRequest(handlers, 'printer:add', [
      { ...validInput, accessCode: 'x'.repeat(80) },
    ]);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('xxxxxxxx');
  });
});
