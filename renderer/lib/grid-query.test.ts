import { describe, expect, it } from 'vitest';
import type { PrinterView } from '../../shared/contract/farm-schemas.ts';
import type { PrinterState, PrinterStatus } from '../../shared/printer-state.ts';
import { filterCounts, visiblePrinterIds } from './grid-query.ts';

const printer = (
  id: string,
  name: string,
  status: PrinterStatus | 'disconnected' | 'auth-failed',
  extra: Partial<PrinterState> = {},
): PrinterView => ({
  id,
  name,
  host: 'h',
  port: 8883,
  serial: `01P00A0000000${id}`,
  hasAccessCode: true,
  tlsMode: 'bambu-ca',
  connection: {
    status:
      status === 'disconnected' ? 'offline' : status === 'auth-failed' ? 'auth-failed' : 'online',
    since: 0,
    error: null,
  },
  control: 'allowed',
  state: {
    model: 'P1S',
    status: status === 'disconnected' || status === 'auth-failed' ? 'idle' : status,
    remainingMinutes: null,
    progress: null,
    hms: [],
    ...extra,
  } as PrinterState,
});

const farm = [
  printer('1', 'Rack 10', 'printing', { remainingMinutes: 50, progress: 20 }),
  printer('2', 'Rack 2', 'printing', { remainingMinutes: 5, progress: 90 }),
  printer('3', 'Rack 3', 'paused'),
  printer('4', 'Rack 4', 'idle', { model: 'A1 mini' }),
  printer('5', 'Rack 5', 'disconnected'),
  printer('6', 'Rack 6', 'auth-failed'),
  printer('7', 'Rack 7', 'idle', {
    hms: [{ code: '0300_0100_0001_0007', severity: 'fatal', module: 'mc', message: 'm', url: 'u' }],
  }),
];
const byId = Object.fromEntries(farm.map((p) => [p.id, p]));
const order = farm.map((p) => p.id);
const q = (over: object) => ({
  filter: 'all' as const,
  search: '',
  sort: 'name' as const,
  ...over,
});

describe('grid query', () => {
  it('sorts names naturally (Rack 2 before Rack 10)', () => {
    expect(visiblePrinterIds(order, byId, q({}))).toEqual(['2', '3', '4', '5', '6', '7', '1']);
  });

  it('filters by status chip, counting a connection problem or a fatal HMS as needing attention', () => {
    expect(visiblePrinterIds(order, byId, q({ filter: 'printing' }))).toEqual(['2', '1']);
    expect(visiblePrinterIds(order, byId, q({ filter: 'offline' }))).toEqual(['5']);
    expect(visiblePrinterIds(order, byId, q({ filter: 'attention' }))).toEqual(['6', '7']);
    expect(filterCounts(order, byId)).toEqual({
      all: 7,
      printing: 2,
      paused: 1,
      attention: 2,
      idle: 2,
      offline: 1,
    });
  });

  it('searches name, model and serial, case-insensitive', () => {
    expect(visiblePrinterIds(order, byId, q({ search: 'a1 MINI' }))).toEqual(['4']);
    expect(visiblePrinterIds(order, byId, q({ search: '0000003' }))).toEqual(['3']);
    expect(visiblePrinterIds(order, byId, q({ search: 'rack 1' }))).toEqual(['1']);
  });

  it('sorts by finish time (soonest first, not printing last) and by progress', () => {
    expect(visiblePrinterIds(order, byId, q({ sort: 'finish' })).slice(0, 2)).toEqual(['2', '1']);
    expect(visiblePrinterIds(order, byId, q({ sort: 'progress' })).slice(0, 2)).toEqual(['2', '1']);
  });
});
