import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PatchCoalescer, type CoalescedBatch } from './patch-coalescer.ts';

describe('PatchCoalescer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('flushes one batch per window with every printer that changed, however often', () => {
    const batches: CoalescedBatch[] = [];
    const c = new PatchCoalescer((b) => batches.push(b), 120);
    for (let i = 0; i < 50; i++) c.markChanged(i % 2 === 0 ? 'a' : 'b');
    vi.advanceTimersByTime(119);
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(batches).toHaveLength(1);
    expect([...(batches[0]?.changed ?? [])].sort()).toEqual(['a', 'b']);
    expect(batches[0]?.seq).toBe(1);
  });

  it('numbers batches consecutively and sends nothing when nothing changed', () => {
    const batches: CoalescedBatch[] = [];
    const c = new PatchCoalescer((b) => batches.push(b), 100);
    c.markChanged('a');
    vi.advanceTimersByTime(100);
    vi.advanceTimersByTime(1000);
    c.markChanged('a');
    vi.advanceTimersByTime(100);
    expect(batches.map((b) => b.seq)).toEqual([1, 2]);
    expect(c.seq).toBe(2);
  });

  it('the window starts at the first mark: later marks do not postpone the flush', () => {
    const batches: CoalescedBatch[] = [];
    const c = new PatchCoalescer((b) => batches.push(b), 100);
    c.markChanged('a');
    vi.advanceTimersByTime(60);
    c.markChanged('b');
    vi.advanceTimersByTime(40);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.changed.has('b')).toBe(true);
  });

  it('a removal wins over an earlier change and a change over an earlier removal', () => {
    const batches: CoalescedBatch[] = [];
    const c = new PatchCoalescer((b) => batches.push(b), 100);
    c.markChanged('a');
    c.markRemoved('a');
    c.markRemoved('b');
    c.markChanged('b');
    c.flush();
    expect([...(batches[0]?.removed ?? [])]).toEqual(['a']);
    expect([...(batches[0]?.changed ?? [])]).toEqual(['b']);
  });

  it('close drops pending marks and stops the timer', () => {
    const onFlush = vi.fn();
    const c = new PatchCoalescer(onFlush, 100);
    c.markChanged('a');
    c.close();
    vi.advanceTimersByTime(1000);
    c.markChanged('b');
    vi.advanceTimersByTime(1000);
    expect(onFlush).not.toHaveBeenCalled();
  });
});
