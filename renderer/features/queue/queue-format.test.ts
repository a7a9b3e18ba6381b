import { describe, expect, it } from 'vitest';
import type { CopyCounts, QueueJobView } from '../../../shared/contract/queue-schemas.ts';
import {
  countsText,
  donePercent,
  fromLocalInput,
  jobActions,
  jobPhase,
  notBeforeText,
  priorityText,
  toLocalInput,
} from './queue-format.ts';

const counts = (c: Partial<CopyCounts>): CopyCounts => ({
  queued: 0,
  dispatched: 0,
  printing: 0,
  done: 0,
  failed: 0,
  held: 0,
  cancelled: 0,
  ...c,
});
const job = (c: Partial<CopyCounts>) => ({ counts: counts(c) }) as QueueJobView;

describe('queue formatting', () => {
  it('sums up the copies of a job', () => {
    expect(countsText(counts({ queued: 2, printing: 1, dispatched: 1, done: 1, failed: 1 }))).toBe(
      '1 of 6 done · 2 printing · 2 queued · 1 failed',
    );
    expect(countsText(counts({ done: 3, cancelled: 2, held: 1 }))).toBe(
      '3 of 4 done · 1 held · 2 cancelled',
    );
    expect(donePercent(counts({ done: 1, queued: 3 }))).toBe(25);
    expect(donePercent(counts({ cancelled: 2 }))).toBe(0);
  });

  it('names the phase of a job and the actions it allows', () => {
    expect(jobPhase(job({ queued: 1, printing: 1 }))).toBe('printing');
    expect(jobPhase(job({ queued: 1, done: 1 }))).toBe('waiting');
    expect(jobPhase(job({ held: 1, done: 1 }))).toBe('held');
    expect(jobPhase(job({ done: 2, failed: 1 }))).toBe('finished');
    expect(jobPhase(job({ cancelled: 2 }))).toBe('cancelled');
    expect(jobActions(job({ queued: 1, printing: 1 }))).toEqual({
      cancel: true,
      requeue: false,
      remove: false,
    });
    expect(jobActions(job({ held: 1 }))).toEqual({ cancel: true, requeue: true, remove: false });
    expect(jobActions(job({ done: 1, failed: 1 }))).toEqual({
      cancel: false,
      requeue: true,
      remove: true,
    });
  });

  it('shows "not before" only while it is ahead, and round-trips datetime-local', () => {
    const now = new Date(2026, 11, 5, 9, 0).getTime();
    expect(notBeforeText(null, now)).toBeNull();
    expect(notBeforeText(now - 1, now)).toBeNull();
    expect(notBeforeText(new Date(2026, 11, 5, 14, 0).getTime(), now)).toMatch(
      /^not before (14[:.]00|0?2:00\sPM)/,
    );
    expect(notBeforeText(new Date(2026, 11, 7, 8, 30).getTime(), now)).toMatch(/7/);
    const t = new Date(2026, 11, 5, 14, 5).getTime();
    expect(toLocalInput(t)).toBe('2026-12-05T14:05');
    expect(fromLocalInput('2026-12-05T14:05')).toBe(t);
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('soon')).toBeNull();
    expect(priorityText(5)).toBe('+5');
    expect(priorityText(-2)).toBe('-2');
  });
});
