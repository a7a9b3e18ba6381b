import { describe, expect, it } from 'vitest';
import type { PrinterView } from '../../shared/contract/farm-schemas.ts';
import { applyBatch, emptyPrinters, fromSnapshot } from './printers-reducer.ts';

const view = (id: string, name = id): PrinterView => ({
  id,
  name,
  host: '127.0.0.1',
  port: 8883,
  serial: `SERIAL${id}`,
  hasAccessCode: true,
  tlsMode: 'bambu-ca',
  connection: { status: 'online', since: 0, error: null },
  control: 'allowed',
  state: null,
});

describe('printers reducer', () => {
  const base = fromSnapshot({ seq: 4, printers: [view('a'), view('b')] });

  it('ignores batches before the first snapshot', () => {
    expect(applyBatch(emptyPrinters, { seq: 1, printers: [view('a')], removed: [] })).toBe(
      emptyPrinters,
    );
  });

  it('applies the next batch and keeps untouched printers identical (one card re-renders)', () => {
    const next = applyBatch(base, { seq: 5, printers: [view('a', 'renamed')], removed: [] });
    if (next === 'resync') throw new Error('unexpected resync');
    expect(next.byId['a']?.name).toBe('renamed');
    expect(next.byId['b']).toBe(base.byId['b']);
    expect(next.order).toBe(base.order);
    expect(next.seq).toBe(5);
  });

  it('appends new printers and drops removed ones', () => {
    const next = applyBatch(base, { seq: 5, printers: [view('c')], removed: ['a'] });
    if (next === 'resync') throw new Error('unexpected resync');
    expect(next.order).toEqual(['b', 'c']);
    expect(next.byId['a']).toBeUndefined();
  });

  it('ignores stale batches and asks for a snapshot after a gap', () => {
    expect(applyBatch(base, { seq: 4, printers: [view('a', 'old')], removed: [] })).toBe(base);
    expect(applyBatch(base, { seq: 7, printers: [], removed: [] })).toBe('resync');
  });
});
