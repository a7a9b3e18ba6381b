import { describe, expect, it } from 'vitest';
import { queueTuningFromEnv } from './queue-tuning.ts';

describe('FARMDECK_QUEUE_TUNING', () => {
  it('is optional', () => {
    expect(queueTuningFromEnv({})).toBeUndefined();
    expect(queueTuningFromEnv({ FARMDECK_QUEUE_TUNING: ' ' })).toBeUndefined();
  });

  it('reads the queue timing', () => {
    const env = { FARMDECK_QUEUE_TUNING: '{"leaseTtlMs":3000,"heartbeatMs":500,"tickMs":400}' };
    expect(queueTuningFromEnv(env)).toEqual({ leaseTtlMs: 3000, heartbeatMs: 500, tickMs: 400 });
  });

  it('refuses what it cannot use, saying why', () => {
    expect(() => queueTuningFromEnv({ FARMDECK_QUEUE_TUNING: '{lease' })).toThrow(/not JSON/);
    expect(() => queueTuningFromEnv({ FARMDECK_QUEUE_TUNING: '{"leaseTTL":3000}' })).toThrow(
      /allowed: instanceId, leaseTtlMs/,
    );
    expect(() => queueTuningFromEnv({ FARMDECK_QUEUE_TUNING: '{"tickMs":-1}' })).toThrow(/tickMs/);
    expect(() =>
      queueTuningFromEnv({ FARMDECK_QUEUE_TUNING: '{"leaseTtlMs":1000,"heartbeatMs":800}' }),
    ).toThrow(/at most half of leaseTtlMs/);
  });
});
