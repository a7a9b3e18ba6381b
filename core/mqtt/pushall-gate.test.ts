import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PushallGate } from './pushall-gate.ts';

describe('PushallGate', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends at once, defers a second request to the end of the 3 s window', () => {
    const sent: number[] = [];
    const gate = new PushallGate(
      'S1',
      () => (sent.push(Date.now()), true),
      () => Date.now(),
    );
    expect(gate.request()).toBe(0);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(gate.request()).toBe(2000);
    expect(gate.request()).toBe(2000);
    vi.advanceTimersByTime(1999);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(2);
    expect(sent[1]! - sent[0]!).toBe(3000);
  });

  it('waiters resolve on the next full report, or time out naming pushall', async () => {
    const gate = new PushallGate(
      'S1',
      () => true,
      () => Date.now(),
    );
    const a = gate.waitForFullReport(5000);
    gate.fullReport();
    await expect(a).resolves.toBeUndefined();
    const b = gate.waitForFullReport(5000).catch((e: unknown) => e);
    vi.advanceTimersByTime(3000 + 5000);
    expect(await b).toMatchObject({ code: 'timeout', command: 'pushall' });
  });
});
