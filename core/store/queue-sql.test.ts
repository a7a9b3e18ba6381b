import { describe, expect, it } from 'vitest';
import { retrying, sqlState } from './queue-sql.ts';

const failure = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { code });

describe('queue SQL helpers', () => {
  it('reads the SQLSTATE of a driver error, also when drizzle wraps it', () => {
    expect(sqlState(failure('40P01'))).toBe('40P01');
    expect(sqlState(new Error('wrapped', { cause: failure('23505') }))).toBe('23505');
    expect(sqlState(new Error('plain'))).toBeUndefined();
  });

  it('runs a transaction again after a deadlock, at most three times, and nothing else', async () => {
    let calls = 0;
    const twice = await retrying(() =>
      ++calls < 3
        ? Promise.reject(new Error('wrapped', { cause: failure('40P01') }))
        : Promise.resolve('done'),
    );
    expect([twice, calls]).toEqual(['done', 3]);

    calls = 0;
    const always = retrying(() => {
      calls++;
      return Promise.reject(failure('40001'));
    });
    await expect(always).rejects.toThrow('sqlstate 40001');
    expect(calls).toBe(3);

    calls = 0;
    const other = retrying(() => {
      calls++;
      return Promise.reject(failure('23505'));
    });
    await expect(other).rejects.toThrow('sqlstate 23505');
    expect(calls).toBe(1);
  });
});
