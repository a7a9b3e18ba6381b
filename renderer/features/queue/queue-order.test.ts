import { describe, expect, it } from 'vitest';
import type { QueueJobView } from '../../../shared/contract/queue-schemas.ts';
import { applyMove, breaksPriority, dropMove, keepUnchanged, stepMove } from './queue-order.ts';

const ids = ['a', 'b', 'c', 'd'];
const moved = (jobId: string, beforeJobId: string | null) =>
  applyMove(ids, (id) => id, jobId, beforeJobId).join('');

describe('queue order', () => {
  it('moves a job before another or to the end', () => {
    expect(moved('d', 'a')).toBe('dabc');
    expect(moved('a', 'c')).toBe('bacd');
    expect(moved('b', null)).toBe('acdb');
    expect(moved('x', 'a')).toBe('abcd');
    expect(moved('a', 'gone')).toBe('bcda');
  });

  it('steps one place up or down, and not past either end', () => {
    expect(stepMove(ids, 'c', -1)).toEqual({ beforeJobId: 'b' });
    expect(stepMove(ids, 'b', 1)).toEqual({ beforeJobId: 'd' });
    expect(stepMove(ids, 'c', 1)).toEqual({ beforeJobId: null });
    expect(stepMove(ids, 'a', -1)).toBeNull();
    expect(stepMove(ids, 'd', 1)).toBeNull();
    const step = stepMove(ids, 'b', 1);
    expect(step && moved('b', step.beforeJobId)).toBe('acbd');
  });

  it('turns a drop on the upper or lower half of a row into a move, or nothing', () => {
    expect(dropMove(ids, 'd', 'b', false)).toEqual({ beforeJobId: 'b' });
    expect(dropMove(ids, 'a', 'c', true)).toEqual({ beforeJobId: 'd' });
    expect(dropMove(ids, 'a', 'd', true)).toEqual({ beforeJobId: null });
    expect(dropMove(ids, 'b', 'b', false)).toBeNull();
    expect(dropMove(ids, 'b', 'a', true)).toBeNull();
    expect(dropMove(ids, 'b', 'c', false)).toBeNull();
    expect(dropMove(ids, 'b', 'zz', false)).toBeNull();
  });

  it('sees an order that puts a lower priority first', () => {
    expect(breaksPriority([5, 5, 0, -1])).toBe(false);
    expect(breaksPriority([0, 5])).toBe(true);
    expect(breaksPriority([])).toBe(false);
  });

  it('keeps the objects of jobs that did not change', () => {
    const job = (jobId: string, done: number) =>
      ({ jobId, counts: { done }, copies: [] }) as unknown as QueueJobView;
    const prev = [job('a', 0), job('b', 0)];
    const next = keepUnchanged(prev, [job('b', 1), job('a', 0), job('c', 0)]);
    expect(next[1]).toBe(prev[0]);
    expect(next[0]).not.toBe(prev[1]);
    expect(next.map((j) => j.jobId)).toEqual(['b', 'a', 'c']);
  });
});
