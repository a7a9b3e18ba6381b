import { describe, expect, it } from 'vitest';
import type { PrinterView } from '../../shared/contract/farm-schemas.ts';
import type { PrinterQueueInfo } from '../../shared/contract/printer-queue-schema.ts';
import type { PrinterState, PrinterStatus } from '../../shared/printer-state.ts';
import {
  bedPrompt,
  exclusionNeedsPerson,
  shortReason,
  tagsInUse,
  waitingForPerson,
} from './bed-state.ts';
import { queueFilterCounts, visiblePrinterIds } from './grid-query.ts';

const printer = (
  id: string,
  status: PrinterStatus | 'offline',
  queue: Partial<PrinterQueueInfo> | null,
  over: Partial<PrinterView> = {},
): PrinterView => ({
  id,
  name: `Printer ${id}`,
  host: 'h',
  port: 8883,
  serial: `01P00A00000000${id}`,
  hasAccessCode: true,
  tlsMode: 'bambu-ca',
  connection: { status: status === 'offline' ? 'offline' : 'online', since: 0, error: null },
  control: 'allowed',
  state: {
    model: 'P1S',
    status: status === 'offline' ? 'idle' : status,
    hms: [],
  } as unknown as PrinterState,
  ...(queue
    ? {
        queue: {
          bed: 'clear',
          bedChangedAt: null,
          waiveBedCheck: false,
          tags: [],
          exclusion: null,
          controller: 'this',
          ...queue,
        },
      }
    : {}),
  ...over,
});

describe('bed prompt', () => {
  it('asks "Bed cleared?" only for an online, free printer whose bed needs clearing or is unknown', () => {
    expect(bedPrompt(printer('1', 'finished', { bed: 'needs-clearing' }))).toBe('confirm');
    expect(bedPrompt(printer('1', 'idle', { bed: 'unknown' }))).toBe('confirm');
    expect(bedPrompt(printer('1', 'failed', { bed: 'needs-clearing' }))).toBe('confirm');
    expect(bedPrompt(printer('1', 'printing', { bed: 'needs-clearing' }))).toBe('unconfirmed');
    expect(bedPrompt(printer('1', 'paused', { bed: 'unknown' }))).toBe('unconfirmed');
    expect(bedPrompt(printer('1', 'offline', { bed: 'unknown' }))).toBe('unconfirmed');
  });

  it('shows in-use, clear and the waiver quietly, and nothing without a queue', () => {
    expect(bedPrompt(printer('1', 'printing', { bed: 'in-use' }))).toBe('in-use');
    expect(bedPrompt(printer('1', 'idle', { bed: 'clear' }))).toBe('clear');
    expect(
      bedPrompt(printer('1', 'finished', { bed: 'needs-clearing', waiveBedCheck: true })),
    ).toBe('waived');
    expect(bedPrompt(printer('1', 'idle', null))).toBeNull();
  });
});

describe('waiting for a person', () => {
  it('counts Developer Mode off, HMS errors and missing filament, not model or nozzle mismatches', () => {
    const ex = (exclusion: string, over: Partial<PrinterView> = {}) =>
      exclusionNeedsPerson(printer('1', 'idle', { exclusion }, over));
    expect(
      ex('Developer Mode is off: enable LAN-only mode and Developer Mode on the printer'),
    ).toBe(true);
    expect(ex('HMS error 0300_0100_0001_0007: heatbed temperature abnormal')).toBe(true);
    expect(ex('lacks PETG (#000000) for bracket.gcode.3mf')).toBe(true);
    expect(ex('sliced for the P1S, this is an A1')).toBe(false);
    expect(ex('nozzle 0.6 mm, plate needs 0.4 mm')).toBe(false);
    expect(ex('control refused', { control: 'refused' })).toBe(true);
    expect(exclusionNeedsPerson(printer('1', 'idle', { exclusion: null }))).toBe(false);
  });

  it('is a bed to confirm or such an exclusion', () => {
    expect(waitingForPerson(printer('1', 'finished', { bed: 'needs-clearing' }))).toBe(true);
    expect(waitingForPerson(printer('1', 'printing', { bed: 'in-use' }))).toBe(false);
    expect(waitingForPerson(printer('1', 'idle', { bed: 'clear' }))).toBe(false);
    expect(
      waitingForPerson(printer('1', 'idle', { bed: 'clear', exclusion: 'HMS error 0300: x' })),
    ).toBe(true);
  });
});

describe('queue filters in the grid', () => {
  const farm = [
    printer('1', 'finished', { bed: 'needs-clearing', tags: ['Rack A'] }),
    printer('2', 'printing', { bed: 'in-use', tags: ['Rack A', 'PETG'] }),
    printer('3', 'idle', {
      bed: 'clear',
      tags: ['Rack B'],
      exclusion: 'lacks PLA (#F0781E) for x',
    }),
    printer('4', 'idle', { bed: 'unknown', waiveBedCheck: true, tags: ['Rack B'] }),
    printer('5', 'idle', { bed: 'unknown' }),
    printer('6', 'offline', { bed: 'unknown', tags: ['Rack 10'] }),
  ];
  const byId = Object.fromEntries(farm.map((p) => [p.id, p]));
  const order = farm.map((p) => p.id);
  const q = (over: object) => ({
    filter: 'all' as const,
    search: '',
    sort: 'name' as const,
    ...over,
  });

  it('filters by waiting for a person and by group, combined with the status chip', () => {
    expect(visiblePrinterIds(order, byId, q({ waiting: true }))).toEqual(['1', '3', '5']);
    expect(visiblePrinterIds(order, byId, q({ group: 'Rack A' }))).toEqual(['1', '2']);
    expect(visiblePrinterIds(order, byId, q({ group: 'Rack B', waiting: true }))).toEqual(['3']);
    expect(visiblePrinterIds(order, byId, q({ group: 'Rack A', filter: 'printing' }))).toEqual([
      '2',
    ]);
    expect(visiblePrinterIds(order, byId, q({ group: null, waiting: false }))).toHaveLength(6);
  });

  it('counts each chip and lists the groups in use naturally sorted', () => {
    expect(queueFilterCounts(order, byId)).toEqual({
      waiting: 3,
      'group:Rack A': 2,
      'group:PETG': 1,
      'group:Rack B': 2,
      'group:Rack 10': 1,
    });
    expect(tagsInUse(order, byId)).toEqual(['PETG', 'Rack 10', 'Rack A', 'Rack B']);
  });
});

describe('short reason', () => {
  it('keeps short text and cuts long text with an ellipsis', () => {
    expect(shortReason('queue paused')).toBe('queue paused');
    const cut = shortReason('Developer Mode is off: enable LAN-only mode and Developer Mode', 20);
    expect(cut).toBe('Developer Mode is o…');
    expect(cut.length).toBeLessThanOrEqual(20);
  });
});
